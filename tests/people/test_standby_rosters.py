"""On-call standby pay and rosters with weekdays of their own (independent of the SLA clock)."""

from __future__ import annotations

import numpy as np
import pytest

from itsim.config.people_schema import ShiftPattern
from itsim.errors import InputError
from itsim.experiment.runner import run_one
from itsim.model.build import simulate
from itsim.model.core.calendar import Calendar
from itsim.model.people.shifts import on_roster_day
from tests.conftest import make_scenario

HOURLY_ANALYST_USD = 60000 * 1.46 / 2080
NO_P1 = {"demand.incidents.priority_mix": {"P2": 0.1, "P3": 0.5, "P4": 0.4}}
FOUR_WEEKS = {"horizon_days": 28, "warmup_days": 0}
STAGGERED = {"people.shifts": {"desk": {"pattern": "staggered"}}}
SEVEN_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _on_call_cost(on_call: dict) -> float:
    arm = FOUR_WEEKS | NO_P1 | STAGGERED | {"people.on_call": {"desk": on_call}}
    return run_one(make_scenario(arm), 5, 0).kpis["cost_on_call_usd"]


def test_a_weekly_standby_allowance_is_paid_even_when_nobody_calls():
    assert _on_call_cost({"standby_usd_per_week": 700}) == pytest.approx(4 * 700)


def test_an_hourly_standby_allowance_pays_every_hour_on_call_outside_the_shift():
    # 8-hour weekdays, no leave: 5 x 16 + 2 x 24 = 128 standby hours a week
    expected = 4 * 128 * 0.1 * HOURLY_ANALYST_USD
    assert _on_call_cost({"standby_fraction_of_hourly": 0.1}) == pytest.approx(expected)


def test_without_an_allowance_only_call_outs_are_paid():
    assert _on_call_cost({}) == 0.0


def test_both_standby_allowances_at_once_is_an_input_error():
    on_call = {"desk": {"standby_usd_per_week": 500, "standby_fraction_of_hourly": 0.06}}
    with pytest.raises(InputError) as caught:
        make_scenario(STAGGERED | {"people.on_call": on_call})
    assert caught.value.key.startswith("people.on_call.desk")


def test_a_seven_day_roster_gives_each_person_five_days_and_covers_every_day():
    pattern = ShiftPattern(pattern="staggered", days=SEVEN_DAYS, days_on_per_week=5)
    cal = Calendar(make_scenario().calendar, 14)
    works = np.array([[on_roster_day(pattern, cal, i, d) for d in range(14)] for i in range(7)])
    assert (works.sum(axis=1) == 10).all()  # five days a week each, two weeks
    assert (works.sum(axis=0) == 5).all()  # five of seven people on every day, weekends too


def test_a_seven_day_desk_answers_weekend_tickets_on_a_weekday_sla_clock():
    week_end = {"horizon_days": 35, "warmup_days": 0, "teams.desk.headcount": 7}
    five = make_scenario(week_end | STAGGERED)
    seven = make_scenario(week_end | {"people.shifts": {"desk": {
        "pattern": "staggered", "days": SEVEN_DAYS, "days_on_per_week": 5}}})  # fmt: skip
    out5, out7 = simulate(five, 3, 0), simulate(seven, 3, 0)
    # the SLA clock is the calendar's (Mon-Fri): the same tickets get the same deadlines
    assert [t.respond_deadline for t in out5.tickets] == [t.respond_deadline for t in out7.tickets]
    saturday = [i for i, t in enumerate(out5.tickets) if (t.created // 24) % 7 == 5
                and 10 <= t.created % 24 < 15]  # fmt: skip
    assert saturday
    same_day = [int(out7.tickets[i].responded // 24) == int(out7.tickets[i].created // 24)
                for i in saturday]  # fmt: skip
    assert np.mean(same_day) > 0.9  # answered while the weekend roster is on
    assert not any(out5.tickets[i].responded - out5.tickets[i].created <= 24 for i in saturday)
