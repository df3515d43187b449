"""Confidence intervals across independent replications (Student t; Wilson for shares).

A share (SLA attainment, occupancy …) gets an interval that stays inside [0, 1]: a t interval
around 82% with two replications can run from −130% to 290%, which nobody can read. Fewer than
``MIN_INFORMATIVE_REPS`` replications give intervals too wide to say anything; the console says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from itsim.results.catalog import is_share
from itsim.results.columns import Columns

if TYPE_CHECKING:
    import pandas as pd


#: Below this many replications a confidence interval is not informative (the t quantile alone
#: is 2.8 at four replications and 12.7 at two).
MIN_INFORMATIVE_REPS = 5
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


def load_t_quantile() -> None:
    """Import what the confidence intervals need now, ahead of the replications.

    ``mean_ci`` imports ``scipy.special`` on first use. A command that summarises several
    replications calls this before its worker processes fork, so they inherit the module (the
    model's lognormal and gamma draws use it too) instead of each importing it again.
    """
    from scipy import special  # noqa: F401


def share_interval(
    values: Sequence[float] | np.ndarray | pd.Series, confidence: float = 0.95
) -> tuple[float, float]:
    """A confidence interval for the mean of per-replication shares that stays inside [0, 1].

    The Wilson score interval with the effective sample size n* = p(1 − p) / se², where p is the
    mean share and se the standard error across replications (Korn & Graubard 1998 use the same
    device for proportions from clustered samples), and a Student t quantile. It contains p,
    never leaves [0, 1], and tends to p ± t·se when the replications agree. NaN with fewer than
    two values; (p, p) when every replication gives the same share.
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    if x.size < 2:
        return math.nan, math.nan
    p = min(max(float(x.mean()), 0.0), 1.0)
    se = float(x.std(ddof=1)) / math.sqrt(x.size)
    if se == 0.0 or p in (0.0, 1.0):
        return p, p
    from scipy import special  # lazily, as in mean_ci

    t = float(special.stdtrit(x.size - 1, 0.5 + confidence / 2))
    n_eff = p * (1.0 - p) / se**2
    shrink = 1.0 + t**2 / n_eff
    centre = (p + t**2 / (2 * n_eff)) / shrink
    half = t / shrink * math.sqrt(se**2 + t**2 / (4 * n_eff**2))
    return max(centre - half, 0.0), min(centre + half, 1.0)


def few_reps_warning(reps: int) -> str | None:
    """One line saying that the CIs of ``reps`` replications are not informative, or None."""
    if reps >= MIN_INFORMATIVE_REPS:
        return None
    return (f"note: {reps} replication{'s' if reps != 1 else ''}, fewer than "
            f"{MIN_INFORMATIVE_REPS}: the confidence intervals are not informative "
            f"(use --reps {MIN_INFORMATIVE_REPS} or more)")  # fmt: skip


def kpi_columns(runs: pd.DataFrame | Columns) -> list[str]:
    """The numeric KPI columns of a runs table (booleans count as numbers, as in pandas)."""
    names = runs.names if isinstance(runs, Columns) else [str(c) for c in runs.columns]
    return [c for c in names if c not in KEY_COLUMNS and _is_numeric(runs[c])]


def _is_numeric(values: object) -> bool:
    return getattr(values, "dtype", np.dtype(object)).kind in "biufc"


SUMMARY_COLUMNS = ("kpi", "mean", "half_width", "lower", "upper", "n")


def summary_columns(
    runs: pd.DataFrame | Columns, kpis: Iterable[str] | None = None, confidence: float = 0.95
) -> Columns:
    """One row per KPI: mean, CI half-width, lower and upper bound, replications used.

    For a share the bounds are ``share_interval``'s (inside [0, 1], not symmetric); the
    half-width stays the t one, for plots and precision rules.
    """
    rows = []
    for kpi in kpis if kpis is not None else kpi_columns(runs):
        if kpi not in runs:
            continue
        values = np.asarray(runs[kpi], dtype=float)
        mean, half = mean_ci(values, confidence)
        n = int(np.isfinite(values).sum())
        lower, upper = mean - half, mean + half
        if is_share(kpi):
            lower, upper = share_interval(values, confidence)
        rows.append((kpi, mean, half, lower, upper, n))
    return Columns.from_rows(rows, SUMMARY_COLUMNS)


def summarise(
    runs: pd.DataFrame | Columns, kpis: Iterable[str] | None = None, confidence: float = 0.95
) -> pd.DataFrame:
    """``summary_columns`` as a DataFrame."""
    return summary_columns(runs, kpis, confidence).to_pandas()
