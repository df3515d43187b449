"""The energy equations as pure functions: direction, bounds and hazards."""

from __future__ import annotations

import math

import pytest

from itsim.config.people_schema import Energy
from itsim.model.people import energy as en

SPEC = Energy(effects=True)


def test_sustainable_day_recovers_towards_full_energy():
    e = 0.5
    for _ in range(1500):
        e = en.next_energy(e, worked_hours=8.0, occupancy=0.7, spec=SPEC)
    erosion = SPEC.resource_drain_per_day * (1 - SPEC.job_resources)
    assert e == pytest.approx(1 - erosion / SPEC.recovery_per_day, abs=1e-3)


def test_overtime_and_occupancy_above_threshold_drain():
    calm = en.next_energy(0.8, 8.0, 0.80, SPEC)
    long_day = en.next_energy(0.8, 11.0, 0.80, SPEC)
    hectic = en.next_energy(0.8, 8.0, 0.95, SPEC)
    assert long_day < calm and hectic < calm
    assert hectic == pytest.approx(calm - SPEC.occupancy_drain_per_day * 0.10, abs=1e-12)


def test_energy_stays_in_unit_interval():
    assert en.next_energy(0.0, 16.0, 1.0, SPEC) == 0.0
    assert en.next_energy(1.0, 0.0, None, SPEC.model_copy(update={"job_resources": 1.0})) == 1.0


def test_sustained_occupancy_ignores_days_off_and_averages_days_at_work():
    assert en.sustained_occupancy(None, 6.0, 8.0, SPEC) == 0.75
    assert en.sustained_occupancy(0.75, 0.0, 0.0, SPEC) == 0.75
    moved = en.sustained_occupancy(0.75, 8.0, 8.0, SPEC)
    assert moved == pytest.approx(0.75 + 0.25 / SPEC.occupancy_memory_days)


def test_effects_grow_with_strain():
    energies = [1.0, 0.6, 0.5, 0.4, 0.3, 0.1]
    prod = [en.productivity_factor(e, SPEC) for e in energies]
    errors = [en.error_multiplier(e, SPEC) for e in energies]
    quits = [en.quit_probability(0.35, e, SPEC) for e in energies]
    assert prod == sorted(prod, reverse=True) and prod[0] == 1.0
    assert prod[-1] >= SPEC.min_productivity
    assert errors == sorted(errors) and errors[0] == 1.0
    assert errors[-1] == SPEC.error_multiplier_burned_out
    assert quits[-1] / quits[0] == pytest.approx(SPEC.quit_multiplier_burned_out)
    assert en.sick_probability(0.015, 0.1, SPEC) == pytest.approx(0.015 * 1.63)


def test_hazards_ignore_energy_when_effects_are_off():
    off = Energy()
    assert en.quit_probability(0.35, 0.0, off) == en.quit_probability(0.35, 1.0, off)
    assert en.sick_probability(0.02, 0.0, off) == 0.02


def test_daily_quit_probability_compounds_to_the_annual_rate():
    p = en.daily_probability(0.35)
    assert 1 - (1 - p) ** 365 == pytest.approx(0.35, rel=1e-9)
    assert en.daily_probability(0.0) == 0.0
    assert not math.isnan(en.daily_probability(0.99))
