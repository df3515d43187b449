"""The model's shortcuts give what the long way round gives: remembered roster periods and
plans, row buffers, busy-hour sums."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import pytest
import simpy

from itsim.config.load import load_scenario
from itsim.model.core import columns
from itsim.model.core.calendar import Calendar
from itsim.model.core.columns import Columns
from itsim.model.core.queue import WorkQueue
from itsim.model.core.teams import Team
from itsim.model.core.units import HOURS_PER_DAY
from itsim.model.people import energy as en
from itsim.model.people.shifts import Roster, day_plan, open_hours_of, shared_day_plan

INF = float("inf")


def _baseline_rosters() -> tuple:
    scenario = load_scenario("baseline", ["horizon_days=35", "warmup_days=7"])
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    pattern = scenario.people.shifts["desk"]
    return scenario, cal, pattern, scenario.people.time_off.shrinkage


def test_a_shared_plan_is_the_plan_built_afresh_and_is_built_once() -> None:
    scenario, cal, pattern, shrinkage = _baseline_rosters()
    n = scenario.horizon_days
    plan = shared_day_plan(pattern, cal, 1, n, shrinkage)
    periods, present = day_plan(pattern, cal, 1, n, shrinkage)
    assert plan == (periods, present, open_hours_of(periods))
    # position 3 has position 1's roster key (two windows, shrinkage on alternate positions)
    assert shared_day_plan(pattern, cal, 3, n, shrinkage) is plan
    other = shared_day_plan(pattern, cal, 1, n, shrinkage / 2)
    assert other is not plan and other[0] != plan[0]


def _scanned_period(roster: Roster, now: float) -> tuple[tuple[float, float], float]:
    """The next period by a scan of every day from ``now`` (the long way round), and the
    anchor that scan leaves (the end of the day's last period when it finds one)."""
    anchor = roster.anchor
    day = max(int(now // HOURS_PER_DAY), 0)
    while day < len(roster.periods):
        if not roster.off[day]:
            todays = roster.periods[day]
            for i, (start, end) in enumerate(todays):
                if end > now:
                    return (max(start, now), end), end if i == len(todays) - 1 else anchor
        day += 1
    return (INF, INF), anchor


def test_a_remembered_period_is_the_period_a_scan_finds() -> None:
    scenario, cal, pattern, shrinkage = _baseline_rosters()
    periods, present, open_hours = shared_day_plan(
        pattern, cal, 0, scenario.horizon_days, shrinkage
    )
    roster = Roster(periods, present, WorkQueue(simpy.Environment()), lambda: 1, None, open_hours)
    now, asked = 0.0, 0
    while now < scenario.horizon_days * HOURS_PER_DAY:
        day = int(now // HOURS_PER_DAY)
        if asked % 11 == 3 and day + 1 < len(roster.off):
            roster.off[day + 1] = 1  # a day taken off after its period was found
        expected, anchor = _scanned_period(roster, now)
        assert roster.next_period(now) == expected
        assert roster.anchor == anchor
        assert roster(now) == expected  # the same check, inline in the shift function
        asked += 1
        if asked % 4 == 0 and expected[1] < INF:
            now = expected[1]  # at the end of the period, as a person asks when it is over
        else:
            now += 0.4 if asked % 5 else 7.3  # inside periods and across nights
    assert asked > 80


class Row(NamedTuple):
    name: str
    day: int
    hours: float
    flag: bool


def test_rows_held_back_read_as_rows_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columns, "BLOCK", 4)  # several blocks, and some rows still held back
    rows = [Row(f"p{i}", i, i / 4, i % 3 == 0) for i in range(11)]
    cols: Columns[Row] = Columns(Row)
    for i, row in enumerate(rows):
        cols.append(row if i % 2 else tuple(row))  # a plain tuple of the fields will do
        assert len(cols) == i + 1
    assert list(cols) == rows and cols[10] == rows[10]
    cols.column("name")[10] = "left"  # the held-back rows are written before a column is read
    assert cols.arrays()["name"][10] == "left"
    assert cols.arrays()["flag"].tolist() == [r.flag for r in rows]
    with pytest.raises(ValueError):
        cols.append(("too", "short"))


def test_busy_hours_add_the_people_in_hand_in_join_order() -> None:
    scenario = load_scenario("baseline", ["horizon_days=35", "warmup_days=7"])
    env = simpy.Environment()
    team = Team(env, "desk", scenario.teams["desk"], Calendar(scenario.calendar, 35))
    env.run(until=3.3)
    team.busy_closed_hours = 1.1
    people = team.people
    for person, since in ((people[3], 0.1), (people[0], 0.7), (people[4], 2.9)):
        person.job, person.busy_since = object(), since  # type: ignore[assignment]
        team.busy_people[person.seq] = person
    in_hand = (p for p in people if p.job is not None and p.active)
    assert team.busy_hours_total() == 1.1 + sum(env.now - p.busy_since for p in in_hand)
    people[0].active = False  # left with work in hand: counted once the slice closes
    in_hand = (p for p in people if p.job is not None and p.active)
    assert team.busy_hours_total() == 1.1 + sum(env.now - p.busy_since for p in in_hand)


def test_the_effects_of_energy_are_the_two_curves() -> None:
    spec = load_scenario("baseline").people.energy
    for step in range(201):
        energy = step / 200
        expected = (en.productivity_factor(energy, spec), en.error_multiplier(energy, spec))
        assert en.effects_of(energy, spec) == expected
    assert en.effects_of(spec.full_productivity_energy, spec) == (1.0, 1.0)


def test_a_well_person_quits_and_falls_sick_at_the_base_rates() -> None:
    spec = load_scenario("baseline").people.energy
    for step in range(201):
        energy = step / 200
        multiplier = 1.0 + (spec.quit_multiplier_burned_out - 1.0) * en.strain(energy, spec)
        assert en.quit_probability_from_daily(0.01, energy, spec) == min(1.0, 0.01 * multiplier)
        multiplier = 1.0 + (spec.sick_multiplier_burned_out - 1.0) * en.strain(energy, spec)
        assert en.sick_probability(0.02, energy, spec) == min(1.0, 0.02 * multiplier)


def _scaled_baseline(factor: int, days: int) -> object:
    from itsim.config.load import apply_overrides

    base = load_scenario("baseline", [f"horizon_days={days}", "warmup_days=7"])
    overrides: dict[str, object] = {"company.employees": base.company.employees * factor}
    for name, team in base.teams.items():
        overrides[f"teams.{name}.headcount"] = team.headcount * factor
    return apply_overrides(base, overrides)


def test_the_colleague_at_work_asked_first_answers_as_the_scan_of_everyone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from itsim.experiment.runner import run_one
    from itsim.model.people import oncall

    scenario = _scaled_baseline(4, 42)
    assert scenario.people.on_call  # the baseline has on-call rotas
    shortcut = oncall.member_at_work
    asked: list[bool] = []

    def checked(members: list, now: float, first: int) -> int:
        found = shortcut(members, now, first)
        expected = any(s.roster.on_shift(now) for s in members)  # the long way round
        assert (found >= 0) == expected
        assert found < 0 or members[found].roster.on_shift(now)
        asked.append(expected)
        return found

    monkeypatch.setattr(oncall, "member_at_work", checked)
    with_check = run_one(scenario, 5, 0).tables
    assert True in asked and False in asked  # colleagues at work, and call-outs

    def long_way(members: list, now: float, first: int) -> int:
        return next((i for i, s in enumerate(members) if s.roster.on_shift(now)), -1)

    monkeypatch.setattr(oncall, "member_at_work", long_way)
    plain = run_one(scenario, 5, 0).tables
    assert set(with_check) == set(plain)
    for name, frame in plain.items():
        pd.testing.assert_frame_equal(with_check[name], frame, check_exact=True, obj=name)
