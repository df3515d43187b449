"""Business impact: exact accrual by day, pricing of one ticket, the do-nothing reference, and a
lever that only improves service paying for itself once the value side is counted."""

from __future__ import annotations

import numpy as np
import pytest

from itsim.config.load import apply_overrides, load_scenario
from itsim.experiment.runner import run_one, run_replications
from itsim.model.core.calendar import Calendar
from itsim.model.opmodels.impact import accrue_daily
from tests.conftest import make_scenario
from tests.model.test_flow import run, ticket

ONE_USER = {"dist": "fixed", "mean": 1.0}


def test_accrual_splits_an_interval_over_days_on_a_24x7_clock():
    usd = accrue_daily(np.array([10.0]), np.array([58.0]), np.array([2.0]), lambda t: t, 4)
    assert usd.tolist() == pytest.approx([28.0, 48.0, 20.0, 0.0])


def test_accrual_on_the_business_clock_counts_open_hours_only():
    cal = Calendar(make_scenario().calendar, 14)
    # Friday 17:00 to Monday 09:00: one business hour on Friday, one on Monday
    usd = accrue_daily(np.array([4 * 24 + 17.0]), np.array([7 * 24 + 9.0]), np.array([1.0]),
                       cal.business_elapsed, 14)  # fmt: skip
    assert usd[4] == pytest.approx(1.0) and usd[7] == pytest.approx(1.0)
    assert usd.sum() == pytest.approx(2.0)


def _impact(**classes):
    return {"impact": {"employee_loaded_hour_usd": 50.0, "clock": "24x7", "classes": classes}}


def test_an_open_p1_costs_its_users_time_and_the_non_labour_loss():
    p1 = {"users_affected": {"dist": "fixed", "mean": 10.0}, "loss_share": 0.5,
          "other_usd_per_hour": 1000.0}  # fmt: skip
    a = ticket(0, 1.0, desk=2.0, priority="P1")
    out = run([a], **_impact(P1=p1))
    rows = [(item, usd) for _day, cat, item, usd in out.cost_rows if cat == "business_impact"]
    assert dict(rows) == pytest.approx({"P1": 10 * 0.5 * 50.0 * 2.0, "P1_other": 1000.0 * 2.0})


def test_a_request_item_counted_after_its_deadline_only():
    items = {"laptop": {"loss_share": 1.0, "after_deadline": True}}
    r = ticket(0, 0.0, desk=5.0, kind="request", priority="REQ", deadline=3.0)
    r.category = "laptop"
    out = run([r], **_impact(REQ={"users_affected": ONE_USER, "loss_share": 0.1}),
              **{"impact.request_items": items})  # fmt: skip
    usd = sum(v for _d, cat, _i, v in out.cost_rows if cat == "business_impact")
    assert usd == pytest.approx(50.0 * 1.0 * (5.0 - 3.0))


def _short(name: str, **overrides):
    return apply_overrides(load_scenario(name), {"horizon_days": 91, "warmup_days": 14} | overrides)


def test_impact_is_priced_beside_it_cost_and_changes_no_operation():
    plain = run_one(_short("baseline"), 4, 0).kpis
    priced = run_one(_short("baseline", impact={}), 4, 0).kpis
    for key in ("total_cost_usd", "sla_resolve_all", "wait_hours_mean", "cost_per_ticket_usd"):
        assert priced[key] == plain[key]
    assert priced["business_impact_usd"] > 0
    assert priced["net_value_usd"] == pytest.approx(
        plain["net_value_usd"] - priced["business_impact_usd"]
    )


def test_do_nothing_reference_gives_impact_avoided():
    reference = {"P1": 40.0, "P2": 40.0, "P3": 40.0, "P4": 40.0, "REQ": 40.0}
    k = run_one(_short("baseline", impact={"do_nothing_open_hours": reference}), 4, 0).kpis
    assert k["impact_avoided_usd"] > 0
    assert k["net_value_usd"] == pytest.approx(
        k["value_delivered_usd"] + k["impact_avoided_usd"] - k["total_cost_usd"]
    )


def test_a_lever_that_only_improves_service_can_pay_for_itself():
    """A desk of two for 1,000 users: a third analyst costs money and delivers no more project
    value, so without the value side it can only lower net value; once the downtime and waiting
    it saves are priced, it pays for itself in every replication."""
    short = {"horizon_days": 91, "warmup_days": 14, "company.employees": 1000,
             "teams.eng.headcount": 5}  # fmt: skip

    def arms(priced: bool):
        extra = {"impact": {}} if priced else {}
        return [
            run_replications(make_scenario(short | extra | {"teams.desk.headcount": n}),
                             reps=2, seed=8, jobs=None)["runs"]
            for n in (2, 3)
        ]  # fmt: skip

    (base, hire), (base_v, hire_v) = arms(False), arms(True)
    assert (hire["total_cost_usd"] > base["total_cost_usd"]).all()
    assert (hire["sla_resolve_all"] > base["sla_resolve_all"]).all()
    assert (hire["net_value_usd"] < base["net_value_usd"]).all()
    assert (hire_v["net_value_usd"] > base_v["net_value_usd"]).all()
