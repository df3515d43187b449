"""Calendar, random streams, distributions and arrival processes, checked in isolation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itsim.config.schema import Calendar as CalendarSpec
from itsim.config.schema import Dist
from itsim.model.core.calendar import Calendar
from itsim.model.core.demand import arrival_times, hourly_intensity, week_profile
from itsim.model.core.distributions import quantile, sample
from itsim.model.core.streams import RandomStreams

CAL = Calendar(CalendarSpec(holidays=[dt.date(2027, 1, 6)]), horizon_days=28)


def test_shift_edges():
    assert CAL.next_open(0.0) == 8.0  # Monday 00:00 -> 08:00
    assert CAL.next_open(9.5) == 9.5
    assert CAL.close_after(9.5) == 18.0
    assert CAL.next_open(18.0) == 24 + 8.0
    # Wednesday 2027-01-06 is a holiday: Tuesday evening jumps to Thursday morning
    assert CAL.next_open(24 + 18.5) == 3 * 24 + 8.0
    # Friday evening jumps to Monday
    assert CAL.next_open(4 * 24 + 19) == 7 * 24 + 8.0


def test_business_deadline_skips_nights_weekends_and_holidays():
    friday_5pm = 4 * 24 + 17.0
    # 4 business hours from Friday 17:00: 1 h on Friday, 3 h on Monday -> Monday 11:00
    assert CAL.deadline(np.array([friday_5pm]), 4, "business")[0] == pytest.approx(7 * 24 + 11)
    # Tuesday 17:00 + 2 bh: Wednesday is a holiday -> Thursday 09:00
    assert CAL.deadline(np.array([24 + 17.0]), 2, "business")[0] == pytest.approx(3 * 24 + 9)
    assert CAL.deadline(np.array([friday_5pm]), 4, "24x7")[0] == friday_5pm + 4


@given(st.floats(0, 20 * 24), st.floats(0.01, 100))
def test_business_time_is_inverted_exactly(t, hours):
    due = CAL.add_business_hours(np.array([t]), hours)[0]
    elapsed = CAL.business_elapsed(np.array([due]))[0] - CAL.business_elapsed(np.array([t]))[0]
    assert elapsed == pytest.approx(hours, abs=1e-9)
    assert due >= t


def test_streams_are_reproducible_and_independent_of_each_other():
    a, b = RandomStreams(1, 0), RandomStreams(1, 0)
    first = a.uniforms("x", 5)
    b.uniforms("another stream used first", 100)
    assert np.array_equal(first, b.uniforms("x", 5))
    assert not np.array_equal(first, RandomStreams(1, 1).uniforms("x", 5))
    assert not np.array_equal(first, RandomStreams(2, 0).uniforms("x", 5))


@pytest.mark.parametrize("family", ["exponential", "lognormal", "gamma", "weibull"])
def test_distributions_have_the_stated_mean_and_cv(family):
    cv = 1.0 if family == "exponential" else 0.6
    spec = Dist(dist=family, mean=2.5, cv=cv)
    x = sample(spec, np.random.default_rng(3), 400_000)
    assert x.min() > 0
    assert x.mean() == pytest.approx(2.5, rel=0.01)
    assert x.std() / x.mean() == pytest.approx(cv, rel=0.02)


def test_quantile_is_monotone_in_u_so_crn_survives_parameter_changes():
    u = np.linspace(0.01, 0.99, 50)
    short, long_ = Dist(mean=1.0, cv=0.8), Dist(mean=2.0, cv=0.8)
    assert np.all(np.diff(quantile(short, u)) > 0)
    assert np.allclose(quantile(long_, u), 2 * quantile(short, u))


def test_fixed_distribution():
    assert np.all(quantile(Dist(dist="fixed", mean=3.0), np.array([0.1, 0.9])) == 3.0)


def test_week_profile_is_normalised_and_office_shaped():
    office = week_profile("office")
    assert office.shape == (168,) and office.mean() == pytest.approx(1.0)
    assert office[9] > office[12] > office[3]  # Monday 09:00 peak, lunch dip, night
    assert office[:24].sum() > office[4 * 24 : 5 * 24].sum() > office[5 * 24 : 6 * 24].sum()


@settings(deadline=None, max_examples=10)
@given(st.floats(0.5, 20))
def test_nhpp_counts_match_the_intensity(rate):
    intensity = hourly_intensity(rate, week_profile("office"), 0.0, 28, np.zeros(400, bool))
    times = arrival_times(intensity, np.random.default_rng(11))
    expected = intensity.sum()
    assert abs(times.size - expected) < 5 * np.sqrt(expected)
    assert np.all(np.diff(times) >= 0) and times.max() < 28 * 24


def test_growth_and_holidays_shape_intensity():
    holidays = np.zeros(800, bool)
    holidays[2] = True  # a Wednesday
    flat = hourly_intensity(1.0, week_profile("office"), 0.0, 364, np.zeros(800, bool))
    grown = hourly_intensity(1.0, week_profile("office"), 0.10, 364, np.zeros(800, bool))
    assert grown[-168:].sum() / flat[-168:].sum() == pytest.approx(1.10, rel=0.01)
    hol = hourly_intensity(1.0, week_profile("office"), 0.0, 364, holidays)
    assert hol[2 * 24 : 3 * 24].sum() == pytest.approx(flat[5 * 24 : 6 * 24].sum())
