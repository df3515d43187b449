"""Warm-up advice: MSER-5 on daily series of a run that starts empty.

A run starts with empty queues and idle people, which is not typical of the department, so the
first weeks are biased. :func:`warmup_advice` applies MSER-5 (White 1997) to the daily backlog of
each team, the total backlog and each team's daily utilisation (business days only), averaged
over replications, and advises the largest truncation point, rounded up to whole weeks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from itsim.analysis.output import mser5

DAYS_PER_WEEK = 7
#: MSER is searched over the first half of a series (White 1997).
MAX_FRACTION = 0.5
BATCH = 5


@dataclass(frozen=True)
class WarmupAdvice:
    """MSER-5 truncation per series and the advised ``warmup_days``.

    Attributes
    ----------
    per_series : DataFrame
        Columns series, days_observed, truncate_day, at_limit (the minimum sat at the search
        limit, i.e. no steady state was visible).
    warmup_days : int
        Advised warm-up, days (a whole number of weeks).
    steady : bool
        False when some series never settled: run longer (or the system is unstable).
    """

    per_series: pd.DataFrame
    warmup_days: int
    steady: bool


def daily_panels(team_daily: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Replications x days panels: backlog per team and in total, utilisation per team.

    Utilisation panels keep only days on which the team was on shift in every replication.
    """
    panels: dict[str, pd.DataFrame] = {}
    working = team_daily[team_daily.groupby("team")["available_hours"].transform("sum") > 0]
    total = working.groupby(["rep", "day"])["backlog"].sum().unstack("day")
    panels["backlog (all teams)"] = total
    for team, rows in working.groupby("team", sort=True):
        panels[f"backlog {team}"] = rows.pivot(index="rep", columns="day", values="backlog")
        busy = rows.pivot(index="rep", columns="day", values="busy_hours")
        available = rows.pivot(index="rep", columns="day", values="available_hours")
        on_shift = (available > 0).all(axis=0)
        panels[f"utilisation {team}"] = (busy / available).loc[:, on_shift]
    return panels


def warmup_advice(team_daily: pd.DataFrame) -> WarmupAdvice:
    """MSER-5 on every daily panel of ``team_daily`` (a run with ``warmup_days = 0``)."""
    rows = []
    for name, panel in daily_panels(team_daily).items():
        values = panel.to_numpy(dtype=float)
        if values.shape[1] < 2 * BATCH or not np.isfinite(values).all():
            continue
        cut = mser5(values, MAX_FRACTION)
        limit = math.floor(MAX_FRACTION * (values.shape[1] // BATCH - 1)) * BATCH
        day = int(panel.columns[cut])
        rows.append((name, values.shape[1], day, cut >= limit))
    table = pd.DataFrame(rows, columns=["series", "days_observed", "truncate_day", "at_limit"])
    longest = int(table["truncate_day"].max()) if len(table) else 0
    weeks = math.ceil(longest / DAYS_PER_WEEK)
    return WarmupAdvice(table, weeks * DAYS_PER_WEEK, not bool(table["at_limit"].any()))
