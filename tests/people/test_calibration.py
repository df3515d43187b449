"""Calibration of burnout (DESIGN §7): sustained occupancy near 0.9 burns a typical analyst out
within 3-6 months (median over replications); near 0.8 nobody burns out within a year."""

from __future__ import annotations

import statistics

import numpy as np
import pandas as pd

from itsim.config.load import load_scenario
from itsim.experiment.runner import run_one

AGENTS, OPEN_HOURS_PER_WEEK = 5, 40.0
REPS, SEED = 6, 11


def _desk(rho: float):
    per_hour = rho * AGENTS * OPEN_HOURS_PER_WEEK / 168
    return load_scenario("validation/burnout", [f"demand.incidents.per_hour={per_hour}"])


def _median_analyst_burnout_day(staff: pd.DataFrame) -> float:
    firsts = staff[staff["burned_out"]].groupby("person")["day"].min()
    days = sorted(firsts.tolist()) + [np.inf] * (staff["person"].nunique() - len(firsts))
    return float(statistics.median(days))


def _staff_tables(rho: float) -> list[pd.DataFrame]:
    scenario = _desk(rho)
    return [run_one(scenario, SEED, rep).tables["staff_daily"] for rep in range(REPS)]


def _occupancy_while_well(tables: list[pd.DataFrame]) -> float:
    """Busy ÷ available hours over the days nobody counted as burned out (the exposure)."""
    well = [t[~t["burned_out"]] for t in tables]
    return float(np.mean([w["busy_hours"].sum() / w["available_hours"].sum() for w in well]))


def test_occupancy_near_090_burns_out_within_three_to_six_months():
    tables = _staff_tables(0.9)
    assert 0.87 <= _occupancy_while_well(tables) <= 0.95
    median_day = statistics.median(_median_analyst_burnout_day(t) for t in tables)
    assert 91 <= median_day <= 183, median_day


def test_occupancy_near_080_never_burns_out_within_a_year():
    tables = _staff_tables(0.8)
    assert 0.77 <= _occupancy_while_well(tables) <= 0.83
    for staff in tables:
        assert staff["day"].nunique() >= 364  # a whole year of days
        assert not staff["burned_out"].any(), staff["energy"].min()
