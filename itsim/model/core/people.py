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
from contextlib import suppress
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
                with suppress(simpy.Interrupt):  # called out, or leaving: look again
                    yield env.timeout(start - now)
                continue
            job = queue.pop()
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
            assert job is not None
            yield from self.work(job, end)

    def work(self, job: Job, shift_end: float) -> Generator[simpy.Event, Any, None]:
        """Work ``job`` until done, the shift ends, or a P1 interrupts."""
        env = self.env
        now = env.now
        self.job, self.busy_since, self.interrupted = job, now, False
        self.team.busy_people[self.seq] = self
        self.team.on_start(job, now)
        hours = min(job.effort_hours / self.productivity, shift_end - now)
        try:
            yield env.timeout(hours)
        except simpy.Interrupt:
            hours = env.now - now
        self.job = None
        del self.team.busy_people[self.seq]
        self.team.busy_closed_hours += hours
        self.busy_hours_closed += hours
        job.effort_hours -= hours * self.productivity
        for hook in self.team.work_hooks:
            hook(self, job, now, now + hours)
        if job.effort_hours <= EPSILON_HOURS:
            job.quality = self.error_multiplier
            self.team.on_done(job)
        else:
            self.team.queue.put(job)

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

    def fire(_event: simpy.Event) -> None:
        if not done.triggered:
            done.succeed()

    for event in events:
        event.callbacks.append(fire)
    return done


ShiftFn = Callable[[float], tuple[float, float]]
