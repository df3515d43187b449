"""The office day of a log: when its people work, inferred from when they update tickets.

Effort, holding delays and the 24x7 rule measure office hours. A log's times may be local or
UTC, and offices keep different hours, so 08:00-18:00 is not assumed: the office day is the run
of whole hours around the busiest weekday hour of *events* (every update, not only arrivals, so
that it shows when people work) in which the hourly count stays at or above
:data:`OFFICE_SHARE` of that peak. ``--office-hours`` sets it explicitly and ``--utc-offset``
converts UTC times to local ones first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from itsim.analysis.calibrate.worktime import WorkWeek
from itsim.errors import InputError

OFFICE_SHARE = 0.5
MIN_EVENTS = 200  # fewer weekday events: keep 08:00-18:00


def infer_office_day(times: pd.Series) -> WorkWeek:
    """Monday-Friday from the first to the last hour of the busy run around the peak hour."""
    weekday = times.dropna()
    weekday = weekday[weekday.dt.day_of_week < 5]
    if len(weekday) < MIN_EVENTS:
        return WorkWeek()
    counts = np.bincount(weekday.dt.hour.to_numpy(dtype=int), minlength=24).astype(float)
    busy = counts >= OFFICE_SHARE * counts.max()
    peak = int(np.argmax(counts))
    first = last = peak
    while first > 0 and busy[first - 1]:
        first -= 1
    while last < 23 and busy[last + 1]:
        last += 1
    return WorkWeek(open_hour=float(first), close_hour=float(last + 1))


def parse_office_hours(text: str) -> WorkWeek:
    """``"08:00-18:00"`` (or ``"8-18"``) into a Monday-Friday :class:`WorkWeek`."""
    opens, sep, closes = text.partition("-")
    try:
        hours = [_hours(part) for part in (opens, closes)]
    except ValueError:
        hours = []
    if not sep or len(hours) != 2 or not 0 <= hours[0] < hours[1] <= 24:
        raise InputError("--office-hours", text, "expected HH:MM-HH:MM, opening before closing")
    return WorkWeek(open_hour=hours[0], close_hour=hours[1])


def _hours(text: str) -> float:
    hour, _, minute = text.strip().partition(":")
    return int(hour) + int(minute or 0) / 60.0


def clock_text(hours: float) -> str:
    """``8.5`` -> ``"08:30"``."""
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
