"""Business impact: what open incidents and waiting requests cost the business, by day.

Scenario: while a ticket is open its users cannot work normally. Each open hour on the impact
clock (business hours by default: users at work) costs users affected x loaded employee-hour x
the share of productivity its class loses, plus the class's non-labour loss per hour (revenue,
recovery; P1 by default). A request item may count only the time after its deadline (a new
starter without a laptop). A need given up for good costs its users' lost time once. The money
is posted to the ledger as the ``business_impact`` category, by the day it accrues.

With ``do_nothing_open_hours`` the same figures price a reference in which every need stays open
that long; the difference is the impact IT avoided (itsim/results/finance_kpis.py).

Common random numbers: users affected is a quantile of a per-need uniform drawn per ticket kind
in arrival order from the ``<kind>.users_affected`` stream; a re-contact shares its need's users.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from itsim.config.impact_schema import Impact, ImpactClass, ImpactItem
from itsim.model.core.abandonment import LOST
from itsim.model.core.calendar import Calendar
from itsim.model.core.distributions import quantile
from itsim.model.core.ledger import CostLedger
from itsim.model.core.streams import RandomStreams
from itsim.model.core.work import Ticket

IMPACT_CATEGORY = "business_impact"
HOURS_PER_DAY = 24.0
Elapsed = Callable[[np.ndarray], np.ndarray]


def users_affected(spec: Impact, tickets: list[Ticket], streams: RandomStreams) -> np.ndarray:
    """Users affected by each ticket's need, indexed by ticket position in ``tickets``."""
    first = [t for t in tickets if t.need < 0]
    by_need: dict[int, float] = {}
    for kind in sorted({t.kind for t in first}):
        group = sorted((t for t in first if t.kind == kind), key=lambda t: t.id)
        u = streams.uniforms(f"{kind}.users_affected", len(group))
        priority = np.array([t.priority for t in group], dtype=object)
        users = np.zeros(len(group))
        for cls, entry in spec.classes.items():
            mask = priority == cls
            users[mask] = quantile(entry.users_affected, u[mask])
        by_need.update(zip((t.id for t in group), users.tolist(), strict=True))
    return np.array([by_need.get(t.need_id, 0.0) for t in tickets])


def accrue_daily(
    start: np.ndarray, end: np.ndarray, usd_per_hour: np.ndarray, elapsed: Elapsed, days: int
) -> np.ndarray:
    """USD per day of the run for intervals [start, end) charged per chargeable hour.

    ``elapsed(t)`` is the chargeable hours from the run's start to ``t`` (t itself for a 24x7
    clock, business hours otherwise); intervals end at the horizon at the latest.
    """
    horizon = days * HOURS_PER_DAY
    end = np.minimum(end, horizon)
    keep = end > start
    start, end, rate = start[keep], end[keep], usd_per_hour[keep]
    at_midnight = elapsed(np.arange(days + 1) * HOURS_PER_DAY)
    first = np.minimum((start // HOURS_PER_DAY).astype(int), days - 1)
    last = np.minimum((end // HOURS_PER_DAY).astype(int), days - 1)
    out = np.zeros(days)
    same = first == last
    np.add.at(out, first[same], rate[same] * (elapsed(end[same]) - elapsed(start[same])))
    span = ~same
    np.add.at(out, first[span], rate[span] * (at_midnight[first[span] + 1] - elapsed(start[span])))
    np.add.at(out, last[span], rate[span] * (elapsed(end[span]) - at_midnight[last[span]]))
    between = np.zeros(days + 1)  # rate of the whole days strictly inside each interval
    np.add.at(between, first[span] + 1, rate[span])
    np.add.at(between, last[span], -rate[span])
    return out + np.cumsum(between)[:days] * np.diff(at_midnight)


class BusinessImpact:
    """Prices the open time of every ticket of a run and posts it to the ledger.

    Parameters
    ----------
    spec : itsim.config.impact_schema.Impact
    calendar : Calendar
        Business hours, for the ``business`` impact clock.
    horizon_days : int
    streams : RandomStreams
        Source of the ``<kind>.users_affected`` streams.
    """

    def __init__(
        self, spec: Impact, calendar: Calendar, horizon_days: int, streams: RandomStreams
    ) -> None:
        self.spec, self.calendar, self.days, self.streams = spec, calendar, horizon_days, streams

    def _elapsed(self, t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        return t if self.spec.clock == "24x7" else self.calendar.business_elapsed(t)

    def _item(self, ticket: Ticket) -> ImpactItem | None:
        items = self.spec.request_items
        return items.get(ticket.category) if ticket.kind == "request" and items else None

    def _rates(self, tickets: list[Ticket], users: np.ndarray, spec: ImpactClass) -> np.ndarray:
        """Labour loss (USD per open hour) of each ticket of one class."""
        shares = [getattr(self._item(t), "loss_share", spec.loss_share) for t in tickets]
        return users * np.array(shares) * self.spec.employee_loaded_hour_usd

    def _open_from(self, ticket: Ticket) -> float:
        item = self._item(ticket)
        return (
            ticket.resolve_deadline if item is not None and item.after_deadline else ticket.created
        )

    def post(self, tickets: list[Ticket], ledger: CostLedger) -> list[float] | None:
        """Post the impact of ``tickets`` by day; return the do-nothing reference by day.

        None when the scenario asks for no do-nothing reference.
        """
        users = users_affected(self.spec, tickets, self.streams)
        reference = np.zeros(self.days)
        for cls, spec in self.spec.classes.items():
            rows = [i for i, t in enumerate(tickets) if t.priority == cls]
            if not rows:
                continue
            group = [tickets[i] for i in rows]
            labour, other = (
                self._rates(group, users[rows], spec),
                np.full(len(rows), spec.other_usd_per_hour),
            )
            start = np.array([self._open_from(t) for t in group])
            end = np.array([_left(t, self.days * HOURS_PER_DAY) for t in group])
            for item, rate in ((str(cls), labour), (f"{cls}_other", other)):
                self._post_days(
                    ledger, item, accrue_daily(start, end, rate, self._elapsed, self.days)
                )
            self._post_lost(ledger, group, users[rows], spec)
            reference += self._reference(group, start, labour + other, str(cls))
        return reference.tolist() if self.spec.do_nothing_open_hours else None

    def _post_lost(
        self, ledger: CostLedger, tickets: list[Ticket], users: np.ndarray, spec: ImpactClass
    ) -> None:
        """A need given up for good costs its users' lost time once, on the day they gave up."""
        usd = spec.lost_demand_hours * self.spec.employee_loaded_hour_usd
        for ticket, count in zip(tickets, users, strict=True):
            if ticket.resolver == LOST and usd > 0:
                day = int(ticket.abandoned // HOURS_PER_DAY)
                ledger.post(day, IMPACT_CATEGORY, "lost_demand", usd * count)

    def _reference(
        self, tickets: list[Ticket], start: np.ndarray, rate: np.ndarray, cls: str
    ) -> np.ndarray:
        """Each need of the class left open ``do_nothing_open_hours`` (deflected ones too)."""
        hours = (self.spec.do_nothing_open_hours or {}).get(cls)  # type: ignore[call-overload]
        first = np.array([t.need < 0 for t in tickets], dtype=bool)
        if not hours or not first.any():
            return np.zeros(self.days)
        created = np.array([t.created for t in tickets])[first]
        if self.spec.clock == "24x7":
            end = created + hours
        else:
            end = self.calendar.add_business_hours(created, hours)
        return accrue_daily(start[first], end, rate[first], self._elapsed, self.days)

    def _post_days(self, ledger: CostLedger, item: str, usd: np.ndarray) -> None:
        for day in np.flatnonzero(usd > 0):
            ledger.post(int(day), IMPACT_CATEGORY, item, float(usd[day]))


def _left(ticket: Ticket, horizon: float) -> float:
    """When the ticket stopped costing: resolved, abandoned, deflected (at once) or the horizon."""
    if ticket.deflected:
        return ticket.created
    for t in (ticket.resolved, ticket.abandoned):
        if t == t:
            return t
    return horizon
