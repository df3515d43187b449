"""Stock gates fulfilment: empty stock with a long lead time makes tickets wait; a 3PL depot's
short lead time cuts fulfilment time on the same seeds; exact timings with hand-made tickets."""

from __future__ import annotations

import pandas as pd
import pytest

from itsim.config.load import apply_overrides
from itsim.experiment.runner import run_one
from itsim.model.build import run_model
from itsim.model.core.calendar import Calendar
from itsim.model.core.work import Ticket
from itsim.model.supply.plan import SupplyPlan
from itsim.model.supply.stock import order_quantity
from tests.supply.helpers import supply_scenario

LONG_LEAD_DAYS = 30
STARVED = {
    "supply.items.laptop.initial_stock": 0,
    "supply.items.laptop.spares_reserve": 0,
    "supply.items.laptop.policy": {"reorder_point": 0, "order_up_to": 1, "review_days": 1},
    "supply.suppliers.vendor.lead_time_days": {"dist": "fixed", "mean": LONG_LEAD_DAYS},
}


def test_zero_reorder_point_with_long_lead_time_makes_requests_wait():
    starved = run_one(supply_scenario(STARVED), 5, 0)
    stocked = run_one(supply_scenario({"supply.items.laptop.initial_stock": 10_000}), 5, 0)
    units = starved.tables["stock_units"]
    laptops = units[units["item"] == "laptop"]
    issued = laptops.dropna(subset=["issued_hours"])
    # nothing on hand, one unit ordered at a time: the first laptop arrives after the lead time
    assert laptops["wait_hours"].max() >= LONG_LEAD_DAYS * 24 - 1e-9
    assert len(issued) < len(laptops)  # most are still waiting at the horizon
    assert starved.kpis["fill_rate"] < 0.6
    assert starved.kpis["stock_delay_hours_mean"] > 24 * 7
    assert starved.kpis["stockout_days_laptop"] > 40
    # the waits show in the requests' resolution and SLA, against ample stock on the same seed
    assert stocked.kpis["stockout_days_laptop"] == 0
    assert stocked.kpis["sla_resolve_stocked"] > starved.kpis["sla_resolve_stocked"]
    assert stocked.kpis["sla_resolve_REQ"] > starved.kpis["sla_resolve_REQ"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_3pl_lead_time_cuts_fulfilment_time_on_the_same_seeds(seed):
    vendor = supply_scenario()
    depot = apply_overrides(vendor, {"supply.supplier": "depot"})
    a, b = run_one(vendor, seed, 0), run_one(depot, seed, 0)
    cols = ["ticket_id", "created_hours", "kind", "category"]
    pd.testing.assert_frame_equal(a.tables["tickets"][cols], b.tables["tickets"][cols])
    units_a, units_b = a.tables["stock_units"], b.tables["stock_units"]
    assert a.kpis["fill_rate"] < b.kpis["fill_rate"]
    assert b.kpis["stock_delay_hours_mean"] < a.kpis["stock_delay_hours_mean"]
    assert b.kpis["fulfil_hours_mean_stocked"] < a.kpis["fulfil_hours_mean_stocked"]
    assert len(units_b) >= len(units_a) * 0.9  # same demand for stock reaches the gate
    assert b.kpis["cost_supply_fees_usd"] > 0 and "cost_supply_fees_usd" not in a.kpis


def _request(i: int, created: float, tier2_hours: float = 2.0) -> Ticket:
    return Ticket(i, "request", "REQ", "laptop", created, 1e9, 1e9, 1.0, "eng", tier2_hours,
                  0.0, 1.0)  # fmt: skip


def test_a_waiting_request_moves_on_at_the_delivery_exact_times():
    scenario = supply_scenario({
        "teams.desk.headcount": 1, "teams.desk.shift": "24x7", "teams.eng.shift": "24x7",
        "horizon_days": 10, "warmup_days": 0, "flow.handoff_hours": 0.5,
        "supply.items.laptop.initial_stock": 1, "supply.items.laptop.spares_reserve": 0,
        "supply.items.laptop.policy": {"reorder_point": 0, "order_up_to": 1, "review_days": 0},
        "supply.suppliers.vendor.lead_time_days": {"dist": "fixed", "mean": 2.0},
    })  # fmt: skip
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    first, second = _request(0, 9.0), _request(1, 9.5)
    plan = SupplyPlan(needs={0: ("laptop",), 1: ("laptop",)})
    out = run_model(scenario, cal, [first, second], [], supply_plan=plan)
    # first: desk 9-10, takes the only laptop (continuous review orders one), eng 10.5-12.5
    assert first.resolved == pytest.approx(12.5)
    # the order placed at 10:00 lands 2 days later at the next opening (Wednesday 08:00 = 56 h)
    delivery = cal.next_open(10.0 + 48.0)
    assert second.resolved == pytest.approx(delivery + 0.5 + 2.0)
    units = out.supply.stock_units
    assert [u.issued_hours for u in units] == [pytest.approx(10.0), pytest.approx(delivery)]


def test_break_fix_is_served_before_waiting_requests_and_reserve_is_kept_for_it():
    scenario = supply_scenario({
        "teams.desk.headcount": 3, "teams.desk.shift": "24x7", "teams.eng.shift": "24x7",
        "horizon_days": 3, "warmup_days": 0,
        "supply.items.laptop.initial_stock": 1, "supply.items.laptop.spares_reserve": 1,
        "supply.items.laptop.policy": {"reorder_point": 0, "order_up_to": 1, "review_days": 0},
        "supply.suppliers.vendor.lead_time_days": {"dist": "fixed", "mean": 50.0},
    })  # fmt: skip
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    request = _request(0, 1.0)
    incident = Ticket(1, "incident", "P3", "hw", 2.0, 1e9, 1e9, 1.0, "eng", 1.0, 0.99, 1.0)
    plan = SupplyPlan(needs={0: ("laptop",), 1: ("laptop",)})
    run_model(scenario, cal, [request, incident], [], supply_plan=plan)
    assert incident.resolved == pytest.approx(3.0 + 0.5 + 1.0)  # took the reserved unit
    assert request.resolved != request.resolved  # still waiting: the reserve is not for requests


@pytest.mark.parametrize(
    ("position", "policy", "expected"),
    [
        (5, {"reorder_point": 4, "order_up_to": 10}, 0),
        (4, {"reorder_point": 4, "order_up_to": 10}, 6),
        (-3, {"reorder_point": 4, "order_up_to": 10}, 13),
        (4, {"reorder_point": 4, "order_quantity": 5}, 5),
        (-7, {"reorder_point": 4, "order_quantity": 5}, 15),
    ],
)
def test_order_quantity_of_s_S_and_r_Q(position, policy, expected):
    scenario = supply_scenario({"supply.items.laptop.policy": policy})
    assert order_quantity(position, scenario.supply.items["laptop"]) == expected
