"""Licence seat pools: monthly cost, true-up when over-deployed, shelfware when under.

Scenario: each product has a contracted seat count and a price per seat-month. Seats in use are
``ceil(seats_per_employee × headcount)``; the headcount starts at the company's employees, rises
when a joiner's onboarding request arrives (accounts are provisioned up front) and falls when a
leaver's offboarding request is resolved (seats are reclaimed only then: slow offboarding is paid
for). Every day the contracted seats are paid (price × 12 / 365 a seat). Seats used beyond the
contract accrue seat-days; at each true-up (every ``true_up_months`` calendar months, and at the
horizon for what has accrued) they are billed at ``true_up_factor`` × list price, and the
contract resets to the seats in use. Contracted seats not in use are shelfware, reported but not
charged twice (they are already in the monthly cost).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from itsim.config.supply_schema import Licence
from itsim.model.core.calendar import Calendar
from itsim.model.core.ledger import CostLedger
from itsim.model.core.units import DAYS_PER_YEAR, HOURS_PER_DAY, MONTHS_PER_YEAR
from itsim.model.supply.records import LicenceDay


class LicencePool:
    """Seat pools of every product, driven by the company headcount."""

    def __init__(
        self, env: simpy.Environment, products: dict[str, Licence], employees: int,
        calendar: Calendar, ledger: CostLedger,
    ) -> None:  # fmt: skip
        self.env, self.products, self.calendar, self.ledger = env, products, calendar, ledger
        self.headcount = employees
        self.contracted = {name: spec.seats for name, spec in products.items()}
        self.over_seat_days = dict.fromkeys(products, 0.0)
        self.rows: list[LicenceDay] = []

    def in_use(self, name: str) -> int:
        """Seats of ``name`` in use for the current headcount."""
        return math.ceil(self.products[name].seats_per_employee * self.headcount - 1e-9)

    def changes(self, times: np.ndarray, delta: int) -> Generator[simpy.Event, Any, None]:
        """Process: change the headcount by ``delta`` at each time (hours, sorted)."""
        for t in times:
            if t > self.env.now:
                yield self.env.timeout(float(t) - self.env.now)
            self.headcount += delta

    def leave(self) -> None:
        """One person's seats are reclaimed now."""
        self.headcount -= 1

    def run(self, horizon_days: int) -> Generator[simpy.Event, Any, None]:
        """Process: close each day, and true up at the end of each true-up period."""
        months = self.calendar.month_of_day(np.arange(horizon_days + 1))
        for day in range(horizon_days):
            yield self.env.timeout((day + 1) * HOURS_PER_DAY - self.env.now)
            for name, spec in self.products.items():
                self._close_day(name, spec, day)
                month_ends = months[day + 1] != months[day]
                if (month_ends and months[day + 1] % spec.true_up_months == 0) or (
                    day == horizon_days - 1
                ):
                    self._true_up(name, spec, day)

    def _close_day(self, name: str, spec: Licence, day: int) -> None:
        seat_day_usd = spec.seat_month_usd * MONTHS_PER_YEAR / DAYS_PER_YEAR
        contracted, used = self.contracted[name], self.in_use(name)
        self.ledger.post(day, "licences", name, contracted * seat_day_usd)
        self.over_seat_days[name] += max(used - contracted, 0)
        self.rows.append(LicenceDay(name, day, self.headcount, contracted, used))

    def _true_up(self, name: str, spec: Licence, day: int) -> None:
        seat_day_usd = spec.seat_month_usd * MONTHS_PER_YEAR / DAYS_PER_YEAR
        usd = self.over_seat_days[name] * seat_day_usd * spec.true_up_factor
        if usd > 0:
            self.ledger.post(day, "licence_true_up", name, usd)
        self.over_seat_days[name] = 0.0
        if spec.adjust_at_true_up:
            self.contracted[name] = self.in_use(name)
