"""Windows end at the last arrival, the holdout split, regime shifts, office day, SLA targets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from itsim.analysis.calibrate.check import Span
from itsim.analysis.calibrate.fidelity import cdf_at, cdf_error, covered_hours
from itsim.analysis.calibrate.fit import LAST_ARRIVAL_MARGIN, fit_all, steady_window
from itsim.analysis.calibrate.officeday import infer_office_day, parse_office_hours
from itsim.analysis.calibrate.profile import exposure, hour_of_week_profile
from itsim.analysis.calibrate.readers import parse_times
from itsim.analysis.calibrate.sla import fit_sla_targets
from itsim.analysis.calibrate.window import holdout_cut, resolution_regime_shift
from itsim.analysis.calibrate.worktime import WorkWeek, span_of_working_hours
from itsim.errors import InputError


def _tickets(opened, hours):
    opened = pd.Series(pd.to_datetime(opened))
    return pd.DataFrame({"opened_at": opened, "resolved": True, "resolve_hours": hours})


def test_window_ends_just_after_the_last_arrival_not_at_the_week_end():
    opened = pd.Series(pd.date_range("2012-04-30", "2012-05-03 12:00", freq="7h"))
    start, end = steady_window(opened)
    assert start == pd.Timestamp("2012-04-30")
    assert end == opened.max() + LAST_ARRIVAL_MARGIN  # Thursday, not Monday 7 May


def test_holdout_cut_leaves_the_last_share_of_tickets():
    opened = pd.Series(pd.date_range("2016-03-07", periods=300, freq="3h"))
    cut = holdout_cut(opened, opened.min(), opened.max() + pd.Timedelta(minutes=1), 0.33)
    assert (opened >= cut).sum() == 99


def test_holdout_fits_only_the_earlier_tickets(uci_tickets):
    full = fit_all(uci_tickets, seed=1)
    held = fit_all(uci_tickets, seed=1, holdout=0.33)
    assert held.holdout_start == held.window_end and held.holdout_end == full.window_end
    # the start-up transient is judged on the fit part alone, so the start may differ
    opened = uci_tickets["opened_at"]
    window = ((opened >= held.window_start) & (opened < held.holdout_end)).sum()
    assert held.tickets_in_window == pytest.approx(0.67 * window, abs=2)


def test_cusum_flags_a_shift_in_weekly_median_resolution_time():
    rng = np.random.default_rng(3)
    opened = pd.date_range("2016-03-07", periods=12 * 7 * 10, freq="2h24min")
    weeks = (opened - opened[0]).days // 7
    hours = rng.lognormal(np.where(weeks < 6, 0.0, 2.0), 0.5)
    start, end = opened[0], opened[-1] + pd.Timedelta(hours=1)
    assert "shifts" in resolution_regime_shift(_tickets(opened, hours), start, end)
    steady = rng.lognormal(0.0, 0.5, size=opened.size)
    assert resolution_regime_shift(_tickets(opened, steady), start, end) is None


def test_office_day_is_inferred_from_when_the_log_is_updated():
    days = pd.date_range("2016-03-07", periods=20, freq="D")
    days = days[days.day_of_week < 5]
    times = pd.Series([d + pd.Timedelta(hours=h) for d in days for h in range(9, 17) for _ in "ab"])
    night = pd.Series([d + pd.Timedelta(hours=2) for d in days])
    week = infer_office_day(pd.concat([times, night]))
    assert (week.open_hour, week.close_hour) == (9.0, 17.0)
    assert parse_office_hours("07:30-16:00") == WorkWeek(7.5, 16.0)
    with pytest.raises(InputError):
        parse_office_hours("18-08")


def test_utc_offset_converts_to_local_time():
    values = pd.Series(["2016-03-01 12:00", "2012-05-02T03:02:45+01:00"])
    parsed, bad = parse_times(values, utc_offset_hours=-5.0)
    assert bad == 0
    assert parsed.iloc[0] == pd.Timestamp("2016-03-01 07:00")
    assert parsed.iloc[1] == pd.Timestamp("2012-05-01 21:02:45")  # 02:02:45 UTC, minus 5 h


def test_business_clock_span_crosses_nights_and_weekends():
    start = pd.Series(pd.to_datetime(["2016-03-04 16:00", "2016-03-07 09:00", "2016-03-07 20:00"]))
    spans = span_of_working_hours(start, np.array([4.0, 1.0, 0.0]), WorkWeek())
    np.testing.assert_allclose(spans, [66.0, 1.0, 0.0])  # Friday 16:00 + 4 h = Monday 10:00


def test_sla_target_is_the_made_share_quantile_and_agrees_with_the_flag():
    rng = np.random.default_rng(1)
    opened = pd.Series(pd.date_range("2016-03-07 08:00", periods=400, freq="37min"))
    hours = rng.exponential(10.0, size=400)
    done = pd.DataFrame({"opened_at": opened, "resolve_hours": hours, "priority": "P1",
                         "made_sla": hours <= 4.0,
                         "resolved_at": opened + pd.to_timedelta(hours, unit="h")})  # fmt: skip
    fitted = fit_sla_targets(done, {"P1": "24x7"}, WorkWeek())["P1"]
    assert fitted["resolve_hours"] == pytest.approx(4.0, rel=0.05)
    assert fitted["agreement"] > 0.98 and fitted["used"]


def test_cdf_error_is_the_largest_gap_at_the_four_points():
    a = np.array([0.5, 5.0, 20.0, 100.0])
    b = np.array([0.5, 0.6, 0.7, 100.0])
    np.testing.assert_allclose(cdf_at(a), [0.25, 0.5, 0.75, 1.0])
    assert cdf_error(a, b) == pytest.approx(0.5)  # at 1 h: 0.25 against 0.75


def test_a_short_span_covers_only_its_hours_of_the_week():
    span = Span(pd.Timestamp("2012-05-03 12:00"), pd.Timestamp("2012-05-05 00:00"))
    hours = covered_hours(span)
    assert hours.size == 36 and hours.min() == 3 * 24 + 12


def test_profile_counts_arrivals_per_observed_hour():
    # Monday 00:00 to Wednesday 12:00: Monday and Tuesday observed, Wednesday half, rest never
    start, end = pd.Timestamp("2016-03-07"), pd.Timestamp("2016-03-09 12:00")
    opened = pd.Series(pd.date_range(start, end, freq="30min", inclusive="left"))
    profile = np.asarray(hour_of_week_profile(opened, start, end)).reshape(7, 24)
    assert np.allclose(profile[:3, :12], profile[0, 0])  # equal rates where observed
    assert np.allclose(profile[3:5], profile[0, 0])  # unobserved weekdays: weekday mean
    np.testing.assert_allclose(exposure(start, end).reshape(7, 24)[2, 11:13], [1.0, 0.0])
