"""Honest waits (open tickets counted to the horizon), occupancy beside paid-time utilisation,
and the benchmark cost per desk ticket."""

from __future__ import annotations

import numpy as np
import pytest

from itsim.config.load import apply_overrides, load_scenario
from itsim.experiment.runner import run_one
from tests.conftest import make_scenario

OVERLOADED = {"teams.desk.headcount": 1, "company.employees": 900, "horizon_days": 42}


@pytest.fixture(scope="module")
def overloaded():
    """One analyst for 900 users: the queue grows all run, many tickets never start."""
    return run_one(make_scenario(OVERLOADED), 11, 0)


def test_unstarted_tickets_count_in_the_mean_wait_with_their_wait_so_far(overloaded):
    tickets, kpis = overloaded.tables["tickets"], overloaded.kpis
    win = tickets[tickets["in_window"] & (tickets["status"] != "deflected")]
    horizon = 42 * 24.0
    unstarted = win["responded_hours"].isna()
    assert unstarted.mean() > 0.2  # the case the old mean silently dropped
    so_far = np.where(unstarted, horizon - win["created_hours"], win["wait_hours"])
    assert kpis["wait_hours_mean"] == pytest.approx(so_far.mean())
    assert kpis["wait_hours_mean"] > win["wait_hours"].mean()  # the started-only mean
    assert kpis["wait_censored_share"] == pytest.approx(unstarted.mean())
    started_waited = (win["wait_hours"] > 1e-9).sum()
    assert kpis["p_wait"] == pytest.approx((started_waited + unstarted.sum()) / len(win))


def test_open_tickets_count_in_resolve_times_as_a_lower_bound(overloaded):
    tickets, kpis = overloaded.tables["tickets"], overloaded.kpis
    win = tickets[tickets["in_window"] & (tickets["status"] != "deflected")]
    done = win.loc[win["status"] == "resolved", "resolve_hours"]
    assert kpis["resolve_censored_share"] == pytest.approx((win["status"] == "open").mean())
    assert kpis["resolve_hours_mean"] > done.mean()
    assert kpis["resolve_hours_p90"] >= done.quantile(0.9)


def test_a_well_staffed_desk_has_little_censored():
    kpis = run_one(make_scenario({"teams.desk.headcount": 6, "teams.eng.headcount": 6}), 2, 0).kpis
    assert kpis["wait_censored_share"] <= kpis["resolve_censored_share"] < 0.05


def test_occupancy_is_busy_over_on_shift_and_utilisation_busy_over_paid_hours():
    scenario = apply_overrides(load_scenario("baseline"), {"horizon_days": 70})
    result = run_one(scenario, 3, 0)
    team, staff = result.tables["team_daily"], result.tables["staff_daily"]
    team, staff = team[team["day"] >= 28], staff[staff["day"] >= 28]
    desk, people = team[team["team"] == "desk"], staff[staff["team"] == "desk"]
    busy = desk["busy_hours"].sum()
    paid = (len(people) * 2080 / 365) + (people["overtime_hours"] + people["callout_hours"]).sum()
    assert result.kpis["occupancy_desk"] == pytest.approx(busy / desk["available_hours"].sum())
    assert result.kpis["utilisation_desk"] == pytest.approx(busy / paid)
    assert result.kpis["utilisation_desk"] < 0.85 * result.kpis["occupancy_desk"]


def test_without_rosters_utilisation_equals_occupancy():
    kpis = run_one(make_scenario(), 2, 0).kpis
    assert kpis["utilisation_desk"] == pytest.approx(kpis["occupancy_desk"])


def test_desk_cost_per_ticket_is_the_desk_payroll_over_the_tickets_it_touched():
    result = run_one(make_scenario(), 4, 0)
    tickets = result.tables["tickets"]
    touched = (tickets["in_window"] & tickets["responded_hours"].notna()).sum()
    desk_payroll = 3 * 60000 * 1.46 * (56 - 7) / 365  # three analysts over the window
    assert result.kpis["cost_per_desk_ticket_usd"] == pytest.approx(desk_payroll / touched)
    assert result.kpis["cost_per_desk_ticket_usd"] < result.kpis["cost_per_ticket_usd"]
