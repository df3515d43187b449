"""The MSP: overflow relief on the same seeds, exact billing, block hours and SLA credits."""

from __future__ import annotations

import numpy as np
import pytest

from itsim.config.msp_schema import MspPricing, MspSla
from itsim.experiment.runner import run_one
from itsim.model.build import simulate
from itsim.model.core.calendar import Calendar
from itsim.model.core.ledger import CostLedger
from itsim.model.core.work import Ticket
from itsim.model.opmodels.msp import knowledge_penalty
from itsim.model.opmodels.msp_billing import MspBilling
from tests.conftest import make_scenario

PRICES = {"P1": 50.0, "P2": 40.0, "P3": 30.0, "P4": 20.0, "REQ": 10.0}
# a busy one-analyst desk, so that overflow has something to relieve
BUSY = {"teams.desk.headcount": 1, "demand.incidents.per_employee_per_month": 0.8}


def msp(**fields):
    return {"msp": {"mode": "overflow", **fields}}


def costs_by_item(out):
    totals: dict[tuple[str, str], float] = {}
    for _day, category, item, usd in out.cost_rows:
        totals[(category, item)] = totals.get((category, item), 0.0) + usd
    return totals


@pytest.mark.parametrize("seed", [1, 2])
def test_overflow_lowers_desk_wait_on_the_same_seeds(seed):
    base = run_one(make_scenario(BUSY), seed, 0)
    relieved = run_one(make_scenario(BUSY | msp(overflow_wait_hours=1.0)), seed, 0)
    cols = ["ticket_id", "created_hours", "priority", "category"]
    assert base.tables["tickets"][cols].equals(relieved.tables["tickets"][cols])
    assert relieved.kpis["wait_hours_mean"] < base.kpis["wait_hours_mean"]
    assert (relieved.tables["tickets"]["resolver"] == "msp").any()
    assert relieved.kpis["msp_resolved_share"] > 0 == base.kpis["msp_resolved_share"]


def test_no_msp_block_changes_nothing():
    a = run_one(make_scenario(BUSY), 3, 0).tables
    b = run_one(make_scenario(BUSY | {"msp": None, "leadership": {}}), 3, 0).tables
    for name in ("tickets", "costs", "team_daily", "projects"):
        assert a[name].equals(b[name])


def test_tier1_per_ticket_pricing_charges_exactly_tickets_times_price_by_class():
    spec = {"mode": "tier1", "pricing": {"per_ticket_usd": PRICES}, "capacity": {"agents": 2}}
    out = simulate(make_scenario({"msp": spec}), 5, 0)
    charged = costs_by_item(out)[("msp", "per_ticket")]
    assert out.operating.msp_taken == len(out.tickets)  # the provider is the desk
    by_class = {c: sum(t.priority == c for t in out.tickets) for c in PRICES}
    assert charged == pytest.approx(sum(by_class[c] * PRICES[c] for c in PRICES), rel=1e-12)
    assert {k for k in costs_by_item(out) if k[0] == "msp"} == {("msp", "per_ticket")}


def test_overflow_per_ticket_pricing_charges_taken_tickets_times_price():
    flat = dict.fromkeys(PRICES, 30.0)
    spec = {"mode": "overflow", "overflow_wait_hours": 0.5, "pricing": {"per_ticket_usd": flat}}
    out = simulate(make_scenario(BUSY | {"msp": spec}), 6, 0)
    taken = out.operating.msp_taken
    resolved_by_msp = sum(t.resolver == "msp" for t in out.tickets)
    assert 0 < resolved_by_msp <= taken < len(out.tickets)
    assert costs_by_item(out)[("msp", "per_ticket")] == pytest.approx(taken * 30.0, rel=1e-12)


def test_credits_appear_only_when_the_provider_misses_its_sla():
    strict = {"mode": "tier1", "capacity": {"agents": 1},
              "pricing": {"per_user_per_month_usd": 20.0},
              "sla": {"respond_hours": {"P1": 0.01, "P2": 0.01, "P3": 0.01, "P4": 0.01,
                                        "REQ": 0.01},
                      "credit_classes": ["P1", "P2", "P3", "P4", "REQ"]}}  # fmt: skip
    missed = simulate(make_scenario({"msp": strict}), 2, 0)
    assert missed.operating.msp_sla_misses > 0
    credits = [(d, usd) for d, c, i, usd in missed.cost_rows if i == "credits"]
    assert credits and all(usd < 0 for _, usd in credits)
    # a month's credit never exceeds the cap times that month's charges
    fees = costs_by_item(missed)[("msp", "per_user")]
    assert -sum(usd for _, usd in credits) <= 0.25 * fees + 1e-6
    loose_sla = strict["sla"] | {"respond_hours": dict.fromkeys(PRICES, 1000.0)}
    lenient = strict | {"capacity": {"agents": 20}, "sla": loose_sla}
    met = simulate(make_scenario({"msp": lenient}), 2, 0)
    assert met.operating.msp_sla_misses == 0
    assert not [row for row in met.cost_rows if row[2] == "credits"]


def _billing(**pricing):
    scenario = make_scenario()
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    ledger = CostLedger()
    bill = MspBilling(MspPricing(**pricing), MspSla(), cal, ledger, 100, scenario.horizon_days)
    return bill, ledger


def _ticket(priority="P3"):
    return Ticket(0, "incident", priority, "hw", 10.0, 1e9, 1e9, 1.0, None, 0.0, 0.5, 1.0)


def test_block_hours_are_used_before_overage_and_after_hours_costs_more():
    bill, ledger = _billing(hourly_usd=100.0, block_hours_per_month=2.0, block_discount=0.2)
    bill.charge(_ticket(), 10.0, 1.5, after_hours=False)  # inside the block: no charge
    bill.charge(_ticket(), 11.0, 1.5, after_hours=True)  # 0.5 h block, 1 h overage at 1.5x
    totals: dict[str, float] = {}
    for day, _c, item, usd in ledger.rows():
        totals[item] = totals.get(item, 0.0) + usd * (day == 0)
    assert totals["block_hours"] == pytest.approx(2.0 * 100 * 0.8)
    assert totals["hourly"] == pytest.approx(1.0 * 100 * 1.5)


def test_onboarding_fee_is_charged_once_on_day_one():
    _bill, ledger = _billing(onboarding_fee_usd=5000.0)
    rows = [r for r in ledger.rows() if r[2] == "onboarding"]
    assert rows == [(0, "msp", "onboarding", 5000.0)]


def test_knowledge_penalty_fades_linearly_to_zero():
    spec = make_scenario({"msp": {"quality": {"knowledge_penalty": 0.2,
                                              "penalty_fade_months": 3}}}).msp  # fmt: skip
    month = 8760 / 12
    values = [knowledge_penalty(spec, m * month) for m in (0, 1, 1.5, 3, 6)]
    assert values == pytest.approx([0.2, 0.2 * 2 / 3, 0.1, 0.0, 0.0])
    assert np.all(np.diff(values) <= 0)
