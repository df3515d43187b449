"""Units of time shared by the model and the results: one definition of each.

The clock runs in hours from the scenario start; a year is 365 days (8760 hours) and a month a
twelfth of it, so rates per month and per year convert exactly.
"""

from __future__ import annotations

HOURS_PER_DAY = 24.0
HOURS_PER_WEEK = 168  # an int: it also counts the hour-of-week buckets
DAYS_PER_WEEK = 7
DAYS_PER_YEAR = 365.0
MONTHS_PER_YEAR = 12.0
HOURS_PER_YEAR = 8760.0
HOURS_PER_MONTH = HOURS_PER_YEAR / 12
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
