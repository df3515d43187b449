"""Business calendar: the clock in hours, business days and hours, holidays, SLA clocks.

The simulation clock counts hours from the scenario's start date at 00:00 (a Monday). A business
day is open from ``business_hours[0]`` to ``business_hours[1]``; holidays are closed all day.
"Business time" is the number of open hours elapsed; a ``business`` SLA clock advances only then,
a ``24x7`` clock always.
"""

from __future__ import annotations

import bisect
import datetime as dt

import numpy as np

from itsim.config.schema import WEEKDAYS, parse_clock
from itsim.config.schema import Calendar as CalendarSpec
from itsim.model.core.units import HOURS_PER_DAY

#: Days after the horizon kept open for deadlines that fall beyond it.
DEADLINE_MARGIN_DAYS = 400


class Calendar:
    """Open hours of the department over the horizon (plus a margin for late deadlines).

    Parameters
    ----------
    spec : itsim.config.schema.Calendar
        Business days, hours and holidays.
    horizon_days : int
        Length of the simulated period in days.
    """

    def __init__(self, spec: CalendarSpec, horizon_days: int) -> None:
        self.start_date = spec.start_date
        self.open_hour = parse_clock(spec.business_hours[0])
        self.close_hour = parse_clock(spec.business_hours[1])
        self.day_hours = self.close_hour - self.open_hour
        n_days = horizon_days + DEADLINE_MARGIN_DAYS
        dates = [spec.start_date + dt.timedelta(days=d) for d in range(n_days)]
        business = {WEEKDAYS.index(d) for d in spec.business_days}
        holidays = set(spec.holidays)
        self.is_holiday = np.array([d in holidays for d in dates], dtype=bool)
        self.is_business_day = np.array(
            [d.weekday() in business and d not in holidays for d in dates], dtype=bool
        )
        open_days = np.flatnonzero(self.is_business_day)
        self._starts = (open_days * HOURS_PER_DAY + self.open_hour).tolist()
        self._ends = (open_days * HOURS_PER_DAY + self.close_hour).tolist()
        # business hours elapsed before the start of each day
        self._cum = np.concatenate(([0.0], np.cumsum(self.is_business_day * self.day_hours)))

    # -- shifts -------------------------------------------------------------------------
    def next_open(self, t: float) -> float:
        """The first open instant at or after ``t`` (``inf`` past the calendar)."""
        i = bisect.bisect_right(self._ends, t)
        if i == len(self._starts):
            return float("inf")
        return max(t, self._starts[i])

    def close_after(self, t: float) -> float:
        """The closing time of the open period containing ``t`` (or the next one)."""
        i = bisect.bisect_right(self._ends, t)
        return self._ends[i] if i < len(self._ends) else float("inf")

    def open_hours_on_day(self, day: int) -> float:
        """Open hours on day ``day`` (0-based)."""
        return self.day_hours if self.is_business_day[day] else 0.0

    # -- business time ------------------------------------------------------------------
    def is_open(self, t: np.ndarray) -> np.ndarray:
        """Whether each time in ``t`` falls in business hours on a business day."""
        t = np.asarray(t, dtype=float)
        day = np.floor(t / HOURS_PER_DAY).astype(int)
        hour = t - day * HOURS_PER_DAY
        inside = (hour >= self.open_hour) & (hour < self.close_hour)
        return self.is_business_day[day] & inside

    def arrival_periods(self, t: np.ndarray) -> np.ndarray:
        """Each time's part of the office day (``flow.delay_classes.<class>.by_arrival``):
        ``morning`` (open, first half of the day), ``afternoon`` (open, second half) or
        ``after_hours`` (closed: nights, weekends and holidays)."""
        t = np.asarray(t, dtype=float)
        hour = t - np.floor(t / HOURS_PER_DAY) * HOURS_PER_DAY
        half = np.where(hour < self.open_hour + self.day_hours / 2.0, "morning", "afternoon")
        return np.where(self.is_open(t), half, "after_hours").astype(object)

    def business_elapsed(self, t: np.ndarray) -> np.ndarray:
        """Open hours elapsed between the start and each time in ``t`` (hours)."""
        t = np.asarray(t, dtype=float)
        day = np.floor(t / HOURS_PER_DAY).astype(int)
        within = np.clip(t - day * HOURS_PER_DAY - self.open_hour, 0.0, self.day_hours)
        return self._cum[day] + within * self.is_business_day[day]

    def add_business_hours(self, t: np.ndarray, hours: np.ndarray | float) -> np.ndarray:
        """The instant when ``hours`` of business time have passed after each ``t``."""
        target = self.business_elapsed(t) + hours
        day_end = self._cum[1:]
        day = np.searchsorted(day_end, target, side="left")
        return day * HOURS_PER_DAY + self.open_hour + (target - self._cum[day])

    def deadline(self, t: np.ndarray, hours: float, clock: str) -> np.ndarray:
        """Deadline for a target of ``hours`` on a ``24x7`` or ``business`` clock."""
        t = np.asarray(t, dtype=float)
        if clock == "24x7":
            return t + hours
        return self.add_business_hours(t, hours)

    # -- dates --------------------------------------------------------------------------
    def to_datetime(self, t: float) -> dt.datetime:
        """The calendar date and time of clock time ``t`` (hours)."""
        start = dt.datetime.combine(self.start_date, dt.time())
        return start + dt.timedelta(hours=float(t))

    def month_of_day(self, day: np.ndarray) -> np.ndarray:
        """Calendar-month index (0 = the start month) of each day number."""
        day = np.asarray(day, dtype=int)
        y0, m0 = self.start_date.year, self.start_date.month
        dates = np.datetime64(self.start_date, "D") + day
        months = dates.astype("datetime64[M]").astype(int)  # months since 1970-01
        return months - ((y0 - 1970) * 12 + m0 - 1)
