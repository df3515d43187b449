"""One stocked item: units on hand, orders in the pipeline, demand waiting, the reorder rule.

Scenario: a ticket asks for a unit. If one is on hand (above the spares reserve, for requests) it
is issued at once; otherwise the ticket waits in line, break/fix first, until a delivery or a
returned device arrives. Whenever the stock is reviewed (every ``review_days``, or after every
issue when that is 0) and the inventory position (on hand + on order − backorders) is at or below
the reorder point, an order goes to the supplier; it arrives after a lead time drawn from the
item's own stream ``supply.lead.<item>``, at the next business opening. Units issued are counted
as consumed, deliveries as received and returned devices as returned, so at every instant
``on_hand = initial + received + returned − consumed``.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

import numpy as np
import simpy

from itsim.config.supply_schema import StockItem, Supplier
from itsim.model.core.calendar import Calendar
from itsim.model.core.distributions import quantile
from itsim.model.core.ledger import CostLedger
from itsim.model.core.units import HOURS_PER_DAY

Filled = Callable[[], None]


def order_quantity(position: int, spec: StockItem) -> int:
    """Units to order at a review with inventory ``position`` (0 when above the reorder point)."""
    policy = spec.policy
    if position > policy.reorder_point:
        return 0
    if policy.order_up_to is not None:
        return policy.order_up_to - position
    assert policy.order_quantity is not None
    lots = (policy.reorder_point - position) // policy.order_quantity + 1
    return lots * policy.order_quantity


class Stock:
    """Stock of one item with its supplier, reorder rule and waiting lines.

    Parameters
    ----------
    env : simpy.Environment
    name : str
        Item name, e.g. ``"laptop"``.
    spec : StockItem
        Unit cost, opening stock, reorder policy, spares reserve.
    supplier : Supplier
        Lead-time distribution (days), price factor and order fee.
    rng : numpy.random.Generator
        The item's lead-time stream.
    calendar : Calendar
        Deliveries land at the next business opening.
    ledger : CostLedger
        Purchases (``devices``) and order fees (``supply_fees``) are posted here.
    """

    def __init__(
        self, env: simpy.Environment, name: str, spec: StockItem, supplier: Supplier,
        rng: np.random.Generator, calendar: Calendar, ledger: CostLedger,
    ) -> None:  # fmt: skip
        self.env, self.name, self.spec, self.supplier = env, name, spec, supplier
        self.rng, self.calendar, self.ledger = rng, calendar, ledger
        self.on_hand = spec.initial_stock
        self.on_order = 0
        self.received = self.returned = self.consumed = self.ordered = 0
        self._fix: deque[Filled] = deque()  # break/fix waits first
        self._req: deque[Filled] = deque()

    @property
    def backorders(self) -> int:
        """Units asked for and not yet issued."""
        return len(self._fix) + len(self._req)

    @property
    def position(self) -> int:
        """Inventory position: on hand + on order − backorders."""
        return self.on_hand + self.on_order - self.backorders

    def take(self, filled: Filled, break_fix: bool) -> None:
        """Ask for one unit; ``filled()`` is called when it is issued (now or later)."""
        line = self._fix if break_fix else self._req
        if not line and self.on_hand > (0 if break_fix else self.spec.spares_reserve):
            self._issue(filled)
        else:
            line.append(filled)
        if self.spec.policy.review_days == 0:
            self.review()

    def _issue(self, filled: Filled) -> None:
        self.on_hand -= 1
        self.consumed += 1
        filled()

    def add(self, units: int, returned: bool = False) -> None:
        """Put ``units`` into stock (a delivery, or returned devices) and serve waiting lines."""
        self.on_hand += units
        if returned:
            self.returned += units
        else:
            self.received += units
        while self._fix and self.on_hand > 0:
            self._issue(self._fix.popleft())
        while self._req and self.on_hand > self.spec.spares_reserve:
            self._issue(self._req.popleft())

    def review(self) -> None:
        """Order if the inventory position is at or below the reorder point."""
        units = order_quantity(self.position, self.spec)
        if units > 0:
            self.order(units)

    def order(self, units: int) -> None:
        """Place an order for ``units``; it is delivered after a drawn lead time."""
        now = self.env.now
        self.on_order += units
        self.ordered += units
        day = int(now // HOURS_PER_DAY)
        if self.supplier.order_fee_usd:
            self.ledger.post(day, "supply_fees", self.name, self.supplier.order_fee_usd)
        lead_days = float(quantile(self.supplier.lead_time_days, self.rng.random(1))[0])
        due = self.calendar.next_open(now + lead_days * HOURS_PER_DAY)
        if math.isinf(due):
            due = now + lead_days * HOURS_PER_DAY
        self.env.timeout(due - now).callbacks.append(lambda _event: self._deliver(units))

    def _deliver(self, units: int) -> None:
        self.on_order -= units
        usd = units * self.spec.unit_cost_usd * self.supplier.price_factor
        self.ledger.post(int(self.env.now // HOURS_PER_DAY), "devices", self.name, usd)
        self.add(units)
