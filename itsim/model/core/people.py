"""People: each person is a SimPy process that pulls work from the team queue while on shift.

Scenario: a person comes on shift, takes the most urgent job in the team queue (or waits for one),
works it at their productivity until it is done or the shift ends, and hands the result to the
flow. Work unfinished at shift end goes back to the queue with the effort still to do, so a
colleague on the next shift (or the same person tomorrow) carries on. A P1 may interrupt
lower-priority work when the team allows it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, cast

import simpy

from itsim.model.core.work import Job

if TYPE_CHECKING:
    from itsim.model.core.teams import Team

INF = math.inf
EPSILON_HOURS = 1e-9


class Person:
    """One member of a team.

    Parameters
    ----------
    env : simpy.Environment
    name : str
        Unique name, e.g. ``"desk.3"``.
    team : Team
        The team whose queue this person pulls from.
    productivity : float
        Standard effort hours completed per hour worked (1.0 = nominal).
    """

    # a department of thousands keeps thousands of people in play, each read after every
    # job: without an instance dict a person is smaller and its attributes are read directly
    __slots__ = (
        "active",
        "busy_hours_closed",
        "busy_since",
        "env",
        "error_multiplier",
        "interrupted",
        "job",
        "name",
        "process",
        "productivity",
        "seq",
        "shift",
        "team",
        "waiting",
    )  # fmt: skip

    def __init__(self, env: simpy.Environment, name: str, team: Team, productivity: float) -> None:
        self.env = env
        self.name = name
        self.team = team
        self.productivity = productivity
        self.job: Job | None = None
        self.busy_since = 0.0
        self.interrupted = False  # an interrupt is on its way; do not send a second one
        self.shift: ShiftFn = team.shift  # a roster (model/shifts.py) may replace it before run
        self.active = True  # False once the person has left the team
        self.seq = 0  # join order within the team (set by Team.add_person)
        self.busy_hours_closed = 0.0  # hours of finished work slices
        self.error_multiplier = 1.0  # scales the reopen probability of work this person resolves
        self.waiting: simpy.Event | None = None  # the last wait for work (see Team.release_idle)
        self.process = env.process(self.run())

    def run(self) -> Generator[simpy.Event, Any, None]:
        """Pull and work jobs for ever, respecting the shift."""
        env, team, queue, shift = self.env, self.team, self.team.queue, self.shift
        while self.active:
            now = env.now
            start, end = shift(now)
            if start > now:
                # off shift: wait for the start, on the timeout colleagues starting then share
                # (called out, or leaving: look again; a try costs nothing when nothing is
                # raised, contextlib.suppress would cost three calls every night)
                try:  # noqa: SIM105
                    yield team.wakeups.at(start)
                except simpy.Interrupt:
                    pass
                continue
            job = queue.pop()
            started = now  # no time has passed since the shift was looked up
            if job is None:
                # idle: a put hands a job over, or the period's end hands None (Team.release_idle)
                wanted = self.waiting = queue.wait()
                if end != INF:
                    team.period_ends.add(end, (self, wanted))
                try:
                    job = yield wanted
                except simpy.Interrupt:
                    self._withdraw(wanted)
                    continue
                if job is None:
                    continue  # the period ended first
                started = env.now
                if started >= end:  # handed over as the period ends: no zero-length slice
                    queue.put(job)
                    continue
            # work the job until done, the shift ends, or a P1 interrupts (inline rather than
            # a sub-generator: this is the model's innermost loop)
            hours = self._begin(job, started, end)
            try:
                yield env.timeout(hours)
            except simpy.Interrupt:
                hours = env.now - started
            self._end(job, started, hours)

    def _begin(self, job: Job, now: float, shift_end: float) -> float:
        """Take ``job`` at ``now``; the hours to work on it before the shift ends."""
        team = self.team
        self.job, self.busy_since, self.interrupted = job, now, False
        team.busy_people[self.seq] = self
        team.on_start(job, now)
        to_finish, to_shift_end = job.effort_hours / self.productivity, shift_end - now
        return to_shift_end if to_shift_end < to_finish else to_finish  # min(), inline

    def _end(self, job: Job, started: float, hours: float) -> None:
        """Stop working ``job`` after ``hours``: it is done, or goes back to the queue."""
        team = self.team
        self.job = None
        del team.busy_people[self.seq]
        team.busy_closed_hours += hours
        self.busy_hours_closed += hours
        job.effort_hours -= hours * self.productivity
        for hook in team.work_hooks:
            hook(self, job, started, started + hours)
        if job.effort_hours <= EPSILON_HOURS:
            job.quality = self.error_multiplier
            team.on_done(job)
        else:
            team.queue.put(job)

    def _withdraw(self, wanted: simpy.Event) -> None:
        """Stop waiting for work; a job already handed over goes back to the queue."""
        self.waiting = None  # the period's end no longer concerns this wait
        if not wanted.triggered:
            self.team.queue.cancel(wanted)
        elif wanted.value is not None:
            self.team.queue.put(cast(Job, wanted.value))

    def busy_hours_now(self) -> float:
        """Hours of the job in progress worked so far (0 when idle)."""
        return self.env.now - self.busy_since if self.job is not None else 0.0


ShiftFn = Callable[[float], tuple[float, float]]
