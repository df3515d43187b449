"""Output analysis: CIs, replications needed, MSER-5 warm-up, paired comparisons, Holm."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from itsim.analysis.output import (
    compare_arms,
    holm_adjust,
    mean_ci,
    mser5,
    mser_curve,
    paired_ci,
    pairwise_comparisons,
    rank_arms,
    replications_needed,
)


def rng(seed: int = 7) -> np.random.Generator:
    return np.random.default_rng(seed)


# -- confidence intervals ----------------------------------------------------------------------


def test_mean_ci_agrees_with_scipy_interval_and_ignores_nan() -> None:
    x = rng().normal(10, 3, size=25)
    mean, half = mean_ci(np.append(x, np.nan), confidence=0.9)
    low, high = stats.t.interval(0.9, df=24, loc=x.mean(), scale=stats.sem(x))
    assert mean == pytest.approx(x.mean())
    assert (mean - half, mean + half) == pytest.approx((low, high))


def test_mean_ci_covers_the_true_mean_at_about_the_nominal_rate() -> None:
    gen = rng(11)
    hits = 0
    for _ in range(2000):
        mean, half = mean_ci(gen.exponential(2.0, size=30))
        hits += abs(mean - 2.0) <= half
    assert 0.91 <= hits / 2000 <= 0.97  # exponential data: slightly under 95 %


def test_mean_ci_degenerate_inputs() -> None:
    assert np.isnan(mean_ci([])[0])
    mean, half = mean_ci([4.0])
    assert mean == 4.0 and np.isnan(half)


# -- replications needed -----------------------------------------------------------------------


def test_replications_needed_reaches_target_on_a_synthetic_process() -> None:
    gen = rng(3)
    target = 0.05
    result = replications_needed(lambda rep: gen.normal(10.0, 2.0), target, max_reps=500)
    n = result.n_required
    assert n is not None
    expected = (1.96 * 2.0 / (target * 10.0)) ** 2  # about 61 replications
    assert 0.5 * expected <= n <= 2 * expected
    hist = result.history.set_index("n")["rel_half_width"]
    assert hist[n] <= target
    assert (hist.loc[n : n + 5] <= target).all()  # look-ahead of 5 confirmed
    assert result.n_run == n + 5  # stops as soon as the look-ahead confirms


def test_replications_needed_on_supplied_values_and_several_kpis() -> None:
    gen = rng(5)
    values = pd.DataFrame({"tight": gen.normal(100, 1, 200), "loose": gen.normal(100, 30, 200)})
    result = replications_needed(values, 0.05)
    assert None not in result.per_kpi.values()
    assert result.per_kpi["tight"] < result.per_kpi["loose"]
    assert result.n_required == max(result.per_kpi.values())
    short = replications_needed(values["loose"][:10], 0.05)
    assert short.n_required is None and short.n_run == 10


def test_replications_needed_look_ahead_rejects_an_early_lucky_stop() -> None:
    # The first 3 values agree closely, then the series turns noisy.
    values = [10.0, 10.01, 9.99, 15.0, 5.0, 14.0, 6.0, 13.0, 7.0, 10.0, 10.0]
    result = replications_needed(values, 0.05)
    rel = result.history.set_index("n")["rel_half_width"]
    assert rel[3] <= 0.05 and result.n_required != 3


def test_replications_needed_with_an_undefined_kpi_never_converges() -> None:
    result = replications_needed({"ok": [5.0] * 20, "undefined": [np.nan] * 20}, 0.1)
    assert result.per_kpi == {"ok": 3, "undefined": None} and result.n_required is None


def test_replications_needed_validates_arguments() -> None:
    with pytest.raises(ValueError):
        replications_needed([1.0, 2.0, 3.0], 0.0)
    with pytest.raises(ValueError):
        replications_needed([1.0, 2.0, 3.0], 0.1, initial_reps=2)


# -- warm-up -----------------------------------------------------------------------------------


@pytest.mark.parametrize("warmup_days", [40, 120])
def test_mser5_finds_a_known_warm_up(warmup_days: int) -> None:
    gen = rng(warmup_days)
    days = 600
    transient = np.where(np.arange(days) < warmup_days, 30 * (1 - np.arange(days) / warmup_days), 0)
    series = 50 + transient + gen.normal(0, 3, size=days)
    cut = mser5(series)
    assert cut % 5 == 0
    assert 0.6 * warmup_days <= cut <= warmup_days + 30


def test_mser5_keeps_a_stationary_series_almost_whole() -> None:
    series = rng(1).normal(20, 4, size=500)
    assert mser5(series) <= 50


def test_mser5_averages_replications_first() -> None:
    gen = rng(2)
    days = np.arange(400)
    reps = 50 + 40 * np.exp(-days / 15) + gen.normal(0, 10, size=(8, 400))
    assert mser5(reps) == mser5(reps.mean(axis=0))
    assert 20 <= mser5(reps) <= 120


def test_mser_curve_matches_the_definition() -> None:
    x = rng(4).normal(size=53)
    z = x[:50].reshape(10, 5).mean(axis=1)
    expected = [((z[d:] - z[d:].mean()) ** 2).sum() / (10 - d) ** 2 for d in range(10)]
    assert mser_curve(x) == pytest.approx(expected)
    with pytest.raises(ValueError):
        mser_curve([1.0] * 9)


# -- Holm --------------------------------------------------------------------------------------


def holm_rejections(p: np.ndarray, alpha: float) -> set[int]:
    """Holm's step-down procedure, written directly from the 1979 definition."""
    rejected: set[int] = set()
    for i, idx in enumerate(np.argsort(p, kind="stable")):
        if p[idx] > alpha / (len(p) - i):
            break
        rejected.add(int(idx))
    return rejected


def test_holm_adjustment_hand_worked() -> None:
    adjusted = holm_adjust([0.01, 0.04, 0.03, 0.005])
    # sorted: 0.005*4=0.02, 0.01*3=0.03, 0.03*2=0.06, 0.04*1=0.04 -> running max 0.06
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])


@pytest.mark.parametrize("seed", range(20))
def test_holm_adjusted_p_reproduce_the_step_down_rejections(seed: int) -> None:
    gen = rng(seed)
    p = np.concatenate([gen.uniform(0, 0.02, size=gen.integers(0, 5)), gen.uniform(size=6)])
    adjusted = holm_adjust(p)
    assert (adjusted >= p).all() and (adjusted <= 1).all()
    for alpha in (0.01, 0.05, 0.1):
        assert set(np.flatnonzero(adjusted <= alpha)) == holm_rejections(p, alpha)


def test_holm_leaves_nan_out_of_the_family() -> None:
    adjusted = holm_adjust([0.01, np.nan, 0.04])
    assert np.isnan(adjusted[1])
    assert adjusted[[0, 2]] == pytest.approx([0.02, 0.04])


# -- paired comparisons and ranking ------------------------------------------------------------


def crn_runs(shifts: dict[str, float], reps: int = 30, seed: int = 9) -> pd.DataFrame:
    """Arms that share a common per-rep noise (common random numbers) plus small own noise."""
    gen = rng(seed)
    common = gen.normal(0, 5, size=reps)
    rows = [
        {"scenario": arm, "rep": rep, "sla": 80 + shift + common[rep] + gen.normal(0, 0.5)}
        for arm, shift in shifts.items()
        for rep in range(reps)
    ]
    return pd.DataFrame(rows)


def test_paired_ci_recovers_a_known_shift_and_beats_unpaired() -> None:
    runs = crn_runs({"base": 0.0, "more_staff": 1.0})
    a = runs[runs.scenario == "more_staff"]["sla"].to_numpy()
    b = runs[runs.scenario == "base"]["sla"].to_numpy()
    res = paired_ci(a, b)
    assert res.diff - res.half_width <= 1.0 <= res.diff + res.half_width
    assert res.diff - res.half_width > 0 and res.p_value < 0.01
    unpaired = stats.ttest_ind(a, b).confidence_interval()
    assert 2 * res.half_width < unpaired.high - unpaired.low
    assert res.p_value == pytest.approx(stats.ttest_rel(a, b).pvalue)


def test_compare_arms_against_first_arm_per_kpi() -> None:
    runs = crn_runs({"base": 0.0, "same": 0.0, "better": 3.0})
    runs["cost"] = runs["sla"] * 10
    table = compare_arms(runs, ["sla", "cost"])
    assert set(table["baseline"]) == {"base"} and len(table) == 4
    better = table[(table.arm == "better") & (table.kpi == "cost")].iloc[0]
    by_arm = runs.set_index(["scenario", "rep"])["cost"]
    assert better["diff"] == pytest.approx((by_arm["better"] - by_arm["base"]).mean())
    assert better["lower"] > 0 and better["upper"] - better["lower"] < 10
    assert (table["p_holm"] >= table["p_value"]).all()
    pd.testing.assert_series_equal(
        table.groupby("kpi")["p_holm"].transform(lambda p: holm_adjust(p)),
        table["p_holm"],
        check_names=False,
    )


def test_paired_table_rejects_ambiguous_pairing() -> None:
    runs = pd.concat([crn_runs({"a": 0, "b": 1}).assign(point=p) for p in ("x", "y")])
    with pytest.raises(ValueError, match="pair_cols"):
        compare_arms(runs, ["sla"])
    assert len(compare_arms(runs, ["sla"], pair_cols=("point", "rep"))) == 1


@pytest.mark.parametrize("method", ["best", "pairs"])
def test_rank_arms_finds_the_best_and_its_ties(method: str) -> None:
    runs = crn_runs({"low": 0.0, "mid": 2.0, "top": 4.0, "top_too": 4.0}, reps=40)
    ranking = rank_arms(runs, "sla", higher_is_better=True, method=method)
    assert set(ranking["arm"].iloc[:2]) == {"top", "top_too"}
    assert ranking["rank"].tolist() == [1, 2, 3, 4]
    assert ranking.set_index("arm")["same_as_best"].to_dict() == {
        "top": True,
        "top_too": True,
        "mid": False,
        "low": False,
    }
    if method == "pairs":
        assert ranking.set_index("arm")["n_better"].to_dict() == {
            "top": 0,
            "top_too": 0,
            "mid": 2,
            "low": 3,
        }
    lower = rank_arms(runs, "sla", higher_is_better=False, method=method)
    assert lower["arm"].iloc[0] == "low"


def test_rank_arms_uses_holm_over_the_tested_family() -> None:
    runs = crn_runs({"a": 0.0, "b": 0.3, "c": 0.6}, reps=12)
    best = rank_arms(runs, "sla", higher_is_better=True, method="best").set_index("arm")
    raw = [
        paired_ci(*(runs[runs.scenario == arm]["sla"].to_numpy() for arm in (x, "c"))).p_value
        for x in ("a", "b")
    ]
    assert best.loc[["a", "b"], "p_holm_vs_best"].tolist() == pytest.approx(holm_adjust(raw))
    pairs = pairwise_comparisons(runs, "sla")
    assert len(pairs) == 3
    assert pairs["p_holm"].tolist() == pytest.approx(holm_adjust(pairs["p_value"]).tolist())
