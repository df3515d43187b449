"""The one rule that decides whether a ticket goes on after its first stage, and the routers.

Scenario: a ticket's first stage is worked by whoever takes it at arrival — our desk, or an
operating model's team such as an MSP. Whether it then goes on is decided once, when it arrives,
by :func:`goes_on`: a ticket with no tier-2 (or fulfilment) team is resolved where it is; a
request with one always goes on; an incident goes on when its first-contact uniform is at or
above the first-contact-resolution probability of the team that took it, at that time. The
answer is kept on the ticket (``Ticket.goes_on``), so the flow's hand-off, the pause split (the
pause falls in the stage that resolves the ticket) and every router read the same decision.
Where a ticket goes on to, after what delay, is the router's :meth:`Router.onward`.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import repeat
from typing import Any, NamedTuple, Protocol

import numpy as np

from itsim.config.schema import Flow as FlowSpec
from itsim.model.core.teams import Team
from itsim.model.core.work import Ticket


class Onward(NamedTuple):
    """The stage after the first: the team that takes it and the hand-off delay (hours)."""

    team: Team
    delay_hours: float


def goes_on(ticket: Ticket, fcr: float) -> bool:
    """Whether ``ticket`` goes on after its first stage, given the taker's FCR probability."""
    if ticket.tier2_team is None:
        return False
    if ticket.kind == "request":
        return True
    return ticket.fcr_u >= fcr


def goes_on_array(
    kind: np.ndarray, fcr_u: np.ndarray, tier2: np.ndarray, fcr: np.ndarray
) -> np.ndarray:
    """:func:`goes_on` over arrays of tickets (used before the run, when tickets are drawn)."""
    return has_team(tier2) & ((kind == "request") | (fcr_u >= fcr))


def has_team(tier2: np.ndarray) -> np.ndarray:
    """Which tickets name a tier-2 (or fulfilment) team; ``None`` where one names none."""
    return np.asarray(tier2 != None)  # noqa: E711 (elementwise over the object array, in C)


def desk_fcr(spec: FlowSpec, priority: str) -> float:
    """Our desk's first-contact-resolution probability for a ticket of ``priority``."""
    by_priority: Mapping[Any, float] = spec.first_contact_resolution_by_priority
    return float(by_priority.get(priority, spec.first_contact_resolution))


def desk_fcr_array(spec: FlowSpec, priority: np.ndarray) -> np.ndarray:
    """:func:`desk_fcr` of every ticket in ``priority`` (one dictionary look-up each, in C)."""
    by_priority: Mapping[Any, float] = spec.first_contact_resolution_by_priority
    default = repeat(spec.first_contact_resolution)
    keys = priority.tolist()  # a list iterates in C, an object array item by item
    return np.fromiter(map(by_priority.get, keys, default), dtype=float, count=priority.size)


def look_up(mapping: Mapping[Any, Any], keys: np.ndarray) -> np.ndarray:
    """``mapping.get(key)`` of every key, as an object array (None where a key is missing)."""
    values = np.empty(keys.size, dtype=object)
    values[:] = list(map(mapping.get, keys.tolist()))  # a list iterates in C, an array not
    return values


class Router(Protocol):
    """Who takes a new ticket, with what FCR, and where it goes after its first stage."""

    def at_arrival(self, ticket: Ticket, now: float) -> Team | None:
        """The team that takes the ticket's first stage, or None when it is deflected."""

    def first_contact_resolution(self, ticket: Ticket, team: Team, now: float) -> float:
        """FCR probability of ``team`` for ``ticket`` at ``now`` (read by :func:`goes_on`)."""

    def onward(self, ticket: Ticket, now: float) -> Onward:
        """The next team and hand-off delay of a ticket that goes on (``goes_on`` was True)."""


class DeskRouter:
    """Our own desk takes every ticket and hands it to the tier-2 team its category names."""

    def __init__(self, spec: FlowSpec, teams: Mapping[str, Team]) -> None:
        self.spec = spec
        self.teams = teams
        self.desk = teams[spec.desk]

    def at_arrival(self, ticket: Ticket, now: float) -> Team | None:
        """Our desk."""
        return self.desk

    def first_contact_resolution(self, ticket: Ticket, team: Team, now: float) -> float:
        """Our desk's FCR for the ticket's priority."""
        return desk_fcr(self.spec, ticket.priority)

    def onward(self, ticket: Ticket, now: float) -> Onward:
        """The routed tier-2 (or fulfilment) team after our hand-off delay."""
        assert ticket.tier2_team is not None
        return Onward(self.teams[ticket.tier2_team], self.spec.handoff_hours)
