"""Waits and times to resolve that count the tickets still open at the horizon.

A mean over finished tickets drops the tickets that have waited longest: on an overloaded desk
those not even started by the horizon can be a fifth of the window's tickets. Here a ticket not
started by the horizon counts as having waited ``horizon − created`` so far, and one not
resolved as having been open that long (right-censored at the horizon). Every mean, quantile and
share below is therefore a **lower bound** of the true value, exact when nothing is censored;
``wait_censored_share`` and ``resolve_censored_share`` say how much of the window was censored,
so a reader knows how far the bound may be from the truth. A ticket whose user gave up before
first touch (abandonment) waited until then, which is known, not censored; it never resolves, so
it is left out of the times to resolve (a re-contact arrives as a ticket of its own).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from itsim.config.schema import CLASSES

WAIT_EPSILON_HOURS = 1e-9


def hours_so_far(
    done_hours: pd.Series, created_hours: pd.Series, horizon_hours: float
) -> np.ndarray:
    """``done − created`` where done, else ``horizon − created`` (hours, censored there)."""
    done = done_hours.to_numpy(dtype=float)
    created = created_hours.to_numpy(dtype=float)
    return np.where(np.isnan(done), horizon_hours - created, done - created)


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else math.nan


def _quantile(values: np.ndarray, q: float) -> float:
    return float(np.quantile(values, q)) if values.size else math.nan


def wait_kpis(window: pd.DataFrame, horizon_hours: float) -> dict[str, float]:
    """Wait for first touch and time to resolve of the window's tickets, censored ones included.

    Parameters
    ----------
    window : DataFrame
        The tickets that arrived in the measured window (tickets table rows).
    horizon_hours : float
        The end of the run (hours); open tickets count up to it.
    """
    live = window[window["status"] != "deflected"]
    first_touch = live["responded_hours"]
    if "abandoned_hours" in live.columns:
        first_touch = first_touch.fillna(live["abandoned_hours"])  # waited until giving up
    wait = hours_so_far(first_touch, live["created_hours"], horizon_hours)
    served = live[live["status"] != "abandoned"]
    resolve = hours_so_far(served["resolved_hours"], served["created_hours"], horizon_hours)
    kpis = {
        "wait_hours_mean": _mean(wait),
        "p_wait": _mean(wait > WAIT_EPSILON_HOURS),
        "wait_censored_share": _mean(first_touch.isna().to_numpy()),
        "resolve_hours_mean": _mean(resolve),
        "resolve_hours_p50": _quantile(resolve, 0.5),
        "resolve_hours_p90": _quantile(resolve, 0.9),
        "resolve_censored_share": _mean(served["resolved_hours"].isna().to_numpy()),
    }
    priority = served["priority"].to_numpy()
    for cls in CLASSES[:-1]:
        kpis[f"resolve_hours_p50_{cls}"] = _quantile(resolve[priority == cls], 0.5)
    return kpis
