"""Break-even: the root of a synthetic monotone gain and its CI; "always"/"never" without a
crossing; the CLI on a tiny department, where the lever changes the arm only."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from itsim.analysis.breakeven import find_root, levels_between, paired_gain
from itsim.cli import main
from tests.conftest import make_scenario

ROOT = 0.37


def _noisy_diffs(levels: np.ndarray, slope: float, reps: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.array([slope * (x - ROOT) + rng.normal(0, 0.05, reps) for x in levels])


def test_the_root_of_a_monotone_gain_is_found_with_a_ci_that_covers_it():
    levels = np.linspace(0.0, 1.0, 11)
    for seed in range(5):  # several noise draws, not one picked to pass
        mean, half = paired_gain(_noisy_diffs(levels, 2.0, 8, seed), higher_is_better=True)
        found = find_root(levels, mean, half)
        assert found.status == "crosses"
        assert abs(found.root - ROOT) < 0.05
        assert found.root_low <= ROOT <= found.root_high
        assert found.root_high - found.root_low < 0.2
        assert not found.pays_below_root()  # gains grow with the lever


def test_a_lower_is_better_kpi_flips_the_gain():
    levels = np.linspace(0.0, 1.0, 6)
    mean, half = paired_gain(_noisy_diffs(levels, 2.0, 8, 1), higher_is_better=False)
    found = find_root(levels, mean, half)
    assert found.status == "crosses" and found.pays_below_root()


def test_no_crossing_says_always_or_never():
    levels = np.linspace(0.0, 1.0, 5)
    always = find_root(levels, np.full(5, 3.0), np.full(5, 0.5))
    never = find_root(levels, np.full(5, -3.0), np.full(5, 0.5))
    assert (always.status, never.status) == ("always", "never")
    assert always.root is None and never.root is None


def test_integer_levers_get_unique_integer_levels():
    assert levels_between(2, 5, 10, integers=True).tolist() == [2, 3, 4, 5]


def test_cli_breakeven_of_a_desk_hire_on_cost(tmp_path: Path, runner):
    base = make_scenario({"horizon_days": 28, "warmup_days": 7}).model_dump(mode="json")
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base), encoding="utf-8")
    arm = base | {"name": "bigger", "teams": base["teams"]}
    (tmp_path / "arm.yaml").write_text(yaml.safe_dump(arm), encoding="utf-8")
    out = tmp_path / "be"
    # the arm's desk salary: cheaper below the base's 60,000, dearer above
    args = ["breakeven", str(tmp_path / "base.yaml"), str(tmp_path / "arm.yaml"), "--lever",
            "roles.analyst.salary_usd", "--range", "40000..80000", "--points", "5", "--on",
            "annual_cost_usd", "--reps", "2", "--jobs", "1", "-q", "--out", str(out)]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    record = json.loads((out / "decision.json").read_text())
    assert record["status"] == "crosses" and abs(record["root"] - 60000) < 1
    assert record["pays_below_root"] is True
    assert "break-even at roles.analyst.salary_usd = 60,000" in result.output
    curve = pd.read_csv(out / "curve.csv")
    assert curve["base_mean"].nunique() == 1  # the lever never touched the base
    assert (out / "breakeven.png").stat().st_size > 0
