"""Readable uncertainty: share intervals inside [0, 1], and a warning below five replications."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from itsim.cli import main
from itsim.results.stats import few_reps_warning, mean_ci, share_interval, summarise


@pytest.mark.parametrize(
    "values", [[0.82, 0.99], [0.5, 1.0], [0.0, 0.05, 0.02], [0.97, 0.99, 1.0, 0.4]]
)
def test_share_intervals_stay_inside_zero_and_one_and_contain_the_mean(values):
    lower, upper = share_interval(values)
    mean, _ = mean_ci(values)
    assert 0.0 <= lower <= mean <= upper <= 1.0


def test_with_many_agreeing_replications_the_interval_is_the_t_interval():
    rng = np.random.default_rng(3)
    values = 0.6 + 0.01 * rng.standard_normal(200)
    lower, upper = share_interval(values)
    mean, half = mean_ci(values)
    assert lower == pytest.approx(mean - half, abs=1e-4)
    assert upper == pytest.approx(mean + half, abs=1e-4)


def test_identical_replications_give_a_point():
    assert share_interval([0.25, 0.25, 0.25]) == (0.25, 0.25)


def test_summarise_uses_share_intervals_for_shares_only():
    runs = pd.DataFrame({"sla_resolve_all": [0.822, 0.99], "backlog_mean": [10.0, 30.0]})
    rows = summarise(runs).set_index("kpi")
    assert rows.loc["sla_resolve_all", "upper"] <= 1.0
    mean, half = mean_ci(runs["backlog_mean"])
    assert rows.loc["backlog_mean", "lower"] == pytest.approx(mean - half)


def test_fewer_than_five_replications_warn_once(runner, tmp_path):
    assert few_reps_warning(5) is None and few_reps_warning(4) is not None
    args = ["run", "--reps", "2", "--days", "20", "--warmup-days", "5", "--jobs", "1", "-q"]
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert result.output.count("not informative") == 1
    assert "pt" not in result.output.split("SLA attainment, resolve (all)")[1].splitlines()[0]
