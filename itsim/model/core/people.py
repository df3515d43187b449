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
        self.process = env.process(self.run())

    def run(self) -> Generator[simpy.Event, Any, None]:
        """Pull and work jobs for ever, respecting the shift."""
        env, queue, shift = self.env, self.team.queue, self.shift
        while self.active:
            now = env.now
            start, end = shift(now)
            if start > now:
                # called out, or leaving: look again (a try costs nothing when nothing is
                # raised; contextlib.suppress would cost three calls every night)
                try:  # noqa: SIM105
                    yield env.timeout(start - now)
                except simpy.Interrupt:
                    pass
                continue
            job = queue.pop()
            started = now  # no time has passed since the shift was looked up
            if job is None:
                wanted = queue.wait()
                try:
                    if end == INF:
                        job = yield wanted
                    else:
                        yield first_of(env, wanted, env.timeout(end - now))
                        if not wanted.triggered:
                            queue.cancel(wanted)
                            continue
                        job = wanted.value
                except simpy.Interrupt:
                    self._withdraw(wanted)
                    continue
                started = env.now
            assert job is not None
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
        if wanted.triggered:
            self.team.queue.put(cast(Job, wanted.value))
        else:
            self.team.queue.cancel(wanted)

    def busy_hours_now(self) -> float:
        """Hours of the job in progress worked so far (0 when idle)."""
        return self.env.now - self.busy_since if self.job is not None else 0.0


def first_of(env: simpy.Environment, *events: simpy.Event) -> simpy.Event:
    """An event that succeeds (value None) when the first of ``events`` is processed.

    ``a | b`` without a ``simpy.Condition``: the returned event is scheduled at the same
    point as the condition would be, so the order of events is unchanged, but an idle wait no
    longer builds a condition, its value and its clean-up. ``events`` must be unprocessed.
    """
    done = env.event()
    waiting = True  # done.triggered, kept here: the first firing asks no property

    def fire(_event: simpy.Event) -> None:
        nonlocal waiting
        if waiting:
            waiting = False
            done.succeed()

    for event in events:
        event.callbacks.append(fire)
    return done


ShiftFn = Callable[[float], tuple[float, float]]
