"""Output analysis of replicated runs: confidence intervals, replications needed, warm-up
(MSER-5); paired comparisons and the ranking of arms (Holm-Bonferroni) are in
:mod:`itsim.results.paired` and re-exported here.

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
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from itsim.results.paired import (
    PairedResult,
    compare_arms,
    holm_adjust,
    paired_ci,
    paired_table,
    pairwise_comparisons,
    rank_arms,
)
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


__all__ = [
    "PairedResult",
    "ReplicationsResult",
    "compare_arms",
    "holm_adjust",
    "mean_ci",
    "mser5",
    "mser_curve",
    "paired_ci",
    "paired_table",
    "pairwise_comparisons",
    "rank_arms",
    "replications_needed",
]
