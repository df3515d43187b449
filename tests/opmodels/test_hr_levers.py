"""Leadership levers that act on the workforce: capacity planning switches hiring to the
``capacity`` policy (its cap ramping in), knowledge management shortens new hires' ramp-up, and
neither changes anything when it is not pulled."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from itsim.config.leadership_schema import Leader
from itsim.config.people_schema import Hiring, RolePeople
from itsim.experiment.runner import run_one
from itsim.model.core.streams import RandomStreams
from itsim.model.opmodels.hr_levers import HrLevers
from itsim.model.opmodels.leadership import LeverSet
from itsim.model.people.hiring import Pipeline, ramp_factor
from tests.conftest import make_scenario

DAYS_PER_MONTH = 365 / 12
FEE = 10000.0
#: A one-analyst desk far beyond its capacity (trailing utilisation near 1), people tracked.
OVERLOADED = {
    "horizon_days": 120, "warmup_days": 0,
    "teams.desk.headcount": 1,
    "demand.incidents.per_employee_per_month": 1.0,
    "people.record_staff_daily": True,
    "people.roles": {"analyst": {"time_to_fill_days": {"dist": "fixed", "mean": 10}}},
}  # fmt: skip


def leader(levers: dict) -> dict:
    return {"leadership": {"fractional_cio": {"monthly_fee_usd": FEE, "levers": levers}}}


def hr(levers: dict) -> HrLevers:
    spec = Leader(monthly_fee_usd=FEE, levers=levers)
    return HrLevers(LeverSet([spec]))


def test_capacity_planning_switches_the_policy_from_its_start_month():
    levers = hr({"capacity_planning": {"magnitude": 1.0, "ramp_months": 2, "start_month": 1}})
    start_day = math.ceil(DAYS_PER_MONTH)
    assert levers.policy(start_day - 1, "backfill") == "backfill"  # own policy until it starts
    assert levers.policy(start_day, "backfill") == "capacity"
    caps = [levers.max_extra_headcount(d, "backfill", 2) for d in range(0, 120, 5)]
    assert caps[0] == 0 and caps[-1] == 2 and caps == sorted(caps)  # ramps in, never back
    assert 1 in caps  # through one seat: a ramp, not a step
    assert hr({}).policy(90, "backfill") == "backfill"
    assert levers.max_extra_headcount(0, "capacity", 3) == 3  # own capacity policy keeps its cap


def test_pipeline_opens_a_capacity_requisition_only_under_the_lever():
    spec = Hiring(policy="none")
    roles = {"desk": RolePeople()}
    busy = {"base_headcount": 3, "headcount": 3, "utilisation": 0.95, "share_burned_out": 0.0}
    plain = Pipeline(spec, roles, RandomStreams(1, 0))
    assert not plain.review("desk", 40, **busy) and not plain.open
    lever = hr({"capacity_planning": {"ramp_months": 0}})
    planned = Pipeline(spec, roles, RandomStreams(1, 0), lever)
    assert planned.review("desk", 40, **busy)
    assert [r.reason for r in planned.open] == ["capacity"]
    calm = busy | {"utilisation": 0.5}
    assert not Pipeline(spec, roles, RandomStreams(1, 0), lever).review("desk", 40, **calm)


def test_under_capacity_planning_an_overloaded_desk_gets_extra_seats_as_the_ramp_allows():
    plain = run_one(make_scenario(OVERLOADED), 3, 0).tables["headcount_daily"]
    lever = leader({"capacity_planning": {"magnitude": 1.0, "ramp_months": 2}})
    tables = run_one(make_scenario(OVERLOADED | lever), 3, 0).tables
    heads = tables["headcount_daily"].query("team == 'desk'").set_index("day")
    assert plain["hires"].sum() == 0 and (plain["establishment"] == plain["headcount"]).all()
    # the cap floor(2 * r(t)) is 0 in the first month, 1 in the second, 2 from the third on
    cap = [math.floor(2 * min(1.0, d / (2 * DAYS_PER_MONTH)) + 1e-9) for d in heads.index]
    assert (heads["establishment"] <= 1 + pd.Series(cap, index=heads.index)).all()
    opened = heads.index[heads["open_requisitions"] > 0]
    assert opened.min() >= DAYS_PER_MONTH - 1  # nothing before the plan may add a seat
    assert heads["hires"].sum() == 2 and heads["headcount"].iloc[-1] == 3  # capped at +2
    first_hire = heads.index[heads["hires"] > 0].min()
    assert first_hire == opened.min() + 10  # filled after the time to fill
    assert (tables["costs"]["category"] == "hiring").any()


def _first_full_day(staff: pd.DataFrame, joined: int) -> int:
    hire = staff[(staff["team"] == "desk") & (staff["day"] >= joined)]
    hire = hire[~hire["person"].isin(staff.loc[staff["day"] < joined, "person"])]
    assert hire["person"].nunique() == 1
    return int(hire.loc[hire["productivity"] >= 1.0, "day"].min()) - joined


@pytest.mark.parametrize("cut", [0.25, 0.5])
def test_knowledge_management_brings_a_hire_to_full_productivity_sooner(cut):
    arm = {
        "horizon_days": 150, "warmup_days": 0, "people.record_staff_daily": True,
        "people.roles": {"analyst": {"ramp_months": 2, "mentor_tax": 0.0}},
        "people.hiring": {"planned": [{"team": "desk", "count": 1, "day": 10}]},
    }  # fmt: skip
    # a knowledge base that changes nothing but ramp-up, fully in place from day one
    km = {"magnitude": 0.0, "handle_time_cut": 0.0, "ramp_up_cut": cut, "ramp_months": 0}
    plain = run_one(make_scenario(arm), 5, 0).tables
    with_km = run_one(make_scenario(arm | leader({"knowledge_management": km})), 5, 0).tables
    full_days = 2 * DAYS_PER_MONTH
    assert _first_full_day(plain["staff_daily"], 10) == math.ceil(full_days)
    assert _first_full_day(with_km["staff_daily"], 10) == math.ceil(full_days * (1 - cut))
    # the same tickets arrive: the faster ramp is the only difference between the arms
    cols = ["ticket_id", "created_hours", "priority", "category"]
    pd.testing.assert_frame_equal(plain["tickets"][cols], with_km["tickets"][cols])
    first = plain["staff_daily"]["day"] < 10
    pd.testing.assert_frame_equal(plain["staff_daily"][first], with_km["staff_daily"][first])


def test_the_ramp_up_cut_ramps_in_with_the_lever():
    levers = hr({"knowledge_management": {"ramp_up_cut": 0.4, "ramp_months": 6}})
    early, mid, late = (levers.ramp_months_factor(round(m * DAYS_PER_MONTH)) for m in (0, 3, 9))
    assert early == 1.0 and mid == pytest.approx(0.8, abs=0.01) and late == pytest.approx(0.6)
    role = RolePeople(ramp_months=2, ramp_start_productivity=0.3)
    assert ramp_factor(40, role, 0.6) == 1.0 > ramp_factor(40, role)


def test_levers_that_do_not_touch_people_leave_the_workforce_unchanged():
    arm = {
        "horizon_days": 90, "warmup_days": 0, "people.energy": {"effects": True},
        "people.roles": {"analyst": {"annual_turnover": 0.8, "ramp_months": 2}},
        "people.hiring": {"policy": "backfill"},
    }  # fmt: skip
    plain = run_one(make_scenario(arm), 2, 0).tables
    vendor = run_one(make_scenario(arm | leader({"vendor_management": {}})), 2, 0).tables
    assert (plain["staff_daily"]["status"] == "left").any()  # people left and were replaced
    assert plain["headcount_daily"]["hires"].sum() > 0
    for name in ("tickets", "staff_daily", "headcount_daily"):
        pd.testing.assert_frame_equal(plain[name], vendor[name])


def test_a_capacity_requisition_that_refills_a_vacated_seat_adds_no_seat():
    spec = Hiring(policy="capacity")
    pipeline = Pipeline(spec, {"desk": RolePeople()}, RandomStreams(2, 0))
    burned = {"utilisation": 0.8, "share_burned_out": 0.6}
    assert pipeline.review("desk", 6, base_headcount=3, headcount=3, **burned)
    assert pipeline.extra["desk"] == 1  # a fourth seat
    # someone leaves before the fourth seat is filled: the next requisition refills their seat
    assert pipeline.review("desk", 13, base_headcount=3, headcount=2, **burned)
    assert pipeline.extra["desk"] == 1 and pipeline.open_count("desk") == 2
    assert pipeline.review("desk", 20, base_headcount=3, headcount=2, share_burned_out=1.0,
                           utilisation=0.8)  # fmt: skip
    assert pipeline.extra["desk"] == 2  # now the team asked for five
    assert not pipeline.review("desk", 27, base_headcount=3, headcount=2, share_burned_out=1.0,
                               utilisation=1.0)  # fmt: skip


def test_pending_hires_count_as_capacity_on_the_way():
    pipeline = Pipeline(Hiring(policy="capacity"), {"desk": RolePeople()}, RandomStreams(2, 0))
    assert pipeline.review("desk", 6, base_headcount=6, headcount=6, utilisation=0.95,
                           share_burned_out=0.0)  # fmt: skip
    # a week later the trailing utilisation still shows the old load, but with the pending
    # hire the team is at 0.95 * 6/7 = 0.81, under the 0.85 trigger: no second requisition
    assert not pipeline.review("desk", 13, base_headcount=6, headcount=6, utilisation=0.95,
                               share_burned_out=0.0)  # fmt: skip
    # a load the pending hire cannot absorb (1.05 * 6/7 = 0.9) still opens another
    assert pipeline.review("desk", 20, base_headcount=6, headcount=6, utilisation=1.05,
                           share_burned_out=0.0)  # fmt: skip
    assert pipeline.open_count("desk") == 2
