"""Energy and burnout of one person: pure functions of the day's hours and occupancy.

Energy ``e`` in [0, 1] is updated once a day (docs/model/people.md gives the derivation and the
calibration), after Homer (1985) and the suggested structure of domain-figures §6.3:

    load     = worked_hours / contract_hours_per_day
    ū        = ū + (u − ū)/m  on days at work                    (u = busy / available hours)
    drain    = a·max(0, load − 1) + b·max(0, ū − u_thr)          (the second term on days at work)
    recovery = c·(1 − e)·(f_ot if load > 1 else 1)
    e'       = clip(e + recovery − drain − d·(1 − resources), 0, 1)

``ū`` is the person's sustained occupancy, an exponentially weighted mean over about ``m``
working days: one hectic day does not burn anybody out, weeks above the threshold do.

Low energy lowers productivity (a Homer-style accomplishments-per-hour curve) and, in step with
``strain`` (0 when well, 1 when burned out, ``e < burnout_threshold``), raises the reopen (error)
rate and multiplies the sick-day and quit hazards up to the Gallup 2018 ratios.
"""

from __future__ import annotations

import math

from itsim.config.people_schema import Energy
from itsim.model.core.units import DAYS_PER_YEAR


def sustained_occupancy(
    average: float | None, busy_hours: float, available_hours: float, spec: Energy
) -> float | None:
    """Update the running occupancy with one day (unchanged on a day with no hours at work)."""
    if available_hours <= 0:
        return average
    today = busy_hours / available_hours
    if average is None:
        return today
    return average + (today - average) / spec.occupancy_memory_days


def next_energy(energy: float, worked_hours: float, occupancy: float | None, spec: Energy) -> float:
    """Energy after one day (energy in [0, 1]).

    Parameters
    ----------
    energy : float
        Energy at the start of the day.
    worked_hours : float
        Hours at work that day, overtime and call-outs included.
    occupancy : float or None
        Sustained occupancy (see ``sustained_occupancy``) if the person was at work, else None.
    """
    # called for every person every day: the clamps are comparisons, which give what
    # max(0, x) and min(1, x) give, without a builtin call each
    load = worked_hours / spec.contract_hours_per_day
    excess = load - 1.0
    drain = spec.hours_drain_per_day * (excess if excess > 0.0 else 0.0)
    if occupancy is not None:
        above = occupancy - spec.occupancy_threshold
        drain += spec.occupancy_drain_per_day * (above if above > 0.0 else 0.0)
    pace = spec.overtime_recovery_factor if load > 1.0 else 1.0
    recovery = spec.recovery_per_day * (1.0 - energy) * pace
    erosion = spec.resource_drain_per_day * (1.0 - spec.job_resources)
    energy = energy + recovery - drain - erosion
    energy = energy if energy > 0.0 else 0.0
    return energy if energy < 1.0 else 1.0


def is_burned_out(energy: float, spec: Energy) -> bool:
    """Whether a person with ``energy`` counts as burned out."""
    return energy < spec.burnout_threshold


def productivity_factor(energy: float, spec: Energy) -> float:
    """Share of normal output per hour: 1 above ``full_productivity_energy``, falling
    linearly to ``min_productivity`` at zero energy."""
    full = spec.full_productivity_energy
    if full <= 0 or energy >= full:
        return 1.0
    return spec.min_productivity + (1.0 - spec.min_productivity) * energy / full


def strain(energy: float, spec: Energy) -> float:
    """How far a person is from well (0) to burned out (1): 0 at or above
    ``full_productivity_energy``, rising linearly to 1 at the burnout threshold and below."""
    full, low = spec.full_productivity_energy, spec.burnout_threshold
    if energy >= full:
        return 0.0
    if energy <= low or full <= low:
        return 1.0
    return (full - energy) / (full - low)


def error_multiplier(energy: float, spec: Energy) -> float:
    """Multiplier of the reopen probability: 1 when well, ``error_multiplier_burned_out`` when
    burned out, linear in ``strain`` between."""
    return 1.0 + (spec.error_multiplier_burned_out - 1.0) * strain(energy, spec)


def effects_of(energy: float, spec: Energy) -> tuple[float, float]:
    """(:func:`productivity_factor`, :func:`error_multiplier`) of ``energy``, asked for every
    person every day. Both are exactly 1 for a person who is well (at or above
    ``full_productivity_energy`` the strain is 0, and the settings are finite), so that case,
    the usual one, computes neither."""
    if energy >= spec.full_productivity_energy:
        return 1.0, 1.0
    return productivity_factor(energy, spec), error_multiplier(energy, spec)


def daily_probability(annual_rate: float) -> float:
    """Daily probability of an event whose yearly probability is ``annual_rate`` (constant
    hazard): 1 − (1 − p)^(1/365)."""
    if annual_rate <= 0:
        return 0.0
    return -math.expm1(math.log1p(-annual_rate) / DAYS_PER_YEAR)


def quit_probability(annual_turnover: float, energy: float, spec: Energy) -> float:
    """Probability of resigning today. Burned-out people search for another job 2.6× as often
    [GALLUP18]; the multiplier grows linearly with ``strain`` (only when effects are on)."""
    return quit_probability_from_daily(daily_probability(annual_turnover), energy, spec)


def quit_probability_from_daily(daily_turnover: float, energy: float, spec: Energy) -> float:
    """:func:`quit_probability` from the well person's daily probability
    (``daily_probability(annual_turnover)``, which a caller asking every day works out once)."""
    multiplier = 1.0
    if spec.effects and energy < spec.full_productivity_energy:  # else the strain is 0
        multiplier += (spec.quit_multiplier_burned_out - 1.0) * strain(energy, spec)
    return min(1.0, daily_turnover * multiplier)


def sick_probability(base_per_day: float, energy: float, spec: Energy) -> float:
    """Probability of an unplanned absence today; burned-out people take 63% more sick days
    [GALLUP18], linear in ``strain`` (only when effects are on)."""
    multiplier = 1.0
    if spec.effects and energy < spec.full_productivity_energy:  # else the strain is 0
        multiplier += (spec.sick_multiplier_burned_out - 1.0) * strain(energy, spec)
    return min(1.0, base_per_day * multiplier)
