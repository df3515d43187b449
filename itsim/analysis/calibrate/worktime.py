"""Working hours between two times, on a weekly business calendar.

Effort is measured in the hours a team is on shift: a ticket "in progress" from Friday 17:00 to
Monday 09:00 took two working hours, not 64 elapsed hours. The simulator stretches those working
hours back over nights and weekends, because its people work only on shift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

_EPOCH = pd.Timestamp("1970-01-05")  # a Monday
_HOURS_PER_DAY = 24.0


@dataclass(frozen=True)
class WorkWeek:
    """A business calendar: open ``open_hour``..``close_hour`` on weekdays ``0..days-1``.

    Attributes
    ----------
    open_hour, close_hour : float
        Opening and closing time of day, hours (8.0 and 18.0 for 08:00–18:00).
    days : int
        Working days per week counted from Monday (5 = Monday to Friday).
    """

    open_hour: float = 8.0
    close_hour: float = 18.0
    days: int = 5

    @property
    def hours_per_week(self) -> float:
        """Working hours in one week."""
        return (self.close_hour - self.open_hour) * self.days


def working_hours_since_epoch(times: pd.Series, week: WorkWeek) -> np.ndarray:
    """Working hours from a fixed Monday 00:00 up to each time (NaN where the time is NaT)."""
    elapsed_hours = (times - _EPOCH).dt.total_seconds().to_numpy(dtype=float) / 3600.0
    days = np.floor(elapsed_hours / _HOURS_PER_DAY)
    weeks = np.floor(days / 7.0)
    weekday = days - weeks * 7.0
    hour = elapsed_hours - days * _HOURS_PER_DAY
    day_length = week.close_hour - week.open_hour
    full_days_before = np.minimum(weekday, week.days)
    today = np.where(weekday < week.days, np.clip(hour - week.open_hour, 0.0, day_length), 0.0)
    return weeks * week.hours_per_week + full_days_before * day_length + today


def working_hours_between(start: pd.Series, end: pd.Series, week: WorkWeek) -> np.ndarray:
    """Working hours from ``start`` to ``end`` (elementwise; negative spans give 0)."""
    span = working_hours_since_epoch(end, week) - working_hours_since_epoch(start, week)
    return np.maximum(span, 0.0)


def span_of_working_hours(start: pd.Series, hours: np.ndarray, week: WorkWeek) -> np.ndarray:
    """Calendar hours from ``start`` until ``hours`` working hours have passed (earliest time).

    The inverse of :func:`working_hours_between`: a business clock started at ``start``. Zero
    working hours take zero calendar hours. Nights and weekends crossed on the way count.
    """
    hours = np.asarray(hours, dtype=float)
    origin = working_hours_since_epoch(start, week)
    target = origin + hours
    day_length = week.close_hour - week.open_hour
    k = np.ceil(target / week.hours_per_week) - 1.0
    rest = target - k * week.hours_per_week
    day = np.ceil(rest / day_length) - 1.0
    into = rest - day * day_length
    end_hours = (k * 7.0 + day) * _HOURS_PER_DAY + week.open_hour + into
    start_hours = (start - _EPOCH).dt.total_seconds().to_numpy(dtype=float) / 3600.0
    return np.where(hours > 0, np.maximum(end_hours - start_hours, 0.0), 0.0)
