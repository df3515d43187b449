"""Combining replications: spend not incurred counts as zero; column order is executor-free."""

from __future__ import annotations

import math

import pandas as pd

from itsim.experiment.runner import concat_tables
from itsim.results.kpis import complete_runs


def _runs(rep: int, **kpis: float) -> dict[str, pd.DataFrame]:
    row = {"scenario": "s", "point": "p", "rep": rep, "seed": 1} | kpis
    return {"runs": pd.DataFrame([row])}


def test_a_cost_category_missing_from_a_replication_counts_as_zero():
    runs = complete_runs(
        pd.DataFrame({"cost_hiring_usd": [100.0, math.nan], "wait_hours_mean": [1.0, math.nan]})
    )
    assert list(runs["cost_hiring_usd"]) == [100.0, 0.0]
    assert math.isnan(runs["wait_hours_mean"].iloc[1])  # only spend is filled


def test_concatenation_does_not_depend_on_finishing_order():
    first = _runs(0, cost_staff_usd=1.0)
    second = _runs(1, cost_staff_usd=2.0, cost_hiring_usd=5.0)
    a = concat_tables([first, second])["runs"]
    b = concat_tables([second, first])["runs"]
    pd.testing.assert_frame_equal(a, b)
    assert list(a["cost_hiring_usd"]) == [0.0, 5.0]
