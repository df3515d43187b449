"""The workforce: each person's day — time off, energy, productivity, leaving — and hiring.

Scenario: every person follows a roster (model/shifts.py). Each day is planned the day before:
a working day may become paid leave (taken in blocks), a training day or a sick day, whose
probability rises once the person is burned out. At the end of each day the person's energy is
updated from the hours they were at work and their occupancy (model/energy.py); a burned-out
person works more slowly, makes more errors (reopens), falls sick more and is more likely to
resign. A person who resigns leaves at midnight: work in their hands goes back to the team queue,
their salary stops, a turnover cost is booked and — under backfill — a requisition opens. New
hires ramp up and take a senior colleague's time (model/hiring.py). Overtime and call-out hours
are paid per role and post to the cost ledger with the turnover and hiring costs.

Per-person randomness comes from one stream per person (``people.<name>``), drawn as a block at
enrolment, so it does not depend on what anybody else does.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any

import simpy

from itsim.config.people_schema import RolePeople, ShiftPattern
from itsim.config.schema import Scenario
from itsim.model.context import Replication
from itsim.model.core.calendar import Calendar
from itsim.model.core.columns import Columns
from itsim.model.core.ledger import CostLedger
from itsim.model.core.people import Person
from itsim.model.core.streams import RandomStreams
from itsim.model.core.teams import Team
from itsim.model.core.units import HOURS_PER_DAY
from itsim.model.people import energy as en
from itsim.model.people.hiring import HiringAdvice, Pipeline, needs_mentor, ramp_factor
from itsim.model.people.oncall import on_call_handlers, standby_usd
from itsim.model.people.records import HeadcountDay, PeopleRecords, StaffDay
from itsim.model.people.shifts import DayPlan, Roster, roster_key, shared_day_plan

HOURS_PER_YEAR_PAID = 2080.0
INITIAL_JOIN_DAY = -1_000_000  # people there at the start are fully ramped up
U_PTO, U_TRAINING, U_SICK, U_QUIT = range(4)
N_UNIFORMS = 4  # a person's uniforms per day
_JOINED_DAY = attrgetter("joined_day")


@dataclass(slots=True, eq=False)
class Staff:
    """The HR state of one person."""

    person: Person
    team: str
    slot: int  # roster position (a backfill takes the leaver's)
    roster: Roster
    joined_day: int
    u: list[float]  # uniforms by day, then kind (leave, training, sickness, resignation)
    energy: float
    plan: list[str]
    leave_left: int = 0
    busy_mark: float = 0.0
    occupancy: float | None = None  # sustained occupancy (model/energy.py)
    ramp_scale: float = 1.0  # multiplier of the role's ramp_months (knowledge management)


class Workforce:
    """Rosters, time off, energy, attrition and hiring for every ticket-pulling team."""

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        cal: Calendar,
        teams: dict[str, Team],
        ledger: CostLedger,
        streams: RandomStreams,
        advice: HiringAdvice | None = None,
    ) -> None:
        self.env, self.scenario, self.cal, self.teams, self.ledger = (
            env, scenario, cal, teams, ledger)  # fmt: skip
        self.spec = scenario.people
        self.n_days = scenario.horizon_days
        self.streams = streams
        self.role_name = {n: t.role for n, t in scenario.teams.items()}
        self.roles = {
            n: self.spec.roles.get(t.role, RolePeople()) for n, t in scenario.teams.items()
        }
        self.salary = {n: scenario.roles[t.role].salary_usd for n, t in scenario.teams.items()}
        self.hourly = {n: s * scenario.loading_factor / HOURS_PER_YEAR_PAID
                       for n, s in self.salary.items()}  # fmt: skip
        self.hr_levers = advice
        self.pipeline = Pipeline(self.spec.hiring, self.roles, streams, self.hr_levers)
        self.staff: dict[str, list[Staff]] = {}
        self.slots: dict[str, list[int]] = {}
        self.numbers: dict[str, int] = {}
        self.planned_joined: dict[str, int] = {}
        self.moves: dict[str, list[int]] = {}  # [hires, departures] today
        self.rows: Columns[StaffDay] = Columns(StaffDay)
        self.team_rows: list[HeadcountDay] = []
        self._available: dict[tuple[str, int], float] = {}
        self._plans: dict[tuple[str, int], DayPlan] = {}
        #: daily resignation probability of each team's role (constant over the run)
        self._daily_quit = {
            n: en.daily_probability(r.annual_turnover) for n, r in self.roles.items()
        }
        for name, team in teams.items():
            if team.spec.pulls_work:
                self._install_team(name, team)
        #: P1 call-out handlers per team, which build.py adds to the teams' ``on_p1_queued``.
        self.on_call = on_call_handlers(env, self.spec.on_call, teams, self.staff)
        self._start_day(0)

    # -- setup ----------------------------------------------------------------------------
    def _install_team(self, name: str, team: Team) -> None:
        self.staff[name], self.slots[name] = [], []
        self.numbers[name], self.planned_joined[name] = len(team.people), 0
        self.moves[name] = [0, 0]
        for slot, person in enumerate(team.people):
            self._enrol(person, name, slot, INITIAL_JOIN_DAY)

    def _enrol(self, person: Person, team: str, slot: int, joined_day: int) -> Staff:
        t = self.teams[team]
        pattern = self.spec.shifts.get(team, _TEAM_PATTERN)
        key = (team, roster_key(pattern, slot))
        if key not in self._plans:
            self._plans[key] = shared_day_plan(pattern, self.cal, slot, self.n_days,
                                               self.spec.time_off.shrinkage)  # fmt: skip
        periods, present, open_hours = self._plans[key]
        overtime = self.spec.overtime if self.spec.overtime.enabled else None
        roster = Roster(periods, present, t.queue, lambda: len(t.people), overtime, open_hours)
        # the bound method, not the roster: calling an object through __call__ costs about
        # twice a method call, and a person asks after every job
        person.shift = roster.__call__
        # as a list, read every day, where a numpy item costs several times more; day by day,
        # so that the four a day reads are made (and kept in memory) side by side
        u = self.streams.rng(f"people.{person.name}").random((self.n_days + 2, 4)).ravel().tolist()
        staff = Staff(person, team, slot, roster, joined_day, u, self.spec.energy.initial,
                      [""] * (self.n_days + 2))  # fmt: skip
        self.staff[team].append(staff)
        first = max(joined_day, 0)
        self._plan(staff, first)
        self._plan(staff, first + 1)
        return staff

    # -- the daily cycle -----------------------------------------------------------------
    def run(self) -> Generator[simpy.Event, Any, None]:
        """Process: close every day at midnight and prepare the next."""
        for day in range(self.n_days):
            yield self.env.timeout((day + 1) * HOURS_PER_DAY - self.env.now)
            self._end_day(day)
            if day + 1 < self.n_days:
                self._start_day(day + 1)

    def close(self) -> None:
        """Book the last day (its midnight is the horizon, so ``run`` never reaches it): rows,
        extra hours and standby; nobody leaves or is planned after the end."""
        last = self.n_days - 1
        for team, members in self.staff.items():
            self._available[(team, last)] = self.available_hours(team, last)
            self._post_standby(team, members, last)
            for s in list(members):
                self._close_person_day(s, last)
            self._record_team(team, last)

    def _start_day(self, day: int) -> None:
        for req in self.pipeline.due(day):
            self._hire(req.team, day)
        for hire in self.pipeline.planned_on(day):
            for _ in range(hire.count):
                self._hire(hire.team, day)
                self.planned_joined[hire.team] += 1
        for team, members in self.staff.items():
            self._set_productivity(team, members, day)

    def _set_productivity(self, team: str, members: list[Staff], day: int) -> None:
        role, base = self.roles[team], self.teams[team].spec.productivity
        # people join on the day they are hired, so nobody's tenure is below the newest's:
        # when the newest member needs no mentor, nobody does
        newest = max(map(_JOINED_DAY, members), default=day)
        learners = 0
        if needs_mentor(day - newest, role):
            learners = sum(needs_mentor(day - s.joined_day, role) for s in members)
        mentors: set[int] = set()
        if learners:  # most days nobody is new: no seniors to sort
            seniors = [s for s in members
                       if ramp_factor(day - s.joined_day, role, s.ramp_scale) >= 1.0]  # fmt: skip
            mentors = {id(s) for s in sorted(seniors, key=lambda s: s.joined_day)[:learners]}
        spec = self.spec.energy
        effects = spec.effects
        for s in members:
            factor = base * ramp_factor(day - s.joined_day, role, s.ramp_scale)
            errors = 1.0
            if effects:
                output, errors = en.effects_of(s.energy, spec)
                factor *= output
            if mentors and id(s) in mentors:
                factor *= 1.0 - role.mentor_tax
            s.person.productivity = factor
            s.person.error_multiplier = errors

    def _end_day(self, day: int) -> None:
        for team, members in self.staff.items():
            self._available[(team, day)] = self.available_hours(team, day)
            self._post_standby(team, members, day)
            for s in list(members):
                self._close_person_day(s, day)
        for team, members in self.staff.items():
            for s in list(members):
                self._maybe_quit(s, day)
            self._review_capacity(team, day)
            self._record_team(team, day)
            for s in members:
                self._plan(s, day + 2)

    def _close_person_day(self, s: Staff, day: int) -> None:
        person, roster, spec = s.person, s.roster, self.spec.energy
        status = s.plan[day]
        worked = roster.present_hours[day] if status == "training" else roster.worked_today(day)
        available = roster.available_today(day)
        busy_total = person.busy_hours_closed + person.busy_hours_now()
        busy, s.busy_mark = busy_total - s.busy_mark, busy_total
        s.occupancy = en.sustained_occupancy(s.occupancy, busy, available, spec)
        at_work = s.occupancy if available > 0 else None
        s.energy = en.next_energy(s.energy, worked, at_work, spec)
        if status == "working" and ramp_factor(day - s.joined_day, self.roles[s.team],
                                               s.ramp_scale) < 1.0:  # fmt: skip
            status = "ramping"
        self.rows.append((  # a StaffDay's fields, in order (a named tuple costs a call more)
            person.name, s.team, self.role_name[s.team], day, status, worked,
            roster.overtime_hours, roster.callout_hours, busy, available, s.energy,
            person.productivity, en.is_burned_out(s.energy, spec),
        ))  # fmt: skip
        if roster.overtime_hours or roster.callout_hours:
            self._post_extra_hours(s.team, day, roster)
        roster.week_hours = 0.0 if (day + 1) % 7 == 0 else roster.week_hours + worked
        roster.overtime_hours = roster.callout_hours = 0.0

    def _post_extra_hours(self, team: str, day: int, roster: Roster) -> None:
        role = self.roles[team]
        if roster.overtime_hours and role.overtime_paid:
            usd = roster.overtime_hours * self.hourly[team] * role.overtime_rate
            self.ledger.post(day, "overtime", team, usd)
        on_call = self.spec.on_call.get(team)
        if roster.callout_hours and on_call is not None:
            usd = roster.callout_hours * self.hourly[team] * on_call.paid_rate
            self.ledger.post(day, "on_call", team, usd)

    def _post_standby(self, team: str, members: list[Staff], day: int) -> None:
        on_call = self.spec.on_call.get(team)
        usd = standby_usd(on_call, members, day, self.hourly[team]) if on_call else 0.0
        if usd:
            self.ledger.post(day, "on_call", team, usd)

    # -- absences --------------------------------------------------------------------------
    def _plan(self, s: Staff, day: int) -> None:
        """Decide the day's status one day ahead: working, off, leave, training or sick."""
        if day >= self.n_days or s.plan[day]:
            return
        roster, u, off = s.roster, s.u, self.spec.time_off
        if not roster.periods[day]:
            s.plan[day] = "off"
            return
        at = day * N_UNIFORMS
        work_days = roster.work_days_per_year
        if s.leave_left > 0:
            s.leave_left -= 1
            status = "pto"
        elif u[at + U_PTO] < off.pto_days_per_year / (off.pto_block_days * work_days):
            s.leave_left = off.pto_block_days - 1
            status = "pto"
        elif u[at + U_TRAINING] < off.training_days_per_year / work_days:
            status = "training"
        elif u[at + U_SICK] < en.sick_probability(off.unplanned_absence_per_day, s.energy,
                                             self.spec.energy):  # fmt: skip
            status = "sick"
        else:
            status = "working"
        s.plan[day] = status
        if status != "working":
            roster.off[day] = 1

    # -- leaving and joining ----------------------------------------------------------------
    def _maybe_quit(self, s: Staff, day: int) -> None:
        p = en.quit_probability_from_daily(self._daily_quit[s.team], s.energy, self.spec.energy)
        if s.u[day * N_UNIFORMS + U_QUIT] < p:
            self._depart(s, day)

    def _depart(self, s: Staff, day: int) -> None:
        person, team = s.person, self.teams[s.team]
        person.active, person.interrupted = False, True
        s.roster.off[day + 1 :] = b"\x01" * (len(s.roster.off) - day - 1)
        team.remove_person(person)
        self.staff[s.team].remove(s)
        self.slots[s.team].append(s.slot)
        if person.process.is_alive and person.process is not self.env.active_process:
            person.process.interrupt("leave")  # work in hand goes back to the queue
        self._mark_left(person.name, day)
        usd = self.roles[s.team].turnover_cost_fraction * self.salary[s.team]
        self.ledger.post(day, "turnover", s.team, usd)
        self.moves[s.team][1] += 1
        self.pipeline.on_departure(s.team, day)

    def _mark_left(self, name: str, day: int) -> None:
        """Turn the leaver's row of ``day`` into status ``left``."""
        people, days = self.rows.column("person"), self.rows.column("day")
        for i in range(len(self.rows) - 1, -1, -1):
            if people[i] == name and days[i] == day:
                self.rows.column("status")[i] = "left"
                return

    def _hire(self, team: str, day: int) -> None:
        t = self.teams[team]
        self.numbers[team] += 1
        person = Person(self.env, f"{team}.{self.numbers[team]}", t, t.spec.productivity)
        free = self.slots[team]
        slot = free.pop(free.index(min(free))) if free else len(t.people)
        t.add_person(person)
        staff = self._enrol(person, team, slot, day)
        if self.hr_levers is not None:
            staff.ramp_scale = self.hr_levers.ramp_months_factor(day)
        self.ledger.post(day, "hiring", team, self.roles[team].cost_per_hire_usd)
        self.moves[team][0] += 1

    # -- capacity and records ------------------------------------------------------------------
    def _review_capacity(self, team: str, day: int) -> None:
        trigger = self.spec.hiring.capacity
        if self.pipeline.policy(day) != "capacity" or (day + 1) % trigger.review_every_days:
            return
        first = day - trigger.trailing_days + 1
        busy = avail = 0.0
        rows = self.rows
        days, teams = rows.column("day"), rows.column("team")
        busy_hours, available_hours = rows.column("busy_hours"), rows.column("available_hours")
        for i in range(len(rows) - 1, -1, -1):
            if days[i] < first:
                break
            if teams[i] == team:
                busy, avail = busy + busy_hours[i], avail + available_hours[i]
        members = self.staff[team]
        burned = sum(en.is_burned_out(s.energy, self.spec.energy) for s in members)
        share = burned / len(members) if members else 1.0
        self.pipeline.review(team, day, self.teams[team].spec.headcount, len(members),
                             busy / avail if avail > 0 else 0.0, share)  # fmt: skip

    def _record_team(self, team: str, day: int) -> None:
        headcount = len(self.staff[team])
        base = self.teams[team].spec.headcount
        establishment = base + self.planned_joined[team] + self.pipeline.extra.get(team, 0)
        hires, departures = self.moves[team]
        self.moves[team] = [0, 0]
        self.team_rows.append(HeadcountDay(team, day, headcount, establishment,
                               max(0, establishment - headcount),
                               self.pipeline.open_count(team), hires, departures))  # fmt: skip

    def rostered_hours(self) -> dict[str, Callable[[int], float]]:
        """Per team, person-hours on roster by day; build.py sets each as the team's capacity."""
        return {name: partial(self.available_hours, name) for name in self.staff}

    def records(self) -> PeopleRecords:
        """The staff-day and headcount-day rows of the run."""
        return PeopleRecords(self.rows, self.team_rows)

    def available_hours(self, team: str, day: int) -> float:
        """Person-hours in which ``team`` could take tickets on ``day``."""
        closed = self._available.get((team, day))
        if closed is not None:
            return closed
        hours: float = 0  # a plain loop adds as sum() would, from int 0, without a generator
        for s in self.staff[team]:
            hours += s.roster.available_today(day)
        return hours


_TEAM_PATTERN = ShiftPattern()  # the team's own shift


def install_workforce(
    ctx: Replication, teams: dict[str, Team], advice: HiringAdvice | None = None
) -> Workforce | None:
    """Start the workforce of replication ``rep``, or None when every people feature is off.

    ``advice`` comes from another wing (leadership's capacity planning and knowledge
    management's ramp-up cut); ``build.py`` passes it in.
    """
    if not ctx.scenario.people.active:
        return None
    workforce = Workforce(
        ctx.env, ctx.scenario, ctx.calendar, teams, ctx.ledger, ctx.streams, advice
    )
    ctx.env.process(workforce.run())
    return workforce
