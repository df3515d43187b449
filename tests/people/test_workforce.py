"""Workforce mechanics on small departments: leaving mid-ticket, backfill and ramp-up,
overtime limits, on-call, time off, costs, and reproducibility with everything on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import simpy

from itsim.config.load import apply_overrides, load_scenario
from itsim.config.schema import Team as TeamSpec
from itsim.experiment.runner import run_one, run_replications
from itsim.model.build import simulate
from itsim.model.core.calendar import Calendar
from itsim.model.core.teams import Team
from itsim.model.core.work import Job
from tests.conftest import make_scenario

PEOPLE_ON = {
    "people.shifts": {"desk": {"pattern": "staggered"}, "eng": {"pattern": "staggered"}},
    "people.time_off": {"pto_days_per_year": 15, "training_days_per_year": 5,
                        "unplanned_absence_per_day": 0.02, "shrinkage": 0.1},
    "people.overtime": {"enabled": True, "backlog_per_person": 1},
    "people.energy": {"effects": True},
    "people.on_call": {"desk": {}, "eng": {}},
    "people.roles": {"analyst": {"annual_turnover": 0.9, "ramp_months": 1,
                                 "time_to_fill_days": {"dist": "fixed", "mean": 10},
                                 "overtime_paid": True},
                     "engineer": {"annual_turnover": 0.5}},
    "people.hiring": {"policy": "backfill"},
}  # fmt: skip


def _team(env: simpy.Environment) -> Team:
    spec = TeamSpec(role="analyst", headcount=1, shift="24x7")
    cal = Calendar(load_scenario("baseline").calendar, 10)
    team = Team(env, "desk", spec, cal)
    team.on_done = lambda job: None
    return team


def test_a_leaver_hands_the_ticket_in_progress_back_to_the_queue():
    env = simpy.Environment()
    team = _team(env)
    person = team.people[0]
    team.put(Job(item=None, stage="desk", effort_hours=10.0, rank=2, key=(2, 0.0)))  # type: ignore[arg-type]

    def leave_at_two_hours():
        yield env.timeout(2.0)
        assert person.job is not None  # holding the ticket
        person.active = False
        person.process.interrupt("leave")

    env.process(leave_at_two_hours())
    env.run(until=5.0)
    assert not person.process.is_alive
    (job,) = team.queue.jobs()
    assert job.effort_hours == pytest.approx(8.0)  # two hours done, eight still to do
    assert person.busy_hours_closed == pytest.approx(2.0)


def test_a_leaver_waiting_for_work_hands_back_a_job_given_at_the_same_instant():
    env = simpy.Environment()
    team = _team(env)
    person = team.people[0]

    def put_then_leave():
        yield env.timeout(1.0)
        person.active = False
        person.process.interrupt("leave")  # queued before the job reaches the person
        team.put(Job(item=None, stage="desk", effort_hours=3.0, rank=2, key=(2, 1.0)))  # type: ignore[arg-type]

    env.process(put_then_leave())
    env.run(until=4.0)
    assert len(team.queue.jobs()) == 1 and team.queue.jobs()[0].effort_hours == 3.0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_ticket_is_lost_with_heavy_turnover_on_rotations(seed):
    arm = PEOPLE_ON | {
        "teams.desk.shift": "24x7",
        "people.shifts": {"desk": {"pattern": "rotation"}, "eng": {"pattern": "staggered"}},
        "people.roles": {"analyst": {"annual_turnover": 0.99},
                         "engineer": {"annual_turnover": 0.99}},
        "horizon_days": 90, "warmup_days": 0,
    }  # fmt: skip
    out = simulate(make_scenario(arm), seed, 0)
    staff = pd.DataFrame(out.people.staff_days)
    assert (staff["status"] == "left").sum() >= 2  # people did leave
    assert out.flow.arrived == len(out.tickets)
    assert out.flow.arrived == out.flow.resolved + out.flow.in_system_end
    assert out.flow.resolved == sum(t.resolved == t.resolved for t in out.tickets)


def test_a_backfilled_seat_stays_empty_for_the_time_to_fill_then_ramps_up():
    arm = {
        "horizon_days": 120, "warmup_days": 0,
        "people.roles": {"analyst": {"annual_turnover": 0.8, "ramp_months": 2,
                                     "ramp_start_productivity": 0.3, "mentor_tax": 0.15,
                                     "time_to_fill_days": {"dist": "fixed", "mean": 20}}},
        "people.hiring": {"policy": "backfill"},
    }  # fmt: skip
    tables = run_one(make_scenario(arm), 5, 0).tables
    heads = tables["headcount_daily"].set_index(["team", "day"]).loc["desk"]
    staff = tables["staff_daily"]
    left = staff[(staff["team"] == "desk") & (staff["status"] == "left")]
    day = int(left["day"].min())
    assert (heads.loc[day + 1 : day + 19, "vacancies"] >= 1).all()
    assert heads.loc[day + 20, "hires"] >= 1  # filled exactly after the time to fill
    newcomer = staff[(staff["team"] == "desk") & (staff["day"] >= day + 20)]
    newcomer = newcomer[~newcomer["person"].isin(staff[staff["day"] < day + 20]["person"])]
    first = newcomer.groupby("person")["day"].min()
    assert first.min() == day + 20
    ramp = newcomer[newcomer["person"] == first.idxmin()].set_index("day")["productivity"]
    assert ramp.iloc[0] == pytest.approx(0.3)
    assert ramp.is_monotonic_increasing and ramp.iloc[-1] > ramp.iloc[0]
    if len(ramp) > 62:
        assert ramp.iloc[62] == 1.0
    mentor_days = staff[(staff["day"] == day + 21) & (staff["productivity"] == 0.85)]
    assert len(mentor_days) >= 1  # a senior colleague pays the mentoring tax


def test_overtime_respects_the_daily_and_weekly_limits_and_is_paid():
    overtime = {"enabled": True, "backlog_per_person": 1, "max_hours_per_day": 10,
                "max_hours_per_week": 46}  # fmt: skip
    arm = PEOPLE_ON | {"teams.desk.headcount": 1, "horizon_days": 42, "warmup_days": 0,
                       "people.overtime": overtime}  # fmt: skip
    tables = run_one(make_scenario(arm), 3, 0).tables
    staff = tables["staff_daily"]
    assert staff["overtime_hours"].sum() > 0
    assert staff["hours_worked"].max() <= 10 + 1e-9
    weeks = staff.assign(week=staff["day"] // 7).groupby(["person", "week"])["hours_worked"].sum()
    callouts = staff.assign(week=staff["day"] // 7).groupby(["person", "week"])["callout_hours"]
    assert (weeks - callouts.sum() <= 46 + 1e-9).all()
    assert tables["runs"]["cost_overtime_usd"].iloc[0] > 0


def test_on_call_answers_p1s_outside_hours():
    base = {"horizon_days": 60, "warmup_days": 0, "flow.first_contact_resolution": 1.0,
            "demand.incidents.priority_mix": {"P1": 0.2, "P2": 0.1, "P3": 0.4, "P4": 0.3},
            "people.shifts": {"desk": {"pattern": "staggered"}}}  # fmt: skip
    without = run_one(make_scenario(base), 4, 0)
    with_on_call = run_one(make_scenario(base | {"people.on_call": {"desk": {}}}), 4, 0)
    assert without.tables["staff_daily"]["callout_hours"].sum() == 0
    assert with_on_call.tables["staff_daily"]["callout_hours"].sum() > 0
    assert with_on_call.kpis["sla_response_P1"] > without.kpis["sla_response_P1"]


def test_time_off_matches_the_configured_rates():
    time_off = {"pto_days_per_year": 20, "pto_block_days": 5, "training_days_per_year": 5,
                "unplanned_absence_per_day": 0.02}  # fmt: skip
    arm = {"teams.desk.headcount": 20, "horizon_days": 364, "warmup_days": 0,
           "people.time_off": time_off}  # fmt: skip
    staff = run_one(make_scenario(arm), 8, 0).tables["staff_daily"]
    desk = staff[staff["team"] == "desk"]
    person_years = desk["person"].nunique() * len(desk["day"].unique()) / 365
    pto_per_year = (desk["status"] == "pto").sum() / person_years
    assert 15 <= pto_per_year <= 25
    rostered = desk[desk["status"] != "off"]
    assert (rostered["status"] == "sick").mean() == pytest.approx(0.02, abs=0.008)
    assert (desk.loc[desk["status"] == "pto", "available_hours"] == 0).all()


def test_vacancies_save_salary_and_leavers_cost_a_share_of_it():
    keep = make_scenario({"horizon_days": 120, "warmup_days": 0, "people.record_staff_daily": True})
    analyst = {"annual_turnover": 0.9, "turnover_cost_fraction": 0.21}
    lose = make_scenario(
        {"horizon_days": 120, "warmup_days": 0, "people.roles": {"analyst": analyst}}
    )
    kept, lost = run_one(keep, 2, 0).kpis, run_one(lose, 2, 0).kpis
    assert lost["departures"] >= 1
    assert lost["cost_staff_usd"] < kept["cost_staff_usd"]
    assert lost["cost_turnover_usd"] == pytest.approx(lost["departures"] * 0.21 * 60000)


def test_same_seed_gives_identical_tables_with_every_people_feature_on():
    scenario = apply_overrides(load_scenario("understaffed"), {"horizon_days": 60})
    a = run_replications(scenario, reps=2, seed=9, jobs=1)
    b = run_replications(scenario, reps=2, seed=9, jobs=2)
    assert a.keys() == b.keys() and "staff_daily" in a
    assert len(a["staff_daily"]) > 0
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    c = run_replications(scenario, reps=1, seed=10, jobs=1)
    assert not np.array_equal(
        a["staff_daily"].query("rep == 0")["energy"].to_numpy()[:500],
        c["staff_daily"]["energy"].to_numpy()[:500],
    )
