"""The stretch of a log that a steady-state simulation can reproduce.

Real extracts start and end ragged: the first weeks of a new tool carry a backlog, an extract
cut on closure dates holds only the quick tickets of its last weeks. Arrival counts find the
busy weeks (:func:`itsim.analysis.calibrate.fit.steady_window`); this module then drops a
*start-up transient*: leading weeks whose median resolution time is more than
:data:`TRANSIENT_FACTOR` times the median over the window's weeks. Such weeks describe a desk
working off a backlog, not the desk in steady state, and a steady-state model fitted to them
would be fitted to a mixture of two desks.
"""

from __future__ import annotations

import pandas as pd

TRANSIENT_FACTOR = 3.0
MIN_STEADY_WEEKS = 4  # never drop below this many weeks


def start_up_weeks(tickets: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Leading weeks of ``[start, end)`` that belong to a start-up transient (0 if none).

    Parameters
    ----------
    tickets : pandas.DataFrame
        Reduced tickets with ``opened_at``, ``resolved`` and ``resolve_hours``.
    start, end : pandas.Timestamp
        The window (whole weeks, Monday 00:00).
    """
    opened = tickets["opened_at"]
    done = tickets[tickets["resolved"] & (opened >= start) & (opened < end)]
    week = ((done["opened_at"] - start).dt.days // 7).astype(int)
    medians = done.groupby(week)["resolve_hours"].median().sort_index()
    if len(medians) <= MIN_STEADY_WEEKS:
        return 0
    limit = TRANSIENT_FACTOR * float(medians.median())
    dropped = 0
    for value in medians.to_numpy()[: len(medians) - MIN_STEADY_WEEKS]:
        if value <= limit:
            break
        dropped += 1
    return dropped
