"""Output analysis of replicated runs: confidence intervals, replications needed, warm-up
(MSER-5), paired comparisons of arms under common random numbers, and a ranking of arms that
corrects for multiple comparisons (Holm-Bonferroni).

Statistics come from ``scipy.stats`` (``mean_ci`` is re-exported from
:mod:`itsim.results.stats`); only the procedures scipy lacks are written here:
the sequential replications algorithm of Hoad, Robinson & Davies (2010), MSER-5 (White 1997;
White, Cobb & Spratt 2000) and Holm's step-down adjustment (Holm 1979).

References
----------
Hoad K, Robinson S, Davies R (2010). Automated selection of the number of replications for a
discrete-event simulation. Journal of the Operational Research Society 61(11):1632-1644.
White KP Jr (1997). An effective truncation heuristic for bias reduction in simulation output.
Simulation 69(6):323-334.
Holm S (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of
Statistics 6(2):65-70.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from itsim.results.stats import mean_ci  # re-exported: the one t-based CI of a mean

ArrayLike = Sequence[float] | np.ndarray | pd.Series


def _finite(values: ArrayLike) -> np.ndarray:
    x = np.asarray(values, dtype=float).ravel()
    return x[np.isfinite(x)]


# -- replications needed (Hoad, Robinson & Davies 2010) ----------------------------------------


@dataclass(frozen=True)
class ReplicationsResult:
    """Outcome of :func:`replications_needed`.

    Attributes
    ----------
    n_required : int or None
        Replications that meet the target for every KPI; ``None`` if some KPI never did.
    per_kpi : dict
        The same per KPI.
    n_run : int
        Replications examined (run, or supplied).
    history : DataFrame
        Columns kpi, n, mean, half_width, rel_half_width: the cumulative CI after n replications.
    """

    n_required: int | None
    per_kpi: dict[str, int | None]
    n_run: int
    history: pd.DataFrame


def _cumulative_ci(x: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean and t half-width of every prefix x[:n], n = 1..len(x) (NaN half-width for n=1)."""
    if x.size == 0:
        return np.empty(0), np.empty(0)
    n = np.arange(1, x.size + 1, dtype=float)
    shifted = x - x[0]  # shift to limit cancellation in the running variance
    s1, s2 = np.cumsum(shifted), np.cumsum(shifted**2)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.clip((s2 - s1**2 / n) / (n - 1), 0.0, None)
        half = stats.t.ppf(0.5 + confidence / 2, df=n - 1) * np.sqrt(var / n)
    return x[0] + s1 / n, half


def _relative(mean: np.ndarray, half: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = half / np.abs(mean)
    return np.where((mean == 0) & (half == 0), 0.0, rel)


def _look_ahead(n: int, look_ahead: int) -> int:
    """Hoad et al.'s kLimit: fixed up to 100 replications, then growing in proportion to n."""
    return look_ahead if n <= 100 else math.floor(look_ahead * n / 100)


def _first_stable(rel: np.ndarray, target: float, initial: int, look_ahead: int) -> int | None:
    """Smallest n >= initial with rel[n-1] <= target that stays so for the look-ahead after it."""
    ok = rel <= target  # NaN compares False
    for n in range(initial, rel.size + 1):
        if not ok[n - 1]:
            continue
        k = _look_ahead(n, look_ahead)
        if n + k > rel.size:
            return None  # not confirmable yet with the data at hand
        if ok[n : n + k].all():
            return n
    return None


def _as_columns(source: Any) -> dict[str, list[float]]:
    if isinstance(source, pd.DataFrame):
        return {str(c): list(source[c].astype(float)) for c in source.columns}
    if isinstance(source, Mapping):
        return {str(k): [float(v) for v in vals] for k, vals in source.items()}
    return {"value": [float(v) for v in np.asarray(source, dtype=float).ravel()]}


def replications_needed(
    run_fn_or_values: Callable[[int], float | Mapping[str, float]] | Any,
    target_rel_half_width: float,
    confidence: float = 0.95,
    initial_reps: int = 3,
    look_ahead: int = 5,
    max_reps: int = 1000,
) -> ReplicationsResult:
    """Replications needed for a target relative CI half-width (Hoad, Robinson & Davies 2010).

    After each replication n >= ``initial_reps`` the relative half-width
    ``half_width / |mean|`` of the cumulative mean is computed; the answer is the first n where
    it is within target and stays so for the next ``look_ahead`` replications (scaled up by
    n/100 beyond 100 replications).

    Parameters
    ----------
    run_fn_or_values : callable or array-like or mapping or DataFrame
        Either ``run_fn(rep) -> float | {kpi: float}``, called for rep = 0, 1, ... until every
        KPI meets the target or ``max_reps`` is reached; or values already run (one sequence,
        a mapping of KPI to sequence, or a DataFrame with one column per KPI), in rep order.
    target_rel_half_width : float
        Target half-width as a fraction of the mean, e.g. 0.05 for +/-5 %.
    confidence, initial_reps, look_ahead, max_reps
        CI level; replications before the first check (>= 3); look-ahead kLimit; budget.
    """
    if target_rel_half_width <= 0 or initial_reps < 3:
        raise ValueError("need target_rel_half_width > 0 and initial_reps >= 3")
    if callable(run_fn_or_values):
        columns = _run_sequentially(
            run_fn_or_values, target_rel_half_width, confidence, initial_reps, look_ahead, max_reps
        )
    else:
        columns = _as_columns(run_fn_or_values)
    per_kpi, frames = {}, []
    for kpi, values in columns.items():
        mean, half = _cumulative_ci(_finite(values), confidence)
        rel = _relative(mean, half)
        per_kpi[kpi] = _first_stable(rel, target_rel_half_width, initial_reps, look_ahead)
        frames.append(
            pd.DataFrame(
                {
                    "kpi": kpi,
                    "n": np.arange(1, mean.size + 1),
                    "mean": mean,
                    "half_width": half,
                    "rel_half_width": rel,
                }
            )
        )
    needed = [n for n in per_kpi.values() if n is not None]
    n_required = max(needed) if needed and len(needed) == len(per_kpi) else None
    n_run = max((len(v) for v in columns.values()), default=0)
    return ReplicationsResult(n_required, per_kpi, n_run, pd.concat(frames, ignore_index=True))


def _run_sequentially(
    run_fn: Callable[[int], Any],
    target: float,
    confidence: float,
    initial_reps: int,
    look_ahead: int,
    max_reps: int,
) -> dict[str, list[float]]:
    columns: dict[str, list[float]] = {}
    for rep in range(max_reps):
        outcome = run_fn(rep)
        row = outcome if isinstance(outcome, Mapping) else {"value": outcome}
        for kpi, value in row.items():
            columns.setdefault(str(kpi), []).append(float(value))
        if rep + 1 >= initial_reps and all(
            _first_stable(
                _relative(*_cumulative_ci(_finite(v), confidence)), target, initial_reps, look_ahead
            )
            is not None
            for v in columns.values()
        ):
            break
    return columns


# -- warm-up: MSER-5 (White 1997) ------------------------------------------------------------


def mser_curve(series: ArrayLike, batch_size: int = 5) -> np.ndarray:
    """MSER statistic for truncating d = 0, 1, ... batches of ``batch_size`` observations.

    ``series`` is one output series in time order (e.g. backlog per day), or a 2-D array of
    replications x time that is averaged over replications first. Trailing observations that
    do not fill a batch are ignored. Element d is ``sum((z[d:] - mean(z[d:]))**2) / (b-d)**2``
    for batch means z of length b.
    """
    x = np.asarray(series, dtype=float)
    x = x.mean(axis=0) if x.ndim == 2 else x.ravel()
    if not np.isfinite(x).all():
        raise ValueError("series contains NaN or infinite values")
    b = x.size // batch_size
    if b < 2:
        raise ValueError(f"need at least {2 * batch_size} observations, got {x.size}")
    z = x[: b * batch_size].reshape(b, batch_size).mean(axis=1)
    count = np.arange(b, 0, -1, dtype=float)  # b - d
    tail_sum = np.cumsum(z[::-1])[::-1]
    tail_sq = np.cumsum((z - z.mean())[::-1] ** 2)[::-1]
    tail_dev = tail_sum - count * z.mean()  # sum over tail of (z - overall mean)
    sse = tail_sq - tail_dev**2 / count
    return np.clip(sse, 0.0, None) / count**2


def mser5(series: ArrayLike, max_fraction: float = 0.5) -> int:
    """MSER-5 warm-up: number of leading observations to delete (White 1997).

    The truncation point minimises :func:`mser_curve` with batches of 5, searched over the
    first ``max_fraction`` of the series as recommended; a minimum at that limit means the run
    is too short to show a steady state. Returns an index into ``series`` (a multiple of 5).
    """
    curve = mser_curve(series, batch_size=5)
    last = max(0, math.floor(max_fraction * (curve.size - 1)))
    return int(np.argmin(curve[: last + 1])) * 5


# -- paired comparisons and ranking ------------------------------------------------------------


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
