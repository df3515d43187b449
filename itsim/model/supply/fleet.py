"""The installed device fleet: opening ages, the refresh schedule and the age effect on incidents.

Scenario: every employee holds ``devices`` items of each kind (0.8 laptops, 0.2 desktops, …).
Opening ages are uniform on [0, ``initial_age_max_years``). A device is due for refresh when it
reaches ``refresh_years``; devices already older at the start are refreshed at uniform times in
the first ``catch_up_days``. Each due date raises a refresh request that consumes a new device
from stock. The age clock of a device restarts at its due date (the plan, not the fulfilment:
a refresh delayed by a stockout of days barely moves a mean age measured in years).

An older fleet breaks more often. The hardware-incident rate of day d is the scenario's rate
times ``f(d) = (1 + k·age(d)) / (1 + k·age_ref)`` with ``age(d)`` the fleet mean age (years),
``k = incident_rise_per_year`` and ``age_ref = reference_age_years``, the age of the fleet the
scenario's incident rate describes. Where ``f > 1`` extra hardware incidents arrive at
``(f − 1)`` times the hardware intensity; where ``f < 1`` each hardware incident is kept with
probability ``f`` (thinning). Both use their own streams, so the other tickets are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from itsim.config.supply_schema import Fleet
from itsim.model.core.streams import RandomStreams
from itsim.model.core.units import HOURS_PER_DAY, HOURS_PER_YEAR


@dataclass
class FleetPlan:
    """Refresh due times per item and the daily mean age and incident factor."""

    refresh_due: dict[str, np.ndarray]  # item -> sorted due times (hours) within the horizon
    mean_age_years: np.ndarray  # per day, at noon
    incident_factor: np.ndarray  # per day

    def factor_at(self, hours: np.ndarray) -> np.ndarray:
        """The incident factor in force at each time (hours)."""
        day = np.clip((np.asarray(hours) // HOURS_PER_DAY).astype(int), 0, None)
        return self.incident_factor[np.minimum(day, self.incident_factor.size - 1)]


def device_counts(spec: Fleet, employees: int) -> dict[str, int]:
    """Installed devices per item: employees × devices per employee, rounded."""
    return {item: round(employees * per) for item, per in spec.devices.items()}


def _first_due_hours(spec: Fleet, age0: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """When each device is first due (hours); inf when the fleet is never refreshed."""
    if spec.refresh_years is None:
        return np.full(age0.size, np.inf)
    period = spec.refresh_years * HOURS_PER_YEAR
    catch_up = rng.random(age0.size) * spec.catch_up_days * HOURS_PER_DAY
    return np.where(age0 < period, period - age0, catch_up)


def _ages_at(spec: Fleet, age0: np.ndarray, first_due: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Age (hours) of every device (rows) at every time in ``t`` (columns)."""
    t = t[None, :]
    before = age0[:, None] + t
    if spec.refresh_years is None:
        return before
    period = spec.refresh_years * HOURS_PER_YEAR
    after = np.mod(t - first_due[:, None], period)
    return np.where(t < first_due[:, None], before, after)


def _due_times(first_due: np.ndarray, period: float | None, horizon: float) -> np.ndarray:
    if period is None:
        return np.empty(0)
    cycles = int(np.ceil(horizon / period)) + 1
    due = (first_due[:, None] + period * np.arange(cycles)[None, :]).ravel()
    return np.sort(due[due < horizon])


def plan_fleet(spec: Fleet, employees: int, horizon_days: int, streams: RandomStreams) -> FleetPlan:
    """Draw the opening ages and derive the refresh schedule and daily incident factor."""
    noon = (np.arange(horizon_days) + 0.5) * HOURS_PER_DAY
    horizon = horizon_days * HOURS_PER_DAY
    period = spec.refresh_years * HOURS_PER_YEAR if spec.refresh_years is not None else None
    age_sum, count = np.zeros(horizon_days), 0
    refresh_due = {}
    for item, n in device_counts(spec, employees).items():
        age0 = streams.uniforms(f"fleet.age.{item}", n) * spec.initial_age_max_years
        first_due = _first_due_hours(spec, age0 * HOURS_PER_YEAR, streams.rng(f"fleet.due.{item}"))
        refresh_due[item] = _due_times(first_due, period, horizon)
        age_sum += _ages_at(spec, age0 * HOURS_PER_YEAR, first_due, noon).sum(axis=0)
        count += n
    mean_age = age_sum / max(count, 1) / HOURS_PER_YEAR
    k = spec.incident_rise_per_year
    factor = (1 + k * mean_age) / (1 + k * spec.reference_age_years)
    return FleetPlan(refresh_due, mean_age, factor)
