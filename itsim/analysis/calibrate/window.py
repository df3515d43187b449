"""The stretch of a log that a steady-state simulation can reproduce.

Real extracts start and end ragged: the first weeks of a new tool carry a backlog, an extract
cut on closure dates holds only the quick tickets of its last weeks. Arrival counts find the
busy weeks (:func:`itsim.analysis.calibrate.fit.steady_window`); this module then drops a
*start-up transient*: leading weeks whose median resolution time is more than
:data:`TRANSIENT_FACTOR` times the median over the window's weeks. Such weeks describe a desk
working off a backlog, not the desk in steady state, and a steady-state model fitted to them
would be fitted to a mixture of two desks.

A window too short for that weekly rule (an extract of a few busy weeks, or one) applies the
same rule to its leading *days* (:func:`start_up_days`): an extract of the tickets active from
some date on holds, for its first days, mostly the long-running tickets opened before, and a
fit to them is a fit to the backlog.
"""

from __future__ import annotations

import numpy as np
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


MIN_STEADY_DAYS = 3  # never drop below this many days
MIN_TICKETS_PER_DAY = 20  # days with fewer resolved tickets neither count nor get dropped


def start_up_days(tickets: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Leading days of ``[start, end)`` that belong to a start-up transient (0 if none).

    Only for a window too short for :func:`start_up_weeks` (at most :data:`MIN_STEADY_WEEKS`
    weeks): leading days whose median resolution time is more than :data:`TRANSIENT_FACTOR`
    times the median over the window's days are dropped, keeping :data:`MIN_STEADY_DAYS`. Days
    with fewer than :data:`MIN_TICKETS_PER_DAY` resolved tickets (a weekend) are skipped over:
    they end the transient only by what follows them.
    """
    if end - start > pd.Timedelta(weeks=MIN_STEADY_WEEKS):
        return 0
    opened = tickets["opened_at"]
    done = tickets[tickets["resolved"] & (opened >= start) & (opened < end)]
    day = ((done["opened_at"] - start).dt.days).astype(int)
    grouped = done.groupby(day)["resolve_hours"]
    medians = grouped.median()[grouped.size() >= MIN_TICKETS_PER_DAY].sort_index()
    if len(medians) <= MIN_STEADY_DAYS:
        return 0
    limit = TRANSIENT_FACTOR * float(medians.median())
    dropped = 0
    days = medians.index.to_numpy(dtype=int)
    pairs = list(zip(days, medians.to_numpy(dtype=float), strict=True))
    for day, value in pairs[: len(medians) - MIN_STEADY_DAYS]:
        if value <= limit:
            break
        dropped = int(day) + 1
    return dropped


CUSUM_SLACK = 0.5  # allowance per week, in standard deviations of the weekly log-median
CUSUM_LIMIT = 4.0  # alarm threshold, in the same units
MIN_TICKETS_PER_WEEK = 20  # weeks with fewer resolved tickets are left out of the CUSUM


def holdout_cut(opened: pd.Series, start: pd.Timestamp, end: pd.Timestamp, share: float):
    """The open time that leaves the last ``share`` of the window's tickets for scoring.

    Parameters
    ----------
    opened : pandas.Series
        Open times of all tickets.
    start, end : pandas.Timestamp
        The window.
    share : float
        Share of the window's tickets (by open time) held out, in (0, 1).
    """
    inside = opened[(opened >= start) & (opened < end)].sort_values()
    position = min(len(inside) - 1, max(1, round(len(inside) * (1.0 - share))))
    return pd.Timestamp(inside.iloc[position])


def resolution_regime_shift(tickets: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp):
    """A warning line when weekly median resolution times shift during the window, else None.

    A two-sided CUSUM on the log of each week's median resolution time, standardised by the
    week-to-week spread (median absolute successive difference / 0.954, robust to the shift
    itself). Slack :data:`CUSUM_SLACK`, limit :data:`CUSUM_LIMIT` standard deviations.
    """
    opened = tickets["opened_at"]
    done = tickets[tickets["resolved"] & (opened >= start) & (opened < end)]
    week = ((done["opened_at"] - start).dt.days // 7).astype(int)
    grouped = done.groupby(week)["resolve_hours"]
    medians = grouped.median()[grouped.size() >= MIN_TICKETS_PER_WEEK]
    if len(medians) < 4:
        return None
    logs = np.log(np.maximum(medians.to_numpy(dtype=float), 1.0 / 60.0))
    spread = float(np.median(np.abs(np.diff(logs)))) / 0.954
    if spread <= 0:
        return None
    z = (logs - np.median(logs)) / spread
    up = down = 0.0
    for i, value in enumerate(z):
        up, down = max(0.0, up + value - CUSUM_SLACK), min(0.0, down + value + CUSUM_SLACK)
        if up > CUSUM_LIMIT or -down > CUSUM_LIMIT:
            when = start + pd.Timedelta(weeks=int(medians.index[i]))
            return (
                f"resolution time shifts during the window (CUSUM alarm in the week of "
                f"{when:%Y-%m-%d}; weekly medians {np.exp(logs.min()):.3g}-"
                f"{np.exp(logs.max()):.3g} h): a steady-state fit averages two regimes"
            )
    return None
