"""Abandonment: users give up waiting for first touch; some come back, the rest is lost demand.

Scenario: each ticket arrives through a channel (phone, email, portal...). When its first stage is
queued, its user's patience starts to run (on the channel's clock). If nobody has touched the
ticket when it runs out, the ticket leaves the queue, abandoned. A share of those users contact
the desk again after a delay, through the same or another channel, as a new ticket of the same
need (same class, category, effort and decision uniforms), up to ``max_contacts`` contacts; the
others are lost demand.

Common random numbers: the channel, and for each of the need's possible contacts the patience,
re-contact and delay uniforms, are drawn per ticket kind in arrival order from the
``<kind>.channel``, ``<kind>.patience``, ``<kind>.recontact`` and ``<kind>.recontact.delay``
streams, so every arm sees the same users with the same patience; a faster desk simply answers
more of them in time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import simpy

from itsim.config.abandon_schema import Abandonment, Channel
from itsim.config.schema import SlaTarget
from itsim.model.core.calendar import Calendar
from itsim.model.core.distributions import quantile
from itsim.model.core.flow import TicketFlow
from itsim.model.core.streams import RandomStreams
from itsim.model.core.teams import Team
from itsim.model.core.work import Job, Ticket

MAX_CONTACTS = 4  # columns of uniforms drawn per need (the schema caps max_contacts here)
LOST, RECONTACTED = "lost", "recontact"  # the resolver of an abandoned ticket says which


class NeedDraws:
    """The uniforms of every need, by the id of its first ticket."""

    def __init__(self, tickets: list[Ticket], streams: RandomStreams) -> None:
        size = max((t.id for t in tickets), default=-1) + 1
        self.channel_u = np.zeros(size)
        self.patience_u = np.zeros((size, MAX_CONTACTS))
        self.recontact_u = np.zeros((size, MAX_CONTACTS))
        self.delay_u = np.zeros((size, MAX_CONTACTS))
        self.desk_hours = np.zeros(size)  # before any routing scales it
        for kind in sorted({t.kind for t in tickets}):
            ids = np.array([t.id for t in tickets if t.kind == kind], dtype=int)
            self.channel_u[ids] = streams.uniforms(f"{kind}.channel", ids.size)
            for name, table in (("patience", self.patience_u), ("recontact", self.recontact_u),
                                ("recontact.delay", self.delay_u)):  # fmt: skip
                table[ids] = streams.rng(f"{kind}.{name}").random((ids.size, MAX_CONTACTS))
        for t in tickets:
            self.desk_hours[t.id] = t.desk_hours


def pick_channel(channels: Mapping[str, Channel], u: float) -> str:
    """The channel whose cumulative share first exceeds ``u``."""
    total = 0.0
    for name, channel in channels.items():
        total += channel.share
        if u < total:
            return name
    return list(channels)[-1]  # u within rounding of 1


def recontact_channel(channel: Channel, u: float) -> str | None:
    """The channel a user who gave up comes back through, or None when the need is lost."""
    total = 0.0
    for name, share in channel.recontact.items():
        total += share
        if u < total:
            return name
    return None


class AbandonmentPolicy:
    """Runs users' patience against the queue and turns those who give up into re-contacts.

    Parameters
    ----------
    env : simpy.Environment
    spec : itsim.config.abandon_schema.Abandonment
    calendar : Calendar
        For business-hour patience clocks and re-contacts' SLA deadlines.
    sla : mapping of ticket class to SlaTarget
    flow : TicketFlow
        Re-contacts arrive through it; abandoned tickets leave its work in progress.
    tickets : list of Ticket
        The tickets drawn for the run (their ids index the draws).
    streams : RandomStreams
    """

    def __init__(
        self,
        env: simpy.Environment,
        spec: Abandonment,
        calendar: Calendar,
        sla: Mapping[Any, SlaTarget],
        flow: TicketFlow,
        tickets: list[Ticket],
        streams: RandomStreams,
    ) -> None:
        self.env, self.spec, self.calendar, self.flow = env, spec, calendar, flow
        self.sla = {str(k): v for k, v in sla.items()}
        self.draws = NeedDraws(tickets, streams)
        self.next_id = len(self.draws.channel_u)
        self.recontacts: list[Ticket] = []  # tickets created by users coming back
        self.abandoned = 0
        self.lost = 0
        for ticket in tickets:
            ticket.channel = pick_channel(spec.channels, float(self.draws.channel_u[ticket.id]))
            ticket.live = spec.channels[ticket.channel].live

    def on_queued(self, ticket: Ticket, team: Team, job: Job) -> None:
        """Start the user's patience when the ticket first joins a queue."""
        channel = self.spec.channels[ticket.channel]
        dist = channel.patience_for(ticket.priority)
        if dist is None:
            return
        u = self.draws.patience_u[ticket.need_id, ticket.contact]
        hours = float(quantile(dist, np.array([u]))[0])
        now = self.env.now
        if channel.patience_clock == "business":
            hours = float(self.calendar.add_business_hours(np.array([now]), hours)[0]) - now
        self.env.timeout(hours).callbacks.append(lambda _e: self._expire(ticket, team, job))

    def _expire(self, ticket: Ticket, team: Team, job: Job) -> None:
        if ticket.responded == ticket.responded or not team.queue.withdraw(job):
            return  # touched in time (or already in someone's hands)
        now = self.env.now
        ticket.abandoned = now
        self.abandoned += 1
        self.flow.wip.change(now, -1)
        back = self._comes_back(ticket)
        ticket.resolver = LOST if back is None else RECONTACTED
        if back is None:
            self.lost += 1
            return
        u = self.draws.delay_u[ticket.need_id, ticket.contact : ticket.contact + 1]
        delay = float(quantile(self.spec.recontact_delay_hours, u)[0])
        self.env.timeout(delay).callbacks.append(
            lambda _e: self._arrive(self._new_contact(ticket, back))
        )

    def _comes_back(self, ticket: Ticket) -> str | None:
        if ticket.contact + 1 >= self.spec.max_contacts:
            return None
        u = float(self.draws.recontact_u[ticket.need_id, ticket.contact])
        return recontact_channel(self.spec.channels[ticket.channel], u)

    def _new_contact(self, ticket: Ticket, channel: str) -> Ticket:
        """A new ticket of the same need, arriving now: its clock and deadlines start afresh."""
        now = np.array([self.env.now])
        target = self.sla[ticket.priority]
        respond, resolve = (
            float(self.calendar.deadline(now, hours, target.clock)[0])
            for hours in (target.respond_hours, target.resolve_hours)
        )
        copy = Ticket(
            self.next_id, ticket.kind, ticket.priority, ticket.category, float(now[0]), respond,
            resolve,
            float(self.draws.desk_hours[ticket.need_id]), ticket.tier2_team, ticket.tier2_hours,
            ticket.fcr_u, ticket.reopen_u, pause_hours=ticket.pause_hours,
            user_pause_hours=ticket.user_pause_hours, channel=channel, need=ticket.need_id,
            contact=ticket.contact + 1, live=self.spec.channels[channel].live,
        )  # fmt: skip
        self.next_id += 1
        return copy

    def _arrive(self, ticket: Ticket) -> None:
        self.recontacts.append(ticket)
        self.flow.arrive(ticket)

    def close(self) -> dict[str, Any]:
        """Counters for the conservation check (re-contacts are counted as arrivals)."""
        return {"abandoned": self.abandoned, "lost_demand": self.lost,
                "recontacts_created": len(self.recontacts)}  # fmt: skip
