"""Pick-up and holding delays: the time a ticket waits that no one spends working on it.

Scenario: in real service desks most of a ticket's elapsed time is neither queueing for a free
person nor hands-on work. A ticket waits to be *picked up* (it sits assigned to a group that has
other priorities) and, once worked, is *held* open (its analyst has moved on to other tickets, a
fix waits to be confirmed). ``flow.pickup`` and ``flow.holding`` give both per stage and priority:
``desk`` (the first line resolves the ticket), ``desk_escalated`` (the first line's part of an
escalated ticket) and ``tier2``. Neither occupies anyone: the pick-up delay runs before the
ticket enters the stage's queue, the holding delay after the stage's work and before the ticket
moves on (to tier 2, a pause or resolution).

Each delay has two parts, each present with its own probability: ``office_hours`` run on the
business clock (a ticket held for 3 office hours from 17:00 is released at 10:00 the next
working day) and ``off_hours`` are calendar hours added after them (held past closing time).
A ticket that will also pause (known at arrival) uses the ``paused`` variant when one is given,
and a delay that starts outside office hours its ``after_hours`` variant (a ticket logged at
night is often resolved before the office opens, or waits for it).

With ``flow.delay_classes`` each incident first draws a class (in a log: the first-line group
that took it, whose habits differ: one group closes calls on the phone, another holds them for
days) from the ``incident.delay_class`` stream, and uses that class's delays.

Uniforms come from the ``incident.pickup.<stage>`` and ``incident.holding.<stage>`` streams,
four per ticket in ticket order, so arms that differ in staffing see the same delays (common
random numbers). Without ``flow.pickup`` and ``flow.holding`` nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from itsim.config.schema import Delay, DelayCase, DelayPart
from itsim.config.schema import Flow as FlowSpec
from itsim.model.core.calendar import Calendar
from itsim.model.core.distributions import quantile
from itsim.model.core.routing import desk_fcr, goes_on
from itsim.model.core.streams import RandomStreams
from itsim.model.core.work import Ticket

DELAY_KINDS = ("pickup", "holding")
DELAY_STAGES = ("desk", "desk_escalated", "tier2")
UNIFORMS_PER_TICKET = 4  # office: whether, how long; off hours: whether, how long


Blocks = dict[str, Mapping[Any, Mapping[Any, Delay]]]


def draw_delay_classes(
    spec: FlowSpec,
    priority: np.ndarray,
    escalates: np.ndarray,
    paused: np.ndarray,
    u: np.ndarray | None,
    period: np.ndarray | None = None,
) -> np.ndarray:
    """Each ticket's delay class: 0 (``flow.holding``/``flow.pickup``) or 1.. (the named
    ``flow.delay_classes`` in order), drawn from their shares for its priority (and for whether
    it will be escalated or pause, and for its arrival ``period`` where a class gives shares
    ``by_arrival``), normalised; 0 where no class has a share (a request)."""
    klass = np.zeros(len(priority), dtype=int)
    if u is None:
        return klass
    named = list(spec.delay_classes.values())
    when = period.tolist() if period is not None else [None] * len(priority)
    for i, p in enumerate(priority.tolist()):
        case = (p, bool(escalates[i]), bool(paused[i]), when[i])
        shares = np.array([_share(c, *case) for c in named])
        if shares.sum() > 0:
            cum = np.cumsum(shares) / shares.sum()
            klass[i] = 1 + min(int(np.searchsorted(cum, u[i], side="right")), len(named) - 1)
    return klass


def arrival_periods(spec: FlowSpec, calendar: Calendar, created: np.ndarray) -> np.ndarray | None:
    """Each ticket's arrival period when a class has shares ``by_arrival`` (else None, and
    nothing is computed: the draw is as without periods)."""
    if not any(c.by_arrival for c in spec.delay_classes.values()):
        return None
    return calendar.arrival_periods(created)


def class_uniforms(spec: FlowSpec, streams: RandomStreams, n: int) -> np.ndarray | None:
    """The ``incident.delay_class`` uniforms of ``n`` tickets (None without named classes),
    read from the stream's start so that the ticket draws and the delays see the same."""
    if not spec.delay_classes:
        return None
    return streams.uniforms_from_start("incident.delay_class", n)


def _draw_classes(
    spec: FlowSpec, calendar: Calendar, tickets: list[Ticket], u: np.ndarray | None
) -> np.ndarray:
    """:func:`draw_delay_classes` of ticket objects."""
    # drawn before the run: our desk's view of the one routing rule (core/routing.py)
    escalates = np.array([goes_on(t, desk_fcr(spec, t.priority)) for t in tickets], dtype=bool)
    paused = np.array([t.pause_hours > 0 for t in tickets], dtype=bool)
    priority = np.array([t.priority for t in tickets], dtype=object)
    created = np.array([t.created for t in tickets], dtype=float)
    period = arrival_periods(spec, calendar, created)
    return draw_delay_classes(spec, priority, escalates, paused, u, period)


def _share(
    delay_class: Any, priority: str, escalates: bool, paused: bool, period: str | None
) -> float:
    """The class's share for one incident: its arrival period's table where that lists the
    priority, else the class's own."""
    timed = delay_class.by_arrival.get(period) if period is not None else None
    if timed is not None:
        share = _table(timed, escalates, paused).get(priority)
        if share is not None:
            return float(share)
    return float(_table(delay_class, escalates, paused).get(priority, 0.0))


def _table(shares: Any, escalates: bool, paused: bool) -> dict[str, float]:
    """The share table of an incident's stratum, falling back to the plainer tables."""
    name = "share" + ("_escalated" if escalates else "") + ("_paused" if paused else "")
    table = getattr(shares, name)
    if table is None:  # the variant is not given: fall back to the plainer share
        table = shares.share_escalated if escalates else None
    return table if table is not None else shares.share


class DelayPolicy:
    """Draws and times the pick-up and holding delays of every ticket.

    Parameters
    ----------
    spec : itsim.config.schema.Flow
        ``pickup`` and ``holding``: stage -> priority -> :class:`~itsim.config.schema.Delay`,
        and ``delay_classes`` (each with its own ``pickup`` and ``holding``).
    calendar : Calendar
        The business clock of the office-hours parts.
    streams : RandomStreams
        Source of the ``incident.<kind>.<stage>`` streams.
    tickets : list of Ticket
        Every ticket of the run (ids 0..n-1); whether each will pause is read now, at arrival.
    """

    def __init__(
        self, spec: FlowSpec, calendar: Calendar, streams: RandomStreams, tickets: list[Ticket]
    ) -> None:
        self.calendar = calendar
        base: Blocks = {"pickup": spec.pickup, "holding": spec.holding}
        named = list(spec.delay_classes.values())
        self.classes = [base] + [{"pickup": c.pickup, "holding": c.holding} for c in named]
        self.row = {t.id: i for i, t in enumerate(tickets)}  # ticket id -> row of uniforms
        self.will_pause = np.array([t.pause_hours > 0 for t in tickets], dtype=bool)
        u = class_uniforms(spec, streams, len(tickets))
        self.klass = _draw_classes(spec, calendar, tickets, u)
        stages = {(k, s) for blocks in self.classes for k in DELAY_KINDS for s in blocks[k]}
        self.uniforms = {
            (kind, stage): streams.rng(f"incident.{kind}.{stage}").random(
                (len(tickets), UNIFORMS_PER_TICKET)
            )
            for kind, stage in sorted(stages)
        }
        self.held: set[tuple[int, str]] = set()  # (ticket, stage) whose holding has run
        self.delayed_hours = {kind: 0.0 for kind in DELAY_KINDS}  # totals, for checks

    def hours(self, kind: str, stage: str, ticket: Ticket, now: float) -> float:
        """Elapsed hours of the ``kind`` delay of ``ticket`` at ``stage``, starting at ``now``."""
        part = self._part(kind, stage, ticket, now)
        if part is None:
            return 0.0
        u = self.uniforms[(kind, stage)][self.row[ticket.id]]
        end = now
        if part.office_hours is not None and u[0] < part.probability:
            office = float(quantile(part.office_hours, u[1:2])[0])
            end = float(self.calendar.add_business_hours(np.array([now]), office)[0])
        if part.off_hours is not None and u[2] < part.off_hours_probability:
            end += float(quantile(part.off_hours, u[3:4])[0])
        self.delayed_hours[kind] += end - now
        return end - now

    def _part(self, kind: str, stage: str, ticket: Ticket, now: float) -> DelayPart | None:
        if ticket.kind != "incident" or ticket.id not in self.row:
            return None
        blocks = self.classes[self.klass[self.row[ticket.id]]]
        delay = blocks[kind].get(stage, {}).get(ticket.priority)
        if delay is None:
            return None
        case: DelayCase = delay
        if delay.paused is not None and self.will_pause[self.row[ticket.id]]:
            case = delay.paused
        if case.after_hours is not None and self.calendar.next_open(now) > now:
            return case.after_hours
        return case

    def hold_once(self, ticket: Ticket, stage: str) -> bool:
        """True the first time ``ticket`` finishes ``stage`` (its holding is still to come)."""
        key = (ticket.id, stage)
        if key in self.held:
            return False
        self.held.add(key)
        return True
