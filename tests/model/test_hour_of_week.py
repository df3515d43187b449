"""Utilisation by hour of week: consistent with the daily table, zero off shift."""

from __future__ import annotations

import numpy as np

from itsim.experiment.runner import run_one
from tests.conftest import make_scenario


def test_hour_of_week_sums_match_team_daily_and_respect_shifts() -> None:
    # 35 days end on a Sunday, so the last day (not in team_daily) has no work to miss
    scenario = make_scenario({"horizon_days": 35, "warmup_days": 7})
    tables = run_one(scenario, 3, 0).tables
    weekly = tables["team_hour_of_week"]
    daily = tables["team_daily"]
    window = daily[daily["day"] >= 7].groupby("team")[["busy_hours", "available_hours"]].sum()
    sums = weekly.groupby("team")[["busy_hours", "available_hours"]].sum()
    np.testing.assert_allclose(sums.to_numpy(), window.loc[sums.index].to_numpy(), rtol=1e-9)
    assert len(weekly) == 2 * 168
    closed = weekly[weekly["available_hours"] == 0]
    assert (closed["busy_hours"].abs() < 1e-9).all()
    saturday = weekly[weekly["hour_of_week"].between(120, 143)]
    assert (saturday["available_hours"] == 0).all()  # business-hours teams, no weekend shift
    ten_am_monday = weekly[weekly["hour_of_week"] == 10]
    assert (ten_am_monday["available_hours"] > 0).all()
    assert (weekly["utilisation"].dropna().between(0, 1 + 1e-9)).all()
