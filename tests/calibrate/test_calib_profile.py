"""The week profile and rate of a fit window shorter than a week."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from itsim.analysis.calibrate.profile import exposure, hour_of_week_profile, profile_rate


def _window_and_earlier():
    """A window Monday to Thursday noon whose Wednesday is three times as busy as Monday and
    Tuesday, and an earlier fortnight with one arrival an hour on weekdays and one every four
    hours at weekends."""
    start, end = pd.Timestamp("2016-03-07"), pd.Timestamp("2016-03-10 12:00")
    quiet = pd.date_range(start, "2016-03-09", freq="h", inclusive="left")
    busy = pd.date_range("2016-03-09", end, freq="20min", inclusive="left")
    window = pd.Series(quiet.append(busy))
    hours = pd.date_range("2016-02-22", start, freq="h", inclusive="left")
    weekend = hours.day_of_week >= 5
    earlier = pd.Series(hours[~weekend].append(hours[weekend][::4]))
    return window, earlier, start, end


def test_an_unseen_weekday_is_like_the_windows_own_weekdays():
    window, earlier, start, end = _window_and_earlier()
    both = pd.concat([earlier, window], ignore_index=True)
    profile = np.asarray(hour_of_week_profile(window, start, end, both)).reshape(7, 24)
    # Friday morning: the mean of Monday to Thursday (1, 1, 3, 3 an hour), not the earlier
    # weeks' 1; Friday afternoon: of Monday to Wednesday (Thursday afternoon was not seen)
    np.testing.assert_allclose(profile[4, :12], 2.0 * profile[0, :12], rtol=1e-3)
    np.testing.assert_allclose(profile[4, 12:], 5.0 / 3.0 * profile[0, 12:], rtol=1e-3)
    # the weekend, which the window never saw, takes the earlier weeks' shape (a quarter of
    # their weekday rate), scaled up to the window's busier level
    weekend = profile[5:].mean() / profile[0].mean()
    assert 0.25 < weekend < 0.5
    np.testing.assert_allclose(profile[5], profile[6], rtol=0.05)


def test_rate_reproduces_the_windows_count_with_its_profile():
    window, earlier, start, end = _window_and_earlier()
    both = pd.concat([earlier, window], ignore_index=True)
    profile = hour_of_week_profile(window, start, end, both)
    rate = profile_rate(len(window), profile, start, end)
    expected = rate * float(np.dot(exposure(start, end), profile))
    assert expected == pytest.approx(len(window), rel=1e-3)
    # a window of busy weekdays is not a busy week: the weekly mean rate is lower
    assert rate < len(window) / ((end - start) / pd.Timedelta(hours=1))


def test_whole_weeks_give_count_over_hours():
    start, end = pd.Timestamp("2016-03-07"), pd.Timestamp("2016-03-21")
    opened = pd.Series(pd.date_range(start, end, freq="37min", inclusive="left"))
    profile = hour_of_week_profile(opened, start, end)
    hours = (end - start) / pd.Timedelta(hours=1)
    assert profile_rate(len(opened), profile, start, end) == pytest.approx(
        len(opened) / hours, rel=1e-3
    )


def _backlog_then_steady(first_day_hours: float) -> pd.DataFrame:
    """A week of tickets from Monday 2012-04-30: Monday's take ``first_day_hours`` to resolve
    (the backlog an extract starts with), the other days' half an hour."""
    opened = pd.Series(pd.date_range("2012-04-30", "2012-05-05", freq="10min", inclusive="left"))
    hours = np.where(opened.dt.day_of_week == 0, first_day_hours, 0.5)
    return pd.DataFrame({"opened_at": opened, "resolved": True, "resolve_hours": hours})


def test_a_short_window_drops_leading_backlog_days():
    from itsim.analysis.calibrate.window import start_up_days

    start, end = pd.Timestamp("2012-04-30"), pd.Timestamp("2012-05-05")
    assert start_up_days(_backlog_then_steady(50.0), start, end) == 1
    assert start_up_days(_backlog_then_steady(0.6), start, end) == 0  # no transient
    long_end = start + pd.Timedelta(weeks=6)  # long enough for the weekly rule: not by days
    assert start_up_days(_backlog_then_steady(50.0), start, long_end) == 0


def test_simulation_clock_starts_on_the_monday_of_the_windows_first_week():
    from types import SimpleNamespace

    from itsim.analysis.calibrate.check import Span, simulated_in
    from itsim.analysis.calibrate.emit import WARMUP_DAYS
    from itsim.analysis.calibrate.fit import Calibration

    start = pd.Timestamp("2012-05-01 00:00")  # a Tuesday: Monday was dropped as a transient
    origin = Calibration.sim_origin.fget(SimpleNamespace(window_start=start))
    assert origin == pd.Timestamp("2012-04-30")
    cal = SimpleNamespace(
        window_start=start, sim_origin=origin, log_end=None, first_resolution=False
    )
    # a ticket created at 10:00 on the simulation's first Tuesday stands for Tuesday 10:00
    created = WARMUP_DAYS * 24.0 + 24.0 + 10.0
    simulated = pd.DataFrame(
        {"created_hours": [created], "kind": ["incident"], "status": ["resolved"]}
    )
    simulated["resolved_hours"] = created + 1.0
    arrived, done = simulated_in(cal, simulated, Span(start, start + pd.Timedelta(days=1)))
    assert len(arrived) == len(done) == 1
    monday = Span(origin, start)
    assert simulated_in(cal, simulated, monday)[0].empty


def test_a_log_of_first_resolutions_is_compared_with_the_first_simulated_ones():
    from types import SimpleNamespace

    from itsim.analysis.calibrate.check import Span, simulated_in
    from itsim.analysis.calibrate.emit import WARMUP_DAYS

    start = pd.Timestamp("2012-04-30 00:00")
    created = WARMUP_DAYS * 24.0 + 10.0
    simulated = pd.DataFrame({
        "created_hours": [created, created], "kind": ["incident"] * 2,
        "status": ["resolved", "open"],  # the second was reopened and is not done again yet
        "resolved_hours": [created + 40.0, float("nan")],
        "resolve_hours": [40.0, float("nan")],
        "first_resolved_hours": [created + 2.0, created + 3.0],
    })  # fmt: skip
    span = Span(start, start + pd.Timedelta(days=1))
    for first, hours in ((False, [40.0]), (True, [2.0, 3.0])):
        cal = SimpleNamespace(sim_origin=start, log_end=None, first_resolution=first)
        _, done = simulated_in(cal, simulated, span)
        assert done["resolve_hours"].tolist() == hours
