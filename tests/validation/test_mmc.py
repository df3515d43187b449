"""M/M/10 against Erlang C: the simulator's conscience.

The fast tests run a short version whose tolerance is the replications' own 99% confidence
interval; the slow test runs until the 95% CI half-width of the mean wait is under 5% of the mean
and repeats that for several seeds, requiring the analytic values inside the 99% CIs for most.
"""

from __future__ import annotations

import numpy as np
import pytest

from itsim.analysis.erlang import erlang_c_metrics
from itsim.config.load import apply_overrides, load_scenario
from itsim.experiment.runner import run_replications
from itsim.results.stats import mean_ci
from tests.conftest import SCENARIOS

MMC = SCENARIOS / "validation" / "mmc.yaml"
ERLANG = erlang_c_metrics(arrivals_per_hour=9, service_hours=1, agents=10)


def _runs(days: int, reps: int, seed: int):
    scenario = apply_overrides(load_scenario(MMC), {"horizon_days": days, "warmup_days": 7})
    return run_replications(scenario, reps=reps, seed=seed, jobs=None)["runs"]


def _runs_to_precision(seed: int, relative_half_width: float, max_reps: int = 64):
    """Add replications (same seed, next rep numbers) until the mean wait is precise enough."""
    scenario = apply_overrides(load_scenario(MMC), {"horizon_days": 365, "warmup_days": 7})
    reps = 16
    while True:
        runs = run_replications(scenario, reps=reps, seed=seed, jobs=None)["runs"]
        mean, half95 = mean_ci(runs["wait_hours_mean"], 0.95)
        if half95 < relative_half_width * mean or reps >= max_reps:
            assert half95 < relative_half_width * mean, "no 5% half-width within max_reps"
            return runs
        reps *= 2


def _inside(values, target: float, confidence: float = 0.99) -> bool:
    mean, half = mean_ci(values, confidence)
    return abs(mean - target) <= half


def test_erlang_reference_values():
    assert ERLANG.p_wait == pytest.approx(0.6687, abs=1e-4)
    assert ERLANG.mean_wait_hours == pytest.approx(0.6687, abs=1e-4)


def test_short_mmc_matches_erlang_c_within_its_ci():
    runs = _runs(days=90, reps=6, seed=101)
    assert _inside(runs["wait_hours_mean"], ERLANG.mean_wait_hours)
    assert _inside(runs["p_wait"], ERLANG.p_wait)
    assert _inside(runs["utilisation_desk"], 0.9)


@pytest.mark.slow
def test_mmc_matches_erlang_c_for_most_seeds():
    seeds = [11, 22, 33, 44, 55]
    hits = 0
    for seed in seeds:
        runs = _runs_to_precision(seed, relative_half_width=0.05)
        hits += _inside(runs["wait_hours_mean"], ERLANG.mean_wait_hours) and _inside(
            runs["p_wait"], ERLANG.p_wait
        )
    assert hits >= len(seeds) - 1


def test_littles_law_on_mmc():
    runs = _runs(days=120, reps=2, seed=5)
    lam_w = 9.0 * (runs["resolve_hours_mean"])
    assert np.allclose(runs["wip_time_average"], lam_w, rtol=0.02)
