"""Chart data: one series per result (mean over replications), base and variant side by side.

Every function takes a :class:`~itsim.api.Result` and returns a Series; :func:`side_by_side`
lines a base and a variant up into the two-column frame ``st.line_chart`` draws.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from itsim.api import Result

Series = Callable[[Result], pd.Series]
#: Days averaged into one point of the daily lines (a working week, for smooth lines).
SMOOTH_DAYS = 7


def _weekly(series: pd.Series) -> pd.Series:
    return series.rolling(SMOOTH_DAYS, min_periods=1).mean()


def burned_out_share(result: Result) -> pd.Series:
    """Share of working people burned out, per day (7-day mean; empty with the people model off)."""
    staff = result.tables.get("staff_daily", pd.DataFrame())
    if staff.empty:
        return pd.Series(dtype=float, name="share burned out")
    working = staff[staff["status"] != "left"]
    return _weekly(working.groupby("day")["burned_out"].mean()).rename("share burned out")


def headcount(result: Result) -> pd.Series:
    """People on the payroll of every team, per day (mean over replications)."""
    table = result.tables.get("headcount_daily", pd.DataFrame())
    if table.empty:
        return pd.Series(dtype=float, name="headcount")
    per_rep = table.groupby(["rep", "day"])["headcount"].sum()
    return per_rep.groupby(level="day").mean().rename("headcount")


def desk_backlog(result: Result) -> pd.Series:
    """Jobs queued at the desk at day end (7-day mean over replications)."""
    daily = result.tables["team_daily"]
    desk = daily[daily["team"] == result.scenario.flow.desk]
    return _weekly(desk.groupby("day")["backlog"].mean()).rename("desk backlog")


def desk_utilisation_by_hour(result: Result) -> pd.Series:
    """Desk busy hours ÷ on-shift hours by hour of the week (0 = Monday 00:00)."""
    table = result.tables["team_hour_of_week"]
    desk = table[table["team"] == result.scenario.flow.desk]
    sums = desk.groupby("hour_of_week")[["busy_hours", "available_hours"]].sum()
    available = sums["available_hours"].where(sums["available_hours"] > 0)
    return (sums["busy_hours"] / available).rename("desk utilisation")


def side_by_side(base: Result, variant: Result | None, series: Series) -> pd.DataFrame:
    """A frame with a ``base`` column and, when there is a variant, a ``variant`` column."""
    columns = {"base": series(base)}
    if variant is not None:
        columns["variant"] = series(variant)
    return pd.DataFrame(columns)
