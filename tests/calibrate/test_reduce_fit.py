"""Reducing events to tickets, working hours, and the fits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from itsim.analysis.calibrate.distfit import fit_positive
from itsim.analysis.calibrate.fit import fit_all, transition_matrix
from itsim.analysis.calibrate.profile import hour_of_week_profile
from itsim.analysis.calibrate.worktime import WorkWeek, working_hours_between


def test_working_hours_skip_nights_and_weekends():
    start = pd.Series(pd.to_datetime(["2024-01-05 17:00", "2024-01-01 07:00"]))  # Fri, Mon
    end = pd.Series(pd.to_datetime(["2024-01-08 09:00", "2024-01-01 20:00"]))
    assert working_hours_between(start, end, WorkWeek()).tolist() == pytest.approx([2.0, 10.0])


def test_reduced_tickets_split_resolution(uci_tickets):
    done = uci_tickets[uci_tickets["resolved"]]
    assert len(uci_tickets) == 312
    assert (done["resolve_hours"] >= 0).all()
    assert not done["escalated"].all() and done["escalated"].any()
    assert (done["desk_hold_work_hours"] >= 0).all()
    pauses = done[[c for c in done.columns if c.startswith("pause_") and c.endswith("_hours")]]
    assert (pauses >= 0).all().all()


def test_bpic_levels_give_escalation_and_routing(bpic_tickets):
    assert set(bpic_tickets["max_level"]) <= {"L1", "L2", "L3"}
    escalated = bpic_tickets["escalated"]
    assert (bpic_tickets.loc[escalated, "max_level"] != "L1").all()
    routing = transition_matrix(bpic_tickets["level_path"])
    for row in routing.values():
        assert sum(row.values()) == pytest.approx(1.0)


def test_aic_picks_the_generating_family():
    rng = np.random.default_rng(3)
    data = stats.gamma(a=4.0, scale=0.5).rvs(size=3000, random_state=rng)
    fit = fit_positive(data, rng)
    assert fit is not None and fit.dist == "gamma"
    assert fit.mean_hours == pytest.approx(2.0, rel=0.05)
    assert fit.ks < 0.05


def test_fit_keeps_the_mean_of_spiky_data():
    rng = np.random.default_rng(4)
    data = np.r_[np.zeros(700), stats.lognorm(s=1.0, scale=20).rvs(size=300, random_state=rng)]
    fit = fit_positive(data, rng)
    assert fit is not None
    assert fit.mean_hours == pytest.approx(np.maximum(data, 1 / 60).mean(), rel=0.25)


def test_week_profile_has_mean_one_and_finds_the_peak():
    times = pd.Series(pd.to_datetime(["2024-01-01 09:30"] * 5 + ["2024-01-02 14:00"]))
    profile = hour_of_week_profile(times)
    assert len(profile) == 168
    assert np.mean(profile) == pytest.approx(1.0)
    assert int(np.argmax(profile)) == 9


def test_fit_all_on_extract(uci_tickets):
    cal = fit_all(uci_tickets, seed=1)
    assert sum(cal.priority_mix.values()) == pytest.approx(1.0)
    assert cal.rate_per_hour > 0
    assert 0 < cal.escalation_share < 1
    assert set(cal.handle["desk"]) == {"P1", "P2", "P3", "P4"}
    assert all(f.mean_hours > 0 and 0 <= f.ks <= 1 for f in cal.handle["desk"].values())
