"""Leadership levers: ramps (not steps), fees from day one, deflection with common random
numbers, conservation with deflected tickets, demand management and vendor savings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from itsim.config.leadership_schema import Lever
from itsim.experiment.runner import run_one
from itsim.model.build import simulate
from itsim.model.opmodels.leadership import ramp_fraction
from tests.conftest import make_scenario

HOURS_PER_MONTH = 8760 / 12
FEE = 12000.0
LONG = {"horizon_days": 210, "warmup_days": 0}


def leader(levers, **fields):
    return {"leadership": {"fractional_cio": {"monthly_fee_usd": FEE, "levers": levers} | fields}}


def test_ramp_is_linear_between_start_and_full_effect():
    lever = Lever(magnitude=0.4, ramp_months=4, start_month=1)
    months = [0, 1, 2, 3, 5, 9]
    values = [ramp_fraction(lever, m * HOURS_PER_MONTH) for m in months]
    assert values == pytest.approx([0.0, 0.0, 0.25, 0.5, 1.0, 1.0])
    step = Lever(magnitude=0.4, ramp_months=0)
    assert ramp_fraction(step, 1.0) == 1.0


def test_self_service_ramps_in_over_months_while_the_fee_is_charged_from_day_one():
    levers = {"self_service": {"magnitude": 0.6, "ramp_months": 4}}
    out = simulate(make_scenario(LONG | leader(levers)), 11, 0)
    eligible = [t for t in out.tickets if t.kind == "request" and t.category == "access"]
    month = np.array([int(t.created // HOURS_PER_MONTH) for t in eligible])
    deflected = np.array([t.deflected for t in eligible])
    share = [deflected[month == m].mean() for m in range(6)]
    # a ramp: each of the first four months deflects more than the one before, the first far
    # below full effect, and from month five on the share sits at the full magnitude
    assert all(np.diff(share[:5]) > 0), share
    assert share[0] < 0.25 * 0.6 and share[1] < share[3] < 0.6
    assert share[4] == pytest.approx(0.6, abs=0.08) and share[5] == pytest.approx(0.6, abs=0.08)
    fee_days = [(d, usd) for d, c, _i, usd in out.cost_rows if c == "leadership"]
    assert fee_days[0] == (0, pytest.approx(FEE * 12 / 365))
    assert len(fee_days) == 210 and len({round(usd, 9) for _d, usd in fee_days}) == 1


def test_deflected_tickets_are_counted_in_conservation():
    levers = {"self_service": {"magnitude": 0.5, "ramp_months": 1},
              "problem_management": {"magnitude": 1.0, "repeat_share": 0.3, "ramp_months": 1},
              "security": {"magnitude": 0.9, "ramp_months": 0}}  # fmt: skip
    out = simulate(make_scenario(LONG | leader(levers) | {"msp": {"mode": "after_hours"}}), 4, 0)
    arrived, resolved, open_end = out.flow.arrived, out.flow.resolved, out.flow.in_system_end
    deflected = out.flow.deflected
    assert deflected > 0 and arrived == len(out.tickets)
    assert arrived == resolved + open_end + deflected
    assert deflected == sum(t.deflected for t in out.tickets)
    reasons = {t.resolver for t in out.tickets if t.deflected}
    assert reasons == {"self_service", "problem_management", "security"}
    assert all(t.resolved != t.resolved for t in out.tickets if t.deflected)  # never resolved


def test_arms_see_the_same_arrivals_except_what_is_deflected():
    levers = {"self_service": {"magnitude": 0.3}, "problem_management": {"magnitude": 0.8}}
    base = run_one(make_scenario(LONG), 8, 1).tables["tickets"]
    arm = run_one(make_scenario(LONG | leader(levers)), 8, 1).tables["tickets"]
    cols = ["ticket_id", "kind", "created_hours", "priority", "category"]
    pd.testing.assert_frame_equal(base[cols], arm[cols])
    gone = arm["status"] == "deflected"
    assert gone.any() and not (base["status"] == "deflected").any()
    # the deflected tickets of a weaker portal are a subset of a stronger portal's
    stronger = leader(
        {"self_service": {"magnitude": 0.6}, "problem_management": {"magnitude": 0.8}}
    )
    more = run_one(make_scenario(LONG | stronger), 8, 1).tables["tickets"]
    assert (more.loc[gone, "status"] == "deflected").all()
    assert (more["status"] == "deflected").sum() > gone.sum()


def test_same_seed_gives_identical_tables_with_operating_models_on():
    spec = LONG | leader({"self_service": {}, "knowledge_management": {}}) | {"msp": {}}
    a, b = (run_one(make_scenario(spec), 3, 0).tables for _ in range(2))
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_knowledge_management_raises_first_contact_resolution_over_its_ramp():
    base = run_one(make_scenario(LONG), 2, 0)
    km = run_one(make_scenario(LONG | leader({"knowledge_management": {"magnitude": 0.2}})), 2, 0)
    assert km.kpis["escalation_share"] < base.kpis["escalation_share"] - 0.05
    assert km.kpis["utilisation_desk"] < base.kpis["utilisation_desk"]


def test_demand_management_turns_away_the_lowest_value_projects_and_sets_the_wip_limit():
    spec = LONG | {"demand.projects.per_month": 8, "demand.projects.wip_limit": 4}
    levers = {"demand_management": {"magnitude": 0.3, "ramp_months": 0, "wip_limit": 1}}
    result = run_one(make_scenario(spec | leader(levers)), 5, 0)
    projects = result.tables["projects"]
    rejected = projects[projects["status"] == "rejected"]
    kept = projects[projects["status"] != "rejected"]
    assert 0 < len(rejected) < len(projects)
    assert rejected["value_per_week_usd"].max() < kept["value_per_week_usd"].min()
    assert result.kpis["projects_rejected"] == len(rejected)
    active = [
        ((kept["started_hours"] <= t) & ~(kept["finished_hours"] <= t)).sum()
        for t in np.arange(48.0, 210 * 24, 24.0)
    ]
    assert max(active) == 1


def test_vendor_management_cuts_licence_spend_as_it_ramps():
    costs = {"it_costs": {"licences_per_user_per_month_usd": 36.0}}
    levers = {"vendor_management": {"magnitude": 0.1, "ramp_months": 2}}
    out = simulate(make_scenario(LONG | costs | leader(levers)), 1, 0)
    spend = {d: usd for d, c, i, usd in out.cost_rows if (c, i) == ("licences", "licences")}
    savings = {d: usd for d, c, i, usd in out.cost_rows if i == "vendor_management"}
    assert spend[0] == pytest.approx(300 * 36 * 12 / 365)
    for day in (10, 30, 90, 150):
        r = min(1.0, day * 24 / HOURS_PER_MONTH / 2)
        assert savings[day] == pytest.approx(-0.1 * r * spend[day])


def test_security_lever_prevents_p1_incidents():
    mix = {"demand.incidents.priority_mix": {"P1": 0.2, "P2": 0.1, "P3": 0.4, "P4": 0.3}}
    out = simulate(make_scenario(LONG | mix | leader({"security": {"magnitude": 0.5}})), 3, 0)
    p1 = [t for t in out.tickets if t.priority == "P1"]
    prevented = [t for t in p1 if t.resolver == "security"]
    assert 0.1 * len(p1) < len(prevented) < 0.5 * len(p1)
    assert not [t for t in out.tickets if t.resolver == "security" and t.priority != "P1"]
