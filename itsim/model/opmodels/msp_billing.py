"""What an MSP charges: fixed fees, per-ticket and hourly charges, block hours, SLA credits.

Fixed fees (onboarding on day one, per user per month accrued daily, prepaid block hours on the
first day of each month) are known before the run and posted up front. Each ticket the provider
takes is charged when taken: its per-ticket price by class, and its hours at the hourly rate
(times the after-hours multiplier when taken outside business hours), drawn first from the
month's prepaid block. After the run, every covered ticket whose first touch came later than the
contract's response target is a miss; a month's credit is ``min(cap, misses * per_miss)`` of
that month's charges, posted as a negative ``credits`` line on the month's last day.
"""

from __future__ import annotations

import math

import numpy as np

from itsim.config.msp_schema import MspPricing, MspSla
from itsim.model.core.calendar import Calendar
from itsim.model.core.ledger import CostLedger
from itsim.model.core.units import DAYS_PER_YEAR, HOURS_PER_DAY, MONTHS_PER_YEAR
from itsim.model.core.work import Ticket

CATEGORY = "msp"


class MspBilling:
    """The provider's invoice for one replication, posted to the cost ledger.

    Parameters
    ----------
    pricing, sla : MspPricing, MspSla
        The contract.
    calendar : Calendar
        Maps days to calendar months.
    ledger : CostLedger
        Where charges go (category ``msp``).
    employees : int
        Users covered by a per-user price.
    horizon_days : int
        Length of the run (days).
    """

    def __init__(
        self,
        pricing: MspPricing,
        sla: MspSla,
        calendar: Calendar,
        ledger: CostLedger,
        employees: int,
        horizon_days: int,
    ) -> None:
        self.pricing = pricing
        self.sla = sla
        self.ledger = ledger
        self.horizon_days = horizon_days
        self.month_of_day = calendar.month_of_day(np.arange(horizon_days)).tolist()
        self.ticket_usd = {str(k): v for k, v in pricing.per_ticket_usd.items()}
        self.respond_hours = {str(k): v for k, v in sla.respond_hours.items()}
        self.month_usd: dict[int, float] = {}
        self.block_left: dict[int, float] = {}
        self.taken: list[tuple[Ticket, float]] = []  # (ticket, time taken in hours)
        self._post_fixed(employees)

    def _day(self, now: float) -> int:
        """The day (0-based, within the run) of time ``now`` (hours)."""
        return min(int(now // HOURS_PER_DAY), self.horizon_days - 1)

    def _post(self, day: int, item: str, usd: float) -> None:
        if usd:
            self.ledger.post(day, CATEGORY, item, usd)
            month = self.month_of_day[day]
            self.month_usd[month] = self.month_usd.get(month, 0.0) + usd

    def _post_fixed(self, employees: int) -> None:
        p = self.pricing
        self._post(0, "onboarding", p.onboarding_fee_usd)
        per_user_day = p.per_user_per_month_usd * employees * MONTHS_PER_YEAR / DAYS_PER_YEAR
        block_fee = p.block_hours_per_month * p.hourly_usd * (1.0 - p.block_discount)
        for day in range(self.horizon_days):
            self._post(day, "per_user", per_user_day)
            month = self.month_of_day[day]
            if month not in self.block_left:
                self.block_left[month] = p.block_hours_per_month
                self._post(day, "block_hours", block_fee)

    def charge(self, ticket: Ticket, now: float, effort_hours: float, after_hours: bool) -> None:
        """Bill a ticket the provider takes at ``now`` with ``effort_hours`` of its work."""
        self.taken.append((ticket, now))
        day = self._day(now)
        self._post(day, "per_ticket", self.ticket_usd.get(ticket.priority, 0.0))
        self.charge_hours(now, effort_hours, after_hours)

    def charge_hours(self, now: float, effort_hours: float, after_hours: bool) -> None:
        """Bill ``effort_hours`` of the provider's work begun at ``now`` (hourly pricing only)."""
        if self.pricing.hourly_usd > 0:
            day = self._day(now)
            self._post(day, "hourly", self._hourly_usd(day, effort_hours, after_hours))

    def _hourly_usd(self, day: int, hours: float, after_hours: bool) -> float:
        month = self.month_of_day[day]
        prepaid = min(hours, self.block_left.get(month, 0.0))
        self.block_left[month] = self.block_left.get(month, 0.0) - prepaid
        rate = self.pricing.hourly_usd * (self.pricing.after_hours_multiplier if after_hours else 1)
        return (hours - prepaid) * rate

    def misses_by_month(self, horizon_hours: float) -> dict[int, int]:
        """Covered tickets first touched later than the contract's response target, by month."""
        misses: dict[int, int] = {}
        for ticket, taken_at in self.taken:
            if ticket.priority not in self.sla.credit_classes:
                continue
            due = taken_at + self.respond_hours.get(ticket.priority, math.inf)
            responded = ticket.responded
            late = responded > due if responded == responded else due <= horizon_hours
            if late:
                month = self.month_of_day[self._day(taken_at)]
                misses[month] = misses.get(month, 0) + 1
        return misses

    def post_credits(self, horizon_hours: float) -> dict[int, int]:
        """Post each month's service credit (negative USD); returns the misses by month."""
        misses = self.misses_by_month(horizon_hours)
        last_day = {m: d for d, m in enumerate(self.month_of_day)}  # the last day wins
        for month, count in sorted(misses.items()):
            share = min(self.sla.credit_cap, count * self.sla.credit_per_miss)
            usd = share * self.month_usd.get(month, 0.0)
            if usd > 0:
                self.ledger.post(last_day[month], CATEGORY, "credits", -usd)
        return misses
