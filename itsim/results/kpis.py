"""Key performance indicators of one replication, defined once (docs/concepts.md lists them).

Every KPI covers the measured window, from the end of warm-up to the horizon: tickets that
arrived during warm-up are left out (their load stays in the system), and money is what was spent
in the window. The SLA censoring rule for open tickets is applied in ``tables``; waits and times
to resolve count open tickets up to the horizon (lower bounds, ``results/waits.py``).

Two load KPIs per team, after MetricNet's definitions (domain-figures §9.1): **occupancy** is
busy ÷ on-shift hours (the hours people could take tickets: shifts less shrinkage, absences,
plus overtime and call-outs) — the figure desks are run at 75-85% and the one burnout acts on —
and **utilisation** is busy ÷ paid hours (40 contract hours a week per person employed, plus
overtime and call-outs), the HDI benchmark basis (47.8% on average). Paid hours never count
below on-shift hours, so utilisation never exceeds occupancy (without rosters, a core-model team
is on shift for the whole open day and the two are equal).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from itsim.config.schema import CLASSES
from itsim.model.core.units import DAYS_PER_YEAR, HOURS_PER_DAY
from itsim.model.opmodels.impact import IMPACT_CATEGORY
from itsim.results.abandon_kpis import abandonment_kpis
from itsim.results.columns import Columns, group_sum
from itsim.results.finance_kpis import finance_kpis
from itsim.results.rows import rows_with
from itsim.results.staff import staff_kpis
from itsim.results.supply_kpis import supply_kpis
from itsim.results.waits import wait_kpis

if TYPE_CHECKING:
    import pandas as pd

WAIT_EPSILON_HOURS = 1e-9
#: Contract hours paid per person per year (DESIGN §4: hourly cost = loaded annual / 2,080).
PAID_HOURS_PER_YEAR = 2080.0


def _mean(values: np.ndarray) -> float:
    """Mean of the values that are not NaN (NaN when none are)."""
    values = values.astype(np.float64, copy=False)
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else math.nan


#: Columns of the tickets table the ticket KPIs read: the window's rows are copied with these
#: only (three copies are alive at a time in ``wait_kpis``; the whole rows would double the
#: memory of a large run).
TICKET_KPI_COLUMNS = ("status", "kind", "priority", "escalated", "sla_resolve_met",
                      "sla_response_met", "created_hours", "responded_hours", "resolved_hours",
                      "abandoned_hours")  # fmt: skip


def ticket_kpis(tickets: Columns, warmup_hours: float, horizon_hours: float) -> dict:
    """SLA attainment, resolution and wait times (open tickets counted so far), counts, backlog."""
    win = rows_with(tickets, tickets["in_window"], TICKET_KPI_COLUMNS)
    kpis: dict[str, float] = {
        "tickets_arrived": float(len(win)),
        "tickets_resolved": float(win.is_("status", "resolved").sum()),
        "tickets_deflected": float(win.is_("status", "deflected").sum()),
        "tickets_open_end": float(tickets.is_("status", "open").sum()),
        "sla_resolve_all": _mean(win["sla_resolve_met"]),
        "sla_response_all": _mean(win["sla_response_met"]),
        "escalation_share": _mean(win["escalated"][win.is_("kind", "incident")]),
    }
    kpis |= wait_kpis(win, horizon_hours)
    for cls in CLASSES[:-1]:
        group = win.is_("priority", cls)
        kpis[f"sla_resolve_{cls}"] = _mean(win["sla_resolve_met"][group])
        kpis[f"sla_response_{cls}"] = _mean(win["sla_response_met"][group])
    kpis["backlog_mean"] = backlog_mean(tickets, warmup_hours, horizon_hours)
    return kpis


def backlog_mean(tickets: Columns, warmup_hours: float, horizon_hours: float) -> float:
    """Mean number of open tickets at the end of each day in the window."""
    day_ends = np.arange(warmup_hours + HOURS_PER_DAY, horizon_hours + 1e-9, HOURS_PER_DAY)
    if day_ends.size == 0:
        return math.nan
    live = rows_with(
        tickets,
        ~tickets.is_("status", "deflected"),
        ("created_hours", "resolved_hours", "abandoned_hours"),
    )
    created = np.sort(live["created_hours"])
    left = live["resolved_hours"]
    if "abandoned_hours" in live:
        left = np.where(np.isnan(left), live["abandoned_hours"], left)
    resolved = np.sort(np.where(np.isnan(left), np.inf, left))
    arrived = np.searchsorted(created, day_ends, side="right")
    closed = np.searchsorted(resolved, day_ends, side="right")
    return float(np.mean(arrived - closed))


def team_kpis(team_daily: Columns, warmup_days: int, staff_daily: Columns | None = None) -> dict:
    """Occupancy (busy ÷ on-shift hours) and utilisation (busy ÷ paid hours) per team.

    Paid hours are the contract hours of the people employed each day plus their overtime and
    call-out hours (``staff_daily``), and never fewer than the on-shift hours (a core-model team
    without rosters is on shift for the whole open day). Teams that take no tickets get NaN.
    """
    win = team_daily.rows(team_daily["day"] >= warmup_days)
    teams, busy = _sums_by(win["team"], win["busy_hours"])
    _, on_shift_hours = _sums_by(win["team"], win["available_hours"])
    _, headcount = _sums_by(win["team"], win["headcount"])
    extra = _extra_paid_hours(staff_daily, warmup_days)
    kpis: dict[str, float] = {}
    for team, busy_hours, on_shift, heads in zip(
        teams, busy, on_shift_hours, headcount, strict=True
    ):
        paid = heads * PAID_HOURS_PER_YEAR / DAYS_PER_YEAR + extra.get(str(team), 0.0)
        kpis[f"occupancy_{team}"] = busy_hours / on_shift if on_shift > 0 else math.nan
        kpis[f"utilisation_{team}"] = busy_hours / max(paid, on_shift) if on_shift > 0 else math.nan
    return kpis


def _sums_by(keys: np.ndarray, values: np.ndarray) -> tuple[list, list]:
    """Sums of ``values`` per distinct key, in key order (as pandas' groupby adds them)."""
    groups, sums = group_sum((keys,), values)
    return [g[0] for g in groups], sums.tolist()


def _extra_paid_hours(staff_daily: Columns | None, warmup_days: int) -> dict[str, float]:
    """Overtime and call-out hours per team over the window (none without people)."""
    if staff_daily is None or staff_daily.empty:
        return {}
    win = staff_daily.rows(staff_daily["day"] >= warmup_days)
    teams, hours = _sums_by(win["team"], win["overtime_hours"] + win["callout_hours"])
    return {str(k): float(v) for k, v in zip(teams, hours, strict=True)}


def project_kpis(projects: Columns, warmup_hours: float, horizon_hours: float) -> dict:
    """Projects delivered in the window, their lead time, and value delivered in the window."""
    finished = projects["finished_hours"]
    delivered = projects.rows((finished >= warmup_hours) & (finished <= horizon_hours))
    earning_from = np.maximum(np.where(np.isnan(finished), np.inf, finished), warmup_hours)
    weeks = np.clip(horizon_hours - earning_from, 0, None) / (7 * HOURS_PER_DAY)
    return {
        "projects_arrived": float(projects["in_window"].sum()),
        "projects_delivered": float(len(delivered)),
        "project_lead_time_days_mean": _mean(delivered["lead_time_days"]),
        "projects_waiting_end": float((projects["status"] == "waiting").sum()),
        "value_delivered_usd": float((weeks * projects["value_per_week_usd"]).sum()),
    }


def cost_kpis(costs: Columns, window_days: float, employees: int, resolved: float) -> dict:
    """Money spent in the window: total, annualised, per category, per ticket, per employee.

    The business impact is the business's loss, not IT's spend: it is reported on its own
    (``business_impact_usd``) and left out of the totals.
    """
    impact = costs["category"] == IMPACT_CATEGORY
    if impact.any():
        return cost_kpis(costs.rows(~impact), window_days, employees, resolved) | {
            "business_impact_usd": float(costs["measured_usd"][impact].sum())
        }
    total = float(costs["measured_usd"].sum())
    annual = total * DAYS_PER_YEAR / window_days
    kpis = {
        "total_cost_usd": total,
        "annual_cost_usd": annual,
        "cost_per_ticket_usd": total / resolved if resolved else math.nan,
        "cost_per_employee_usd": annual / employees,
    }
    categories, spent = _sums_by(costs["category"], costs["measured_usd"])
    for category, usd in zip(categories, spent, strict=True):
        kpis[f"cost_{category}_usd"] = float(usd)
    return kpis


def complete_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Runs of several replications, made comparable: spend a replication did not incur is 0.

    A ledger category appears in a replication only when money was posted to it (no hire, no
    hiring cost), so after concatenation its ``cost_<category>_usd`` column is NaN there; a mean
    over replications must count those as zero, not skip them.
    """
    return runs.fillna(dict.fromkeys(_cost_columns(runs.columns), 0.0))


def complete_run_columns(runs: Columns) -> Columns:
    """``complete_runs`` for a runs table held as columns."""
    filled = runs.rows(slice(None))
    for name in _cost_columns(runs.names):
        values = runs[name]
        filled[name] = np.where(np.isnan(values), 0.0, values)
    return filled


def _cost_columns(names: Iterable[str]) -> list[str]:
    """The ``cost_<category>_usd`` columns of a runs table."""
    return [c for c in names if c.startswith("cost_") and c.endswith("_usd")]


def run_kpis(
    tables: Mapping[str, Columns],
    warmup_days: int,
    horizon_days: int,
    employees: int,
    wip_area_window: float,
    desk_team: str = "desk",
) -> dict[str, float]:
    """Every KPI of one replication, as a flat mapping of name to value.

    ``desk_team`` is the team that takes first contact (its cost makes the benchmark cost per
    desk ticket).
    """
    warmup_hours, horizon_hours = warmup_days * HOURS_PER_DAY, horizon_days * HOURS_PER_DAY
    kpis = ticket_kpis(tables["tickets"], warmup_hours, horizon_hours)
    kpis |= abandonment_kpis(tables["tickets"])
    kpis |= team_kpis(tables["team_daily"], warmup_days, tables.get("staff_daily"))
    kpis |= project_kpis(tables["projects"], warmup_hours, horizon_hours)
    kpis |= cost_kpis(
        tables["costs"], horizon_days - warmup_days, employees, kpis["tickets_resolved"]
    )
    kpis["wip_time_average"] = wip_area_window / (horizon_hours - warmup_hours)
    kpis |= finance_kpis(tables, kpis, desk_team)
    if "inventory_daily" in tables:
        kpis |= supply_kpis(tables, warmup_days, horizon_days)
    kpis |= staff_kpis(tables, warmup_days, horizon_days)
    return kpis
