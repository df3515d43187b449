"""People tables and KPIs: ``staff_daily`` (person × day), ``headcount_daily`` (team × day).

Both tables are empty when every people feature is off. The KPIs cover the measured window
(days from the end of warm-up) and are only reported when people are tracked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from itsim.model.core.units import DAYS_PER_MONTH, DAYS_PER_YEAR
from itsim.model.people.records import HEADCOUNT_DAY_FIELDS, STAFF_DAY_FIELDS
from itsim.model.records import ModelOutput
from itsim.results.columns import Columns, group_sum

#: Cost categories the people model posts (reported as 0 when nothing was posted).
PEOPLE_COST_CATEGORIES = ("overtime", "on_call", "hiring", "turnover")
_STAFF_DTYPES = {
    "person": "object", "team": "object", "role": "object", "day": "int64", "status": "object",
    "hours_worked": "float64", "overtime_hours": "float64", "callout_hours": "float64",
    "busy_hours": "float64", "available_hours": "float64", "energy": "float64",
    "productivity": "float64", "burned_out": "bool",
}  # fmt: skip


def staff_daily_table(out: ModelOutput) -> Columns:
    """One row per person per day employed (DESIGN §5), with utilisation = busy ÷ available."""
    arrays = out.people.staff_days.arrays() if out.people is not None else {}
    frame = Columns({
        name: np.asarray(arrays.get(name, []), dtype=_STAFF_DTYPES[name])
        for name in STAFF_DAY_FIELDS
    }, objects=[n for n, dtype in _STAFF_DTYPES.items() if dtype == "object"])  # fmt: skip
    available = frame["available_hours"]
    frame["utilisation"] = frame["busy_hours"] / np.where(available > 0, available, np.nan)
    return frame


def headcount_daily_table(out: ModelOutput) -> Columns:
    """One row per ticket-pulling team per day: headcount, establishment, vacancies, moves."""
    rows = out.people.headcount_days if out.people is not None else []
    frame = Columns.from_rows(rows, HEADCOUNT_DAY_FIELDS)
    return Columns({
        name: frame[name].astype(object if name == "team" else np.int64)
        for name in HEADCOUNT_DAY_FIELDS
    }, objects=["team"])  # fmt: skip


def staff_kpis(tables: Mapping[str, Columns], warmup_days: int, horizon_days: int) -> dict:
    """Burnout, overtime, attrition, vacancies and people costs over the window."""
    staff = tables.get("staff_daily")
    if staff is None or staff.empty:
        return {}
    win = staff.rows(staff["day"] >= warmup_days)
    window_days = max(horizon_days - warmup_days, 1)
    fte = len(win) / window_days  # mean number of people employed
    heads = tables["headcount_daily"]
    heads = heads.rows(heads["day"] >= warmup_days)
    kpis = {
        "mean_energy": _mean(win["energy"]),
        "share_burned_out": _mean(win["burned_out"].astype(float)),
        "overtime_hours_per_fte_month": (
            float(win["overtime_hours"].sum()) / fte / (window_days / DAYS_PER_MONTH)
            if fte > 0 else math.nan
        ),
        "callout_hours": float(win["callout_hours"].sum()),
        "sick_days": float((win["status"] == "sick").sum()),
        "departures": float((win["status"] == "left").sum()),
        "hires": float(heads["hires"].sum()),
        "vacancy_days": float(heads["vacancies"].sum()),
        "headcount_mean": fte,
        "turnover_rate": _annual_rate(float((win["status"] == "left").sum()), fte, window_days),
    }  # fmt: skip
    kpis |= _per_team(win, window_days)
    kpis |= _people_costs(tables["costs"])
    return kpis


def _per_team(win: Columns, window_days: int) -> dict[str, float]:
    """Departures, annual turnover rate, mean energy and burned-out share of each team."""
    kpis: dict[str, float] = {}
    teams = win["team"]
    for team in sorted(set(teams.tolist())):
        rows = win.rows(teams == team, ("status", "energy", "burned_out"))
        left = float((rows["status"] == "left").sum())
        kpis[f"departures_{team}"] = left
        kpis[f"turnover_rate_{team}"] = _annual_rate(left, len(rows) / window_days, window_days)
        kpis[f"mean_energy_{team}"] = _mean(rows["energy"])
        kpis[f"share_burned_out_{team}"] = _mean(rows["burned_out"].astype(float))
    return kpis


def _annual_rate(departures: float, fte: float, window_days: int) -> float:
    """Departures per head per year (the HR turnover rate)."""
    return departures / fte * DAYS_PER_YEAR / window_days if fte > 0 else math.nan


def _people_costs(costs: Columns) -> dict[str, float]:
    groups, usd = group_sum((costs["category"],), costs["measured_usd"])
    spent = {key[0]: float(v) for key, v in zip(groups, usd, strict=True)}
    return {f"cost_{c}_usd": spent.get(c, 0.0) for c in PEOPLE_COST_CATEGORIES}


def _mean(values: np.ndarray) -> float:
    values = values.astype(float)
    return float(np.mean(values)) if values.size else math.nan
