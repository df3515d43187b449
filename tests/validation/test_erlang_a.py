"""M/M/10+M against Erlang A: abandonment in the simulator matches the analytic queue.

One 24x7 team of 10, Poisson arrivals, exponential service and exponential patience, nobody calls
back. P(abandon) and the mean wait of answered tickets must sit inside the replications' 99%
confidence intervals, for each of several seeds fixed in advance. The same queue with a channel
whose users never give up must still match Erlang C, tick for tick the run without the block.
"""

from __future__ import annotations

import pandas as pd
import pytest

from itsim.analysis.erlang import erlang_c_metrics
from itsim.analysis.erlang_a import erlang_a_metrics
from itsim.config.load import apply_overrides, load_scenario
from itsim.experiment.runner import run_replications
from itsim.results.stats import mean_ci
from tests.conftest import SCENARIOS

MMA = SCENARIOS / "validation" / "mma.yaml"
MMC = SCENARIOS / "validation" / "mmc.yaml"
ERLANG_A = erlang_a_metrics(arrivals_per_hour=10, service_hours=1, agents=10, patience_hours=1.0)
SEEDS = (11, 22, 33)


def _runs(path, days: int, reps: int, seed: int, overrides: dict | None = None) -> pd.DataFrame:
    scenario = apply_overrides(
        load_scenario(path), {"horizon_days": days, "warmup_days": 7} | (overrides or {})
    )
    return run_replications(scenario, reps=reps, seed=seed, jobs=None)["runs"]


def _inside(values: pd.Series, target: float, confidence: float = 0.99) -> bool:
    mean, half = mean_ci(values, confidence)
    return abs(mean - target) <= half


def test_erlang_a_reference_values():
    assert ERLANG_A.p_abandon == pytest.approx(0.1251, abs=1e-4)
    assert ERLANG_A.mean_wait_served_hours == pytest.approx(0.1149, abs=1e-4)


@pytest.mark.parametrize("seed", SEEDS)
def test_mma_matches_erlang_a_within_its_ci(seed: int):
    runs = _runs(MMA, days=90, reps=6, seed=seed)
    assert _inside(runs["abandon_rate_all"], ERLANG_A.p_abandon)
    assert _inside(runs["answered_wait_hours_mean"], ERLANG_A.mean_wait_served_hours)
    assert _inside(runs["utilisation_desk"], ERLANG_A.utilisation)


def test_abandonment_lowers_the_wait_of_those_answered():
    """Without the patience the same arrivals overload the desk (rho = 1): waits explode."""
    with_patience = _runs(MMA, days=60, reps=2, seed=5)
    endless = _runs(
        MMA, days=60, reps=2, seed=5, overrides={"abandonment.channels.phone.patience_hours": None}
    )
    assert (endless["abandon_rate_all"] == 0).all()
    assert endless["answered_wait_hours_mean"].mean() > 5 * ERLANG_A.mean_wait_served_hours
    assert with_patience["answered_wait_hours_mean"].mean() < 2 * ERLANG_A.mean_wait_served_hours


def test_endless_patience_leaves_erlang_c_untouched():
    """A channel block whose users never give up changes nothing: same tickets, same waits."""
    block = {"abandonment": {"channels": {"phone": {"share": 1.0}}}}
    plain = _runs(MMC, days=60, reps=3, seed=101)
    with_block = _runs(MMC, days=60, reps=3, seed=101, overrides=block)
    erlang_c = erlang_c_metrics(arrivals_per_hour=9, service_hours=1, agents=10)
    pd.testing.assert_series_equal(plain["wait_hours_mean"], with_block["wait_hours_mean"])
    assert (with_block["abandon_rate_all"] == 0).all()
    assert _inside(with_block["answered_wait_hours_mean"], erlang_c.mean_wait_hours)


@pytest.mark.slow
def test_mma_matches_erlang_a_for_most_seeds():
    seeds = [11, 22, 33, 44, 55]
    hits = 0
    for seed in seeds:
        runs = _runs(MMA, days=365, reps=16, seed=seed)
        hits += _inside(runs["abandon_rate_all"], ERLANG_A.p_abandon) and _inside(
            runs["answered_wait_hours_mean"], ERLANG_A.mean_wait_served_hours
        )
    assert hits >= len(seeds) - 1
