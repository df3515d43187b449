"""Ticket lifecycle: desk → (escalation or fulfilment) → resolution → possible reopen.

Scenario: a ticket arrives at the desk queue. The desk works it; an incident is resolved there
when its first-contact uniform falls below the FCR probability, otherwise it is handed off (after
a delay) to the tier-2 team that the routing table names for its category. A request whose
catalog item names a fulfilment team goes there after the desk touch. On resolution an incident
may reopen (once), returning after a delay to the team that resolved it with a fraction of that
stage's effort. The flow is driven by callbacks from teams, so a ticket costs no process of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from typing import Any

import simpy

from itsim.config.schema import Flow as FlowSpec
from itsim.model.core.holding import DelayPolicy
from itsim.model.core.pauses import AUTO_CLOSE, RESUME_STAGE, PausePolicy
from itsim.model.core.routing import DeskRouter, Router, goes_on
from itsim.model.core.teams import Team
from itsim.model.core.ticket_columns import TicketRecords
from itsim.model.core.work import RANK, Job, Stage, Ticket

#: A live contact (phone, chat) is taken before the written tickets of its class at the desk.
LIVE_AHEAD = 0.5


class WipMonitor:
    """Time-integral of the number of tickets in the system (for Little's law)."""

    def __init__(self) -> None:
        self.in_system = 0
        self.area = 0.0
        self._last = 0.0

    def change(self, now: float, delta: int) -> None:
        """Add ``delta`` tickets at time ``now`` (hours)."""
        self.area += self.in_system * (now - self._last)
        self._last = now
        self.in_system += delta

    def area_until(self, now: float) -> float:
        """Ticket-hours accumulated up to ``now``."""
        return self.area + self.in_system * (now - self._last)


#: A gate before the onward stage: called with the ticket and the action that moves it on.
Gate = Callable[[Ticket, Callable[[], None]], None]


class TicketFlow:
    """Moves tickets between team queues and records their outcome on the ticket itself."""

    def __init__(self, env: simpy.Environment, spec: FlowSpec, teams: dict[str, Team]) -> None:
        self.env = env
        self.spec = spec
        self.teams = teams
        self.desk = teams[spec.desk]
        self.wip = WipMonitor()
        self.edf = spec.dispatch == "edf"
        self.fifo = spec.dispatch == "fifo"  # arrival order across priorities (runs before tasks)
        self.resolved_hooks: list[Callable[[Ticket], None]] = []
        #: Called with (ticket, team, job) when a new ticket's first stage joins a queue.
        self.queued_hooks: list[Callable[[Ticket, Team, Job], None]] = []
        #: Extension points, filled only by build.py. Gates are called in order with
        #: (ticket, proceed) before the onward stage (the supply wing waits for stock there).
        self.gates: list[Gate] = []
        self.arrived = 0  # counters kept apart from the tickets, for conservation checks
        self.resolved = 0
        self.deflected = 0
        #: Replaced in build.py by the operating model when an operating-model block is on.
        self.router: Router = DeskRouter(spec, teams)
        self.pauses: PausePolicy | None = None  # set by the builder when flow.pauses is given
        #: set by the builder when flow.pickup or flow.holding is given
        self.delays: DelayPolicy | None = None
        #: Set by the builder when the run keeps tickets as columns: each ticket is recorded
        #: there as it leaves, and only the tickets in the system are kept as objects.
        self.records: TicketRecords | None = None
        self.open: dict[int, Ticket] = {}

    # -- arrivals ----------------------------------------------------------------------
    def feed(self, tickets: Iterable[Ticket]) -> Generator[simpy.Event, Any, None]:
        """Process: release each pre-drawn ticket at its arrival time.

        The process only starts the releases; each arrival is then a timeout whose callback
        lets the ticket in and sets the next timeout, at the same point a process resuming
        there would, so the order of events is the same without resuming a generator per
        ticket.
        """
        pending = iter(tickets)
        env, arrive = self.env, self.arrive

        def release(fired: simpy.Event | None) -> None:
            if fired is not None:  # a ticket's arrival timeout, which carries the ticket
                ticket = fired.value
                assert ticket is not None  # for the type checker: cast() costs a call a ticket
                arrive(ticket)
            for ticket in pending:
                delay = ticket.created - env.now
                if delay > 0:
                    env.timeout(delay, ticket).callbacks.append(release)
                    return
                arrive(ticket)

        release(None)
        yield from ()

    def arrive(self, ticket: Ticket) -> None:
        """A ticket enters the system at the desk."""
        # the clock reached the drawn time by summing delays; take its reading so that no later
        # timestamp can fall a rounding error before ``created``
        now = ticket.created = self.env.now
        self.arrived += 1
        taker = self.router.at_arrival(ticket, now)
        if taker is None:  # deflected or prevented: it never enters a queue
            ticket.deflected = True
            self.deflected += 1
            if self.records is not None:
                self.records.put(ticket)
            return
        if self.records is not None:
            self.open[ticket.id] = ticket
        # decided once, here: the hand-off and the pause split both read this answer
        ticket.goes_on = goes_on(ticket, self.router.first_contact_resolution(ticket, taker, now))
        self.wip.change(now, +1)
        job = self._send(ticket, taker, "desk", ticket.desk_hours)
        for hook in self.queued_hooks:
            hook(ticket, taker, job)

    def _send(self, ticket: Ticket, team: Team, stage: Stage, effort_hours: float) -> Job:
        ticket.last_team = team.name
        if stage != RESUME_STAGE:  # reopen effort stays a fraction of the whole stage
            ticket.last_hours = effort_hours
        if self.pauses is not None and stage in ("desk", "tier2"):
            resolving = stage == "tier2" or not ticket.goes_on
            effort_hours = self.pauses.effort_now(ticket, effort_hours, resolving)
        rank = RANK[ticket.priority]  # Ticket.rank, without a property call per stage
        key = (float(rank == 5), ticket.resolve_deadline) if self.edf else (rank, ticket.created)
        if self.fifo:
            key = (float(rank == 5), ticket.created)
        elif ticket.live and stage == "desk" and not self.edf:
            key = (rank - LIVE_AHEAD, ticket.created)  # a caller on the line goes first
        job = Job(ticket, stage, effort_hours, rank, key)
        if self.delays is not None and stage in ("desk", "tier2"):
            pickup = self.delays.hours(
                "pickup", self._delay_stage(ticket, stage), ticket, self.env.now
            )
            self._later(pickup, lambda: team.put(job))
            return job
        team.put(job)
        return job

    def _delay_stage(self, ticket: Ticket, stage: str) -> str:
        """``desk``, ``desk_escalated`` or ``tier2``: the stage key of pick-up and holding."""
        if stage == "desk" and ticket.goes_on:
            return "desk_escalated"
        return stage

    def _held(self, job: Job, ticket: Ticket) -> bool:
        """Start the stage's holding delay if it is due; True when the ticket is now held."""
        if self.delays is None or job.stage not in ("desk", "tier2"):
            return False
        if not self.delays.hold_once(ticket, job.stage):
            return False
        stage = self._delay_stage(ticket, job.stage)
        hold = self.delays.hours("holding", stage, ticket, self.env.now)
        if hold <= 0:
            return False
        self._later(hold, lambda: self.done(job))
        return True

    def _later(self, delay_hours: float, action: Callable[[], object]) -> None:
        if delay_hours <= 0:
            action()
        else:  # the timeout carries the action: no closure per hand-off and reopening
            self.env.timeout(delay_hours, action).callbacks.append(_act)

    # -- completions -------------------------------------------------------------------
    def done(self, job: Job) -> None:
        """A team finished a ticket stage."""
        ticket = job.item
        assert isinstance(ticket, Ticket)
        # held open after the work: done again when released
        if self.delays is not None and self._held(job, ticket):
            return
        if job.stage == "desk" and ticket.goes_on:
            target, delay_hours = self.router.onward(ticket, self.env.now)
            if ticket.kind == "incident":
                ticket.escalations += 1

            def hand_off() -> None:
                self._later(
                    delay_hours, lambda: self._send(ticket, target, "tier2", ticket.tier2_hours)
                )

            self._through_gates(ticket, hand_off)
            return
        if self.pauses is not None and job.stage != RESUME_STAGE and self._pause(ticket):
            return
        self.resolve(ticket, job)

    def _through_gates(self, ticket: Ticket, proceed: Callable[[], None], first: int = 0) -> None:
        if first == len(self.gates):
            proceed()
            return
        self.gates[first](ticket, lambda: self._through_gates(ticket, proceed, first + 1))

    def add_team(self, team: Team) -> None:
        """Make an operating model's team (an MSP) reachable by name; a name is taken once."""
        if team.name in self.teams:
            raise ValueError(f"a team named {team.name!r} is already in the flow")
        # a copy: the daily monitor keeps our own teams (the provider is not on our payroll)
        self.teams = {**self.teams, team.name: team}

    def _pause(self, ticket: Ticket) -> bool:
        team = self.teams[ticket.last_team]

        def resume(effort_hours: float) -> None:
            self._send(ticket, team, RESUME_STAGE, effort_hours)

        def close() -> None:
            self.close(ticket, AUTO_CLOSE)

        assert self.pauses is not None
        return self.pauses.take(ticket, self.env.now, self._later, resume, close)

    def resolve(self, ticket: Ticket, job: Job) -> None:
        """Resolve the ticket, or schedule its reopening."""
        team = self.teams[ticket.last_team]
        if ticket.reopened == 0 and ticket.reopen_u < self.spec.reopen_probability * job.quality:
            ticket.reopened = 1
            ticket.first_resolved = self.env.now  # what a log that keeps the first shows
            effort = ticket.last_hours * self.spec.reopen_effort_fraction
            self._later(
                self.spec.reopen_delay_hours, lambda: self._send(ticket, team, "reopen", effort)
            )
            return
        self.close(ticket, team.name)

    def close(self, ticket: Ticket, resolver: str) -> None:
        """The ticket leaves the system resolved, by ``resolver``."""
        now = ticket.resolved = self.env.now
        ticket.resolver = resolver
        self.resolved += 1
        self.wip.change(now, -1)
        for hook in self.resolved_hooks:
            hook(ticket)
        if self.records is not None:
            self.records.put(self.open.pop(ticket.id, ticket))

    def finish_records(self) -> TicketRecords | None:
        """The records with the tickets still in the system at the end of the run added."""
        if self.records is not None:
            for ticket in self.open.values():
                self.records.put(ticket)
            self.records.flush()
            self.open.clear()
        return self.records


def _act(fired: simpy.Event) -> None:
    """Callback of a :meth:`TicketFlow._later` timeout: do the action it carries."""
    action = fired.value
    assert action is not None  # (no typing.cast: a subscripted type is built at each call)
    action()
