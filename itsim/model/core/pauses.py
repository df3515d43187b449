"""Pauses: a ticket waits on the user, a vendor or something else, without occupying anyone.

Scenario: an incident may wait on its caller (more information, a test of the fix), on a vendor
(a part, a patch) or on something else (a problem record, a change window). Whether it waits, and
for how long, is drawn at arrival from the ``incident.pause.<kind>`` and
``incident.pause.<kind>.hours`` streams, one pair per kind, so arms that differ in staffing see
the same pauses (common random numbers). A ticket that waits on several kinds waits for the sum.

The pause falls in the stage that resolves the ticket (the desk when it is resolved at first
contact, tier 2 otherwise): the person works ``1 - pause_effort_after_fraction`` of the stage's
effort, hands the ticket back, the ticket waits its pause hours in no queue, then re-enters the
queue of the same team with the rest of the effort. Pauses therefore add elapsed time but no
work. With ``pause_stops_sla_clock`` the resolve deadline moves out by the pause, measured on the
priority's SLA clock (business hours for a ``business`` clock); otherwise the clock runs on.

Auto-closure (``abandonment.auto_close_awaiting_user_business_days``): the wait on the user comes
last in a ticket's pause; when it would outlast the limit, counted in business days from its
start, the ticket is resolved as ``auto_close`` at the limit and the rest of its effort is never
worked (the tool's "no response from caller").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import repeat
from typing import Any

import numpy as np

from itsim.config.schema import Flow as FlowSpec
from itsim.config.schema import SlaTarget
from itsim.model.core.calendar import Calendar
from itsim.model.core.distributions import quantile
from itsim.model.core.routing import desk_fcr_array, goes_on_array
from itsim.model.core.streams import RandomStreams
from itsim.model.core.work import Stage, Ticket

PAUSE_KINDS = ("user", "vendor", "other")
RESUME_STAGE: Stage = "resume"
AUTO_CLOSE = "auto_close"  # the resolver of a ticket closed for want of a reply


def draw_pause_hours(
    spec: FlowSpec,
    priority: np.ndarray,
    streams: RandomStreams,
    escalated: np.ndarray | None = None,
) -> np.ndarray:
    """Total pause hours of each incident (0 when it never waits), drawn at arrival.

    The sum over kinds of :func:`draw_pauses`, which documents the parameters.
    """
    return total_pause_hours(draw_pauses(spec, priority, streams, escalated), priority.size)


def total_pause_hours(by_kind: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """Pause hours of each of ``n`` incidents summed over kinds, in ``PAUSE_KINDS`` order."""
    total = np.zeros(n)
    for hours in by_kind.values():
        total += hours
    return total


def draw_pauses(
    spec: FlowSpec,
    priority: np.ndarray,
    streams: RandomStreams,
    escalated: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Pause hours of each incident per kind (0 when it never waits), drawn at arrival.

    Parameters
    ----------
    spec : itsim.config.schema.Flow
        ``pauses`` per kind: probability per priority and duration (hours).
    priority : ndarray of str
        Priority of each incident, in arrival order.
    streams : RandomStreams
        Source of the ``incident.pause.<kind>`` and ``incident.pause.<kind>.hours`` streams.
    escalated : ndarray of bool, optional
        Whether each incident will be escalated (known at arrival from its first-contact
        uniform); selects ``probability_escalated`` where a kind gives it.

    Returns
    -------
    dict of str to ndarray
        Pause hours per incident for each configured kind; empty (and no stream used) when no
        pause is configured.
    """
    n = priority.size
    by_kind: dict[str, np.ndarray] = {}
    for kind in PAUSE_KINDS:
        pause = spec.pauses.get(kind)  # type: ignore[call-overload]
        if pause is None:
            continue
        u_pause = streams.uniforms(f"incident.pause.{kind}", n)
        u_hours = streams.uniforms(f"incident.pause.{kind}.hours", n)
        threshold = _thresholds(pause.probability, priority)
        if pause.probability_escalated is not None and escalated is not None:
            high = _thresholds(pause.probability_escalated, priority)
            threshold = np.where(escalated, high, threshold)
        paused = u_pause < threshold
        by_kind[kind] = np.zeros(n)
        by_kind[kind][paused] = quantile(pause.hours, u_hours[paused])
    return by_kind


def _thresholds(probability: Mapping[Any, float], priority: np.ndarray) -> np.ndarray:
    found = map(probability.get, priority, repeat(0.0))  # a look-up per ticket, in C
    return np.fromiter(found, dtype=float, count=priority.size)


def will_escalate(
    spec: FlowSpec, priority: np.ndarray, fcr_u: np.ndarray, tier2: np.ndarray
) -> np.ndarray:
    """Which incidents our desk will escalate, by the routing rule (:mod:`.routing`).

    Drawn before the run, so it assumes our desk takes the ticket; an MSP that takes it at run
    time decides with its own FCR (the drawn pause probability keeps this estimate).
    """
    fcr = desk_fcr_array(spec, priority)
    return goes_on_array(np.full(priority.size, "incident"), fcr_u, tier2, fcr)


class PausePolicy:
    """Splits the resolving stage around the ticket's pause and moves its SLA clock.

    Parameters
    ----------
    spec : itsim.config.schema.Flow
        ``pause_effort_after_fraction`` and ``pause_stops_sla_clock``.
    calendar : Calendar
        For business-time SLA clocks.
    sla : mapping of ticket class to SlaTarget
        The clock each priority's resolve target runs on.
    """

    def __init__(
        self,
        spec: FlowSpec,
        calendar: Calendar,
        sla: Mapping[Any, SlaTarget],
        auto_close_business_days: float | None = None,
    ) -> None:
        self.auto_close_business_days = auto_close_business_days
        self.after_fraction = spec.pause_effort_after_fraction
        self.stops_clock = spec.pause_stops_sla_clock
        self.calendar = calendar
        self.clocks = {str(name): target.clock for name, target in sla.items()}
        self.paused = 0  # tickets that have paused so far

    def effort_now(self, ticket: Ticket, effort_hours: float, resolving: bool) -> float:
        """Effort to do before the pause; the rest is kept on the ticket for after it."""
        if not resolving or ticket.pause_hours <= 0:
            return effort_hours
        ticket.pause_effort_hours = effort_hours * self.after_fraction
        return effort_hours - ticket.pause_effort_hours

    def take(
        self,
        ticket: Ticket,
        now: float,
        later: Callable[[float, Callable[[], None]], None],
        resume: Callable[[float], None],
        close: Callable[[], None] | None = None,
    ) -> bool:
        """Start the ticket's pause if one is due; True when it paused (the stage is not done).

        ``later(delay, action)`` schedules ``action``; ``resume(effort)`` re-queues the ticket at
        the team that worked it; ``close()`` resolves it unanswered (auto-closure).
        """
        hours = ticket.pause_hours
        if hours <= 0:
            return False
        ticket.pause_hours = 0.0  # one pause per ticket
        self.paused += 1
        closes_at = self._auto_close_at(ticket, now, hours) if close is not None else None
        if self.stops_clock:
            self._move_deadline(ticket, now, now + hours if closes_at is None else closes_at)
        if closes_at is None:
            later(hours, lambda: resume(ticket.pause_effort_hours))
        else:
            later(closes_at - now, close)  # type: ignore[arg-type]
        return True

    def _auto_close_at(self, ticket: Ticket, now: float, hours: float) -> float | None:
        """When the silent user's ticket is closed, or None when the user answers in time."""
        days = self.auto_close_business_days
        if days is None or ticket.user_pause_hours <= 0:
            return None
        silent_from = now + hours - ticket.user_pause_hours
        limit = days * self.calendar.day_hours
        closes_at = float(self.calendar.add_business_hours(np.array([silent_from]), limit)[0])
        return closes_at if closes_at < now + hours else None

    def _move_deadline(self, ticket: Ticket, start: float, end: float) -> None:
        clock = self.clocks.get(ticket.priority, "24x7")
        if clock == "24x7":
            ticket.resolve_deadline += end - start
            return
        cal = self.calendar
        stopped = cal.business_elapsed(np.array([start, end]))
        moved = cal.add_business_hours(np.array([ticket.resolve_deadline]), stopped[1] - stopped[0])
        ticket.resolve_deadline = float(moved[0])
