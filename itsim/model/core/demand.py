"""Arrival processes: non-homogeneous Poisson with an hour-of-week profile and yearly growth.

The intensity in hour ``h`` of the horizon is
``base_per_hour × profile[h mod 168] × (1+g)^(h/8760)`` with the profile normalised to mean 1,
so ``base_per_hour`` is the long-run mean rate. Holidays take
the Saturday profile. Because the intensity is constant within each hour, the exact process is a
Poisson count per hour with the arrivals spread uniformly inside it (vectorised; no thinning).
"""

from __future__ import annotations

import numpy as np

from itsim.config.schema import Rate
from itsim.model.core.units import HOURS_PER_MONTH, HOURS_PER_YEAR

# Office profile shaped on the UCI ServiceNow log (domain-figures §1, grade D): morning peak
# 08:00-11:00, dip at 12:00, afternoon peak 14:00-16:00, Monday busiest falling to Friday,
# weekends at about a tenth of a weekday.
_OFFICE_HOURS = np.array(
    [0.05, 0.04, 0.04, 0.04, 0.05, 0.08, 0.15, 0.40, 1.00, 1.25, 1.25, 1.05,
     0.65, 0.95, 1.15, 1.15, 0.95, 0.60, 0.30, 0.18, 0.12, 0.10, 0.08, 0.06]
)  # fmt: skip
_OFFICE_DAYS = np.array([1.15, 1.05, 1.00, 0.95, 0.85, 0.10, 0.10])


def week_profile(profile: str | list[float]) -> np.ndarray:
    """168 hourly weights (Monday 00:00 first), normalised to mean 1."""
    if isinstance(profile, str):
        if profile == "flat":
            weights = np.ones(168)
        elif profile == "office":
            weights = np.outer(_OFFICE_DAYS, _OFFICE_HOURS).ravel()
        else:
            raise ValueError(f"unknown week profile {profile!r}")
    else:
        weights = np.asarray(profile, dtype=float)
    return weights * (168 / weights.sum())


def base_rate_per_hour(rate: Rate, employees: int) -> float:
    """Long-run mean arrivals per hour of a Rate block."""
    if rate.per_hour is not None:
        return rate.per_hour
    assert rate.per_employee_per_month is not None
    return rate.per_employee_per_month * employees / HOURS_PER_MONTH


def hourly_intensity(
    base_per_hour: float,
    profile: np.ndarray,
    growth_per_year: float,
    horizon_days: int,
    is_holiday: np.ndarray,
) -> np.ndarray:
    """Arrival intensity (per hour) for every hour of the horizon."""
    n_hours = horizon_days * 24
    hours = np.arange(n_hours)
    hour_of_week = hours % 168
    holiday = np.repeat(is_holiday[:horizon_days], 24)
    # a holiday looks like a Saturday: same hour of day, weekend level
    hour_of_week = np.where(holiday, 5 * 24 + hours % 24, hour_of_week)
    growth = (1.0 + growth_per_year) ** (hours / HOURS_PER_YEAR)
    return base_per_hour * profile[hour_of_week] * growth


def arrival_times(intensity: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Sorted arrival times (hours) of a Poisson process with piecewise-constant ``intensity``."""
    counts = rng.poisson(intensity)
    starts = np.repeat(np.arange(len(intensity), dtype=float), counts)
    times = starts + rng.random(starts.size)
    times.sort()
    return times
