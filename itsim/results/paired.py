"""Paired comparisons of arms under common random numbers, and a ranking of arms that
corrects for multiple comparisons (Holm-Bonferroni).

Every arm of an experiment runs on the same ``(seed, rep)`` pairs, so replication ``r`` of arm A
and of arm B saw the same arrivals: differences are analysed pairwise (paired t), which gives
much narrower intervals than comparing independent means.

References
----------
Holm S (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of
Statistics 6(2):65-70.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from itsim.results.stats import mean_ci

ArrayLike = Sequence[float] | np.ndarray | pd.Series


def holm_adjust(p_values: ArrayLike) -> np.ndarray:
    """Holm-Bonferroni step-down adjusted p-values (Holm 1979); NaN stays NaN.

    With m finite p-values sorted ascending, the i-th (0-based) adjusted value is
    ``max_{j<=i} min(1, (m - j) * p_(j))``. Reject hypothesis h at level alpha iff
    ``adjusted[h] <= alpha``; this controls the family-wise error rate.
    """
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    finite = np.flatnonzero(np.isfinite(p))
    order = finite[np.argsort(p[finite], kind="stable")]
    m = order.size
    steps = (m - np.arange(m)) * p[order]
    adjusted[order] = np.minimum(1.0, np.maximum.accumulate(steps))
    return adjusted


@dataclass(frozen=True)
class PairedResult:
    """Paired comparison of two arms: ``diff`` = mean of (a - b), in the KPI's units."""

    diff: float
    half_width: float
    p_value: float
    n: int


def paired_ci(a: ArrayLike, b: ArrayLike, confidence: float = 0.95) -> PairedResult:
    """Paired-t CI and two-sided p-value of mean(a - b) for replications that share seeds.

    Pairs where either value is NaN are dropped.
    """
    diff = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    diff = diff[np.isfinite(diff)]
    mean, half = mean_ci(diff, confidence)
    if diff.size < 2:
        p = math.nan
    elif np.ptp(diff) == 0:  # no variation: scipy would return NaN
        p = 1.0 if mean == 0 else 0.0
    else:
        p = float(stats.ttest_1samp(diff, 0.0).pvalue)
    return PairedResult(mean, half, p, int(diff.size))


def paired_table(
    runs: pd.DataFrame, kpi: str, arm_col: str = "scenario", pair_cols: Sequence[str] = ("rep",)
) -> pd.DataFrame:
    """KPI values with one row per pairing key (e.g. rep) and one column per arm.

    Arms appear in order of first appearance. Raises ValueError on duplicate (pair, arm) rows,
    which usually means ``pair_cols`` should also include ``point``.
    """
    keys = [*pair_cols, arm_col]
    if runs.duplicated(keys).any():
        raise ValueError(f"several rows per {keys}; add the missing key to pair_cols")
    arms = list(pd.unique(runs[arm_col]))
    return runs.set_index(keys)[kpi].unstack(arm_col)[arms]


def compare_arms(
    runs: pd.DataFrame,
    kpis: Sequence[str],
    arm_col: str = "scenario",
    pair_cols: Sequence[str] = ("rep",),
    baseline: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Paired deltas of every arm against a baseline arm, per KPI (common random numbers).

    Returns one row per (arm, kpi) with columns arm, baseline, kpi, n, mean, mean_baseline,
    diff (arm - baseline), half_width, lower, upper, p_value and p_holm (Holm-adjusted over the
    arms within each KPI). ``baseline`` defaults to the first arm in ``runs``.
    """
    rows = []
    for kpi in kpis:
        table = paired_table(runs, kpi, arm_col, pair_cols)
        base = baseline if baseline is not None else table.columns[0]
        for arm in (a for a in table.columns if a != base):
            res = paired_ci(table[arm], table[base], confidence)
            rows.append(
                {
                    "arm": arm,
                    "baseline": base,
                    "kpi": kpi,
                    "n": res.n,
                    "mean": table[arm].mean(),
                    "mean_baseline": table[base].mean(),
                    "diff": res.diff,
                    "half_width": res.half_width,
                    "lower": res.diff - res.half_width,
                    "upper": res.diff + res.half_width,
                    "p_value": res.p_value,
                }
            )
    out = pd.DataFrame(rows)
    if len(out):
        out["p_holm"] = out.groupby("kpi")["p_value"].transform(lambda p: holm_adjust(p))
    return out


def pairwise_comparisons(
    runs: pd.DataFrame,
    kpi: str,
    arm_col: str = "scenario",
    pair_cols: Sequence[str] = ("rep",),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """All pairs of arms: paired CI of (arm_a - arm_b) with Holm over the whole family."""
    table = paired_table(runs, kpi, arm_col, pair_cols)
    arms = list(table.columns)
    rows = []
    for i, a in enumerate(arms):
        for b in arms[i + 1 :]:
            res = paired_ci(table[a], table[b], confidence)
            rows.append(
                {
                    "arm_a": a,
                    "arm_b": b,
                    "n": res.n,
                    "diff": res.diff,
                    "half_width": res.half_width,
                    "p_value": res.p_value,
                }
            )
    out = pd.DataFrame(rows, columns=["arm_a", "arm_b", "n", "diff", "half_width", "p_value"])
    out["p_holm"] = holm_adjust(out["p_value"].to_numpy())
    return out


def rank_arms(
    runs: pd.DataFrame,
    kpi: str,
    higher_is_better: bool,
    arm_col: str = "scenario",
    pair_cols: Sequence[str] = ("rep",),
    method: Literal["best", "pairs"] = "best",
    alpha: float = 0.05,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Rank arms on one KPI, accounting for multiple comparisons.

    ``method="best"`` tests every arm against the best-by-mean arm (m-1 paired t-tests);
    ``"pairs"`` tests all m(m-1)/2 pairs. The tested family is Holm-adjusted. Returns one row
    per arm, best first: arm, n, mean, half_width, rank (1 = best mean), diff_vs_best,
    p_holm_vs_best (NaN for the best), same_as_best (not significantly different from the best
    at ``alpha``) and n_better (tested arms significantly better than this one).
    """
    if method not in ("best", "pairs"):
        raise ValueError(f"method must be 'best' or 'pairs', got {method!r}")
    table = paired_table(runs, kpi, arm_col, pair_cols)
    means = table.mean().sort_values(ascending=not higher_is_better, kind="stable")
    best = means.index[0]
    pairs = pairwise_comparisons(runs, kpi, arm_col, pair_cols, confidence)
    if method == "best":
        pairs = pairs[(pairs["arm_a"] == best) | (pairs["arm_b"] == best)].copy()
        pairs["p_holm"] = holm_adjust(pairs["p_value"].to_numpy())
    p_holm = {frozenset(ab): p for *ab, p in pairs[["arm_a", "arm_b", "p_holm"]].itertuples(False)}
    rows = []
    for rank, arm in enumerate(means.index, start=1):
        mean, half = mean_ci(table[arm], confidence)
        p_best = p_holm.get(frozenset((arm, best)), math.nan)
        better = [o for o in means.index[: rank - 1] if means[o] != means[arm]]
        rows.append(
            {
                "arm": arm,
                "n": int(table[arm].notna().sum()),
                "mean": mean,
                "half_width": half,
                "rank": rank,
                "diff_vs_best": mean - means[best],
                "p_holm_vs_best": p_best,
                "same_as_best": not p_best <= alpha,
                "n_better": sum(p_holm.get(frozenset((o, arm)), 1.0) <= alpha for o in better),
            }
        )
    return pd.DataFrame(rows)
