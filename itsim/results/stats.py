"""Confidence intervals across independent replications (Student t)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

#: Columns of the runs table that identify a run rather than measure it.
KEY_COLUMNS = ("scenario", "point", "rep", "seed")


def mean_ci(values: Sequence[float] | np.ndarray | pd.Series, confidence: float = 0.95):
    """Mean and t-based confidence half-width of independent replications.

    NaNs (a KPI undefined in a replication) are dropped; the half-width is NaN with fewer
    than two values. Returns ``(mean, half_width)`` in the units of ``values``.
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    if x.size == 0:
        return math.nan, math.nan
    mean = float(x.mean())
    if x.size < 2:
        return mean, math.nan
    # Student t quantile via scipy.special (scipy.stats is slow to import in every worker),
    # imported here: it costs ~0.3 CPU-s and a one-replication run never needs it
    from scipy import special

    t = float(special.stdtrit(x.size - 1, 0.5 + confidence / 2))
    return mean, float(t * x.std(ddof=1) / math.sqrt(x.size))


def kpi_columns(runs: pd.DataFrame) -> list[str]:
    """The numeric KPI columns of a runs table."""
    return [
        c for c in runs.columns
        if c not in KEY_COLUMNS and pd.api.types.is_numeric_dtype(runs[c])
    ]  # fmt: skip


def summarise(
    runs: pd.DataFrame, kpis: Iterable[str] | None = None, confidence: float = 0.95
) -> pd.DataFrame:
    """One row per KPI: mean, CI half-width, lower and upper bound, replications used."""
    rows = []
    for kpi in kpis if kpis is not None else kpi_columns(runs):
        if kpi not in runs:
            continue
        mean, half = mean_ci(runs[kpi], confidence)
        n = int(np.isfinite(runs[kpi].to_numpy(dtype=float)).sum())
        rows.append((kpi, mean, half, mean - half, mean + half, n))
    return pd.DataFrame(rows, columns=["kpi", "mean", "half_width", "lower", "upper", "n"])
