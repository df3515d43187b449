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

from itsim.config.schema import CLASSES
from itsim.results.columns import Columns

WAIT_EPSILON_HOURS = 1e-9


def hours_so_far(
    done_hours: np.ndarray, created_hours: np.ndarray, horizon_hours: float
) -> np.ndarray:
    """``done − created`` where done, else ``horizon − created`` (hours, censored there)."""
    done = np.asarray(done_hours, dtype=float)
    created = np.asarray(created_hours, dtype=float)
    return np.where(np.isnan(done), horizon_hours - created, done - created)


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else math.nan


def _quantile(values: np.ndarray, q: float) -> float:
    return float(np.quantile(values, q)) if values.size else math.nan


def wait_kpis(window: Columns, horizon_hours: float) -> dict[str, float]:
    """Wait for first touch and time to resolve of the window's tickets, censored ones included.

    Parameters
    ----------
    window : Columns
        The tickets that arrived in the measured window (tickets table rows).
    horizon_hours : float
        The end of the run (hours); open tickets count up to it.
    """
    in_queue = ~window.is_("status", "deflected")
    live = window.rows(in_queue, _WAIT_COLUMNS)
    first_touch = live["responded_hours"]
    if "abandoned_hours" in live:  # waited until giving up
        first_touch = np.where(np.isnan(first_touch), live["abandoned_hours"], first_touch)
    wait = hours_so_far(first_touch, live["created_hours"], horizon_hours)
    kept = ~window.is_("status", "abandoned")[in_queue]
    served = live.rows(kept, ("resolved_hours", "created_hours"))
    resolve = hours_so_far(served["resolved_hours"], served["created_hours"], horizon_hours)
    kpis = {
        "wait_hours_mean": _mean(wait),
        "p_wait": _mean(wait > WAIT_EPSILON_HOURS),
        "wait_censored_share": _mean(np.isnan(first_touch)),
        "resolve_hours_mean": _mean(resolve),
        "resolve_hours_p50": _quantile(resolve, 0.5),
        "resolve_hours_p90": _quantile(resolve, 0.9),
        "resolve_censored_share": _mean(np.isnan(served["resolved_hours"])),
    }
    for cls in CLASSES[:-1]:
        of_class = window.is_("priority", cls)[in_queue][kept]
        kpis[f"resolve_hours_p50_{cls}"] = _quantile(resolve[of_class], 0.5)
    return kpis


_WAIT_COLUMNS = ("responded_hours", "abandoned_hours", "created_hours", "resolved_hours")
