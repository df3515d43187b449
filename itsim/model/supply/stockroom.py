"""The stock room: every stocked item, the gate before fulfilment, reviews, daily records, costs.

Scenario: when the desk hands a ticket on to fulfilment (a request) or tier 2 (a hardware
incident), the gate asks the stock room for the units the ticket was drawn to need. Units on hand
are issued at once; the rest are waited for, and the ticket moves on only when it holds every
unit. Its SLA clock keeps running meanwhile. A leaver's returned device goes back into stock when
the offboarding request is resolved. Each item is reviewed on its own cycle; at every day end the
stock room records each item and posts the carrying cost of the units on hand and the suppliers'
monthly fees.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import simpy

from itsim.config.supply_schema import Supply
from itsim.model.context import Replication
from itsim.model.core.calendar import Calendar
from itsim.model.core.ledger import CostLedger
from itsim.model.core.streams import RandomStreams
from itsim.model.core.units import DAYS_PER_YEAR, HOURS_PER_DAY, MONTHS_PER_YEAR
from itsim.model.core.work import Ticket
from itsim.model.supply.licences import LicencePool
from itsim.model.supply.plan import SupplyPlan
from itsim.model.supply.records import FleetDay, InventoryDay, StockUnit, SupplyRecords
from itsim.model.supply.stock import Stock

_COUNTERS = ("received", "returned", "consumed", "ordered")


class StockRoom:
    """All stocked items of one replication, and the gate tickets pass before fulfilment."""

    def __init__(
        self, env: simpy.Environment, spec: Supply, plan: SupplyPlan, calendar: Calendar,
        ledger: CostLedger, streams: RandomStreams,
    ) -> None:  # fmt: skip
        self.env, self.spec, self.plan, self.ledger = env, spec, plan, ledger
        self.stocks = {
            name: Stock(env, name, item, spec.suppliers[spec.supplier_of(name)],
                        streams.rng(f"supply.lead.{name}"), calendar, ledger)
            for name, item in spec.items.items()
        }  # fmt: skip
        self.records = SupplyRecords(opening_stock={n: s.on_hand for n, s in self.stocks.items()})
        self._last = {name: (0, 0, 0, 0) for name in self.stocks}

    def gate(self, ticket: Ticket, proceed: Callable[[], None]) -> None:
        """Issue the units ``ticket`` needs, then call ``proceed`` (at once if none are short)."""
        needs = self.plan.needs.get(ticket.need_id, ())
        if not needs:
            proceed()
            return
        pending = [len(needs)]
        for item in needs:
            row = StockUnit(ticket.id, item, self.env.now)
            self.records.stock_units.append(row)
            self.stocks[item].take(self._filler(row, pending, proceed), ticket.kind == "incident")

    def _filler(self, row: StockUnit, pending: list[int], proceed: Callable[[], None]):
        def filled() -> None:
            row.issued_hours = self.env.now
            pending[0] -= 1
            if pending[0] == 0:
                proceed()

        return filled

    def resolved(self, ticket: Ticket) -> None:
        """A resolved offboarding request hands its device back to stock."""
        item = self.plan.returns.get(ticket.need_id)
        if item is not None:
            self.stocks[item].add(1, returned=True)

    def reviews(self, name: str) -> Generator[simpy.Event, Any, None]:
        """Process: review one item at the start and every ``review_days`` after."""
        stock = self.stocks[name]
        period_hours = stock.spec.policy.review_days * HOURS_PER_DAY
        while True:
            stock.review()
            if period_hours <= 0:
                return  # continuous review happens on every issue
            yield self.env.timeout(period_hours)

    def daily(self, horizon_days: int) -> Generator[simpy.Event, Any, None]:
        """Process: record every item and post holding cost and supplier fees at each day end."""
        rate = self.spec.carrying_rate_per_year / DAYS_PER_YEAR
        used = {self.spec.supplier_of(name) for name in self.stocks}
        fees = sorted((n, s.monthly_fee_usd) for n, s in self.spec.suppliers.items() if n in used)
        for day in range(horizon_days):
            yield self.env.timeout((day + 1) * HOURS_PER_DAY - self.env.now)
            for name, stock in self.stocks.items():
                self._record(name, stock, day)
                usd = stock.on_hand * stock.spec.unit_cost_usd * rate
                if usd > 0:
                    self.ledger.post(day, "inventory_carrying", name, usd)
            for supplier, monthly in fees:
                if monthly > 0:
                    self.ledger.post(day, "supply_fees", supplier,
                                     monthly * MONTHS_PER_YEAR / DAYS_PER_YEAR)  # fmt: skip

    def _record(self, name: str, stock: Stock, day: int) -> None:
        now = tuple(getattr(stock, c) for c in _COUNTERS)
        delta = [a - b for a, b in zip(now, self._last[name], strict=True)]
        self._last[name] = now
        self.records.inventory_days.append(
            InventoryDay(name, day, stock.on_hand, stock.on_order, stock.backorders, *delta)
        )


@dataclass(frozen=True)
class SupplyWing:
    """What build.py connects to the flow: the gate before fulfilment, the resolution hook."""

    records: SupplyRecords
    gate: Callable[[Ticket, Callable[[], None]], None]
    on_resolved: Callable[[Ticket], None]


def start_supply(ctx: Replication, plan: SupplyPlan) -> SupplyWing:
    """Build the stock room and licence pool and start their processes."""
    env, scenario, calendar, ledger = ctx.env, ctx.scenario, ctx.calendar, ctx.ledger
    spec = scenario.supply
    assert spec is not None
    room = StockRoom(env, spec, plan, calendar, ledger, ctx.streams)
    licences = LicencePool(env, spec.licences, scenario.company.employees, calendar, ledger)
    for name in room.stocks:
        env.process(room.reviews(name))
    env.process(room.daily(scenario.horizon_days))
    env.process(licences.run(scenario.horizon_days))
    env.process(licences.changes(plan.seat_starts, +1))
    env.process(licences.changes(plan.seat_stops, -1))
    if plan.fleet is not None:
        fleet = plan.fleet
        room.records.fleet_days = [
            FleetDay(d, float(fleet.mean_age_years[d]), float(fleet.incident_factor[d]))
            for d in range(fleet.mean_age_years.size)
        ]
    room.records.licence_days = licences.rows  # filled as the run goes
    return SupplyWing(room.records, room.gate, _on_resolved(room, licences, plan))


def _on_resolved(room: StockRoom, licences: LicencePool, plan: SupplyPlan):
    def on_resolved(ticket: Ticket) -> None:
        room.resolved(ticket)
        if ticket.need_id in plan.seat_ends:
            licences.leave()

    return on_resolved
