"""Tidy tables of one replication, built from the model's plain records.

One grain per table (DESIGN §5); every table carries ``scenario``, ``point`` and ``rep``.
The censoring rule lives here: a ticket still open at the horizon counts as an SLA breach if its
deadline has passed, and is left out of SLA attainment (NaN) otherwise.
"""

from __future__ import annotations

import numpy as np

from itsim.model.core.hour_of_week import HOUR_OF_WEEK_FIELDS
from itsim.model.core.monitor import TEAM_DAY_FIELDS
from itsim.model.core.ticket_columns import TicketRecords
from itsim.model.records import ModelOutput
from itsim.results.columns import Columns, group_sum
from itsim.results.event_log import event_log_table
from itsim.results.staff import headcount_daily_table, staff_daily_table
from itsim.results.supply_tables import supply_tables

TABLE_NAMES = ("tickets", "projects", "team_daily", "costs", "staff_daily", "headcount_daily")


def _sla_met(done: np.ndarray, deadline: np.ndarray, horizon: float) -> np.ndarray:
    """1.0 met, 0.0 missed (or still open past the deadline), NaN undecided at the horizon."""
    met = np.where(done <= deadline, 1.0, 0.0)
    open_ = np.isnan(done)
    return np.where(open_, np.where(deadline <= horizon, 0.0, np.nan), met)


def tickets_table(out: ModelOutput) -> Columns:
    """One row per ticket (DESIGN §5), built column by column from the ticket records."""
    rec = out.ticket_records
    created = rec.column("created")
    responded = rec.column("responded")
    resolved = rec.column("resolved")
    first = rec.column("first_resolved")
    escalations = rec.column("escalations").astype(np.int64)
    deflected = rec.column("deflected")
    abandoned = rec.column("abandoned")
    horizon = out.horizon_hours
    response_met = _sla_met(responded, rec.column("respond_deadline"), horizon)
    resolve_met = _sla_met(resolved, rec.column("resolve_deadline"), horizon)
    response_met[deflected] = np.nan
    resolve_met[deflected] = np.nan
    frame = Columns({
        "ticket_id": rec.column("id").astype(np.int64, copy=False),
        "kind": rec.column("kind"),
        "priority": rec.column("priority"),
        "category": rec.column("category"),
        "created_hours": created,
        "responded_hours": responded,
        "resolved_hours": resolved,
        "wait_hours": responded - created,
        "resolve_hours": resolved - created,
        "first_resolved_hours": np.where(np.isnan(first), resolved, first),
        "resolver": rec.column("resolver"),
        "escalations": escalations,
        "escalated": escalations > 0,
        "reopened": rec.column("reopened").astype(np.int64),
        "status": _status(deflected, resolved, abandoned),
        "sla_response_met": response_met,
        "sla_resolve_met": resolve_met,
        "in_window": created >= out.warmup_hours,
    })  # fmt: skip
    if out.scenario.abandonment is not None:
        _abandonment_columns(frame, rec, abandoned)
    return frame


#: Ticket status labels; one shared string object each, so the column holds pointers only.
_STATUS = np.array(["resolved", "open", "deflected", "abandoned"], dtype=object)


def _status(deflected: np.ndarray, resolved: np.ndarray, abandoned: np.ndarray) -> np.ndarray:
    """``abandoned`` over ``deflected`` over ``open`` (not resolved) over ``resolved``."""
    code = np.isnan(resolved).astype(np.int8)
    code[deflected] = 2
    code[~np.isnan(abandoned)] = 3
    return _STATUS[code]


def _abandonment_columns(frame: Columns, rec: TicketRecords, abandoned: np.ndarray) -> None:
    """Channel, need and contact of each ticket, and when its user gave up (NaN: did not).

    An abandoned ticket was never answered, so it misses both SLA targets once they fall due.
    """
    frame["channel"] = rec.column("channel")
    frame["need_id"] = rec.need_ids().astype(np.int64)
    frame["contact"] = rec.column("contact").astype(np.int64)
    frame["abandoned_hours"] = abandoned


def projects_table(out: ModelOutput) -> Columns:
    """One row per project."""
    ps = out.projects
    arrived = np.array([p.arrived for p in ps], dtype=float)
    started = np.array([p.started for p in ps], dtype=float)
    finished = np.array([p.finished for p in ps], dtype=float)
    status = np.where(
        ~np.isnan(finished), "delivered", np.where(np.isnan(started), "waiting", "active")
    )
    status = np.where([p.rejected for p in ps], "rejected", status)
    return Columns({
        "project_id": np.array([p.id for p in ps], dtype=np.int64),
        "arrived_hours": arrived,
        "started_hours": started,
        "finished_hours": finished,
        "effort_hours": np.array([p.effort_hours for p in ps], dtype=float),
        "value_per_week_usd": np.array([p.value_per_week_usd for p in ps], dtype=float),
        "lead_time_days": (finished - arrived) / 24.0,
        "status": status,
        "in_window": arrived >= out.warmup_hours,
    })  # fmt: skip


def team_daily_table(out: ModelOutput) -> Columns:
    """One row per team per day."""
    return _with_utilisation(Columns.from_rows(out.team_days, TEAM_DAY_FIELDS))


def team_hour_of_week_table(out: ModelOutput) -> Columns:
    """One row per team and hour of the week (0 = Monday 00:00), summed over the window."""
    return _with_utilisation(Columns.from_rows(out.team_hour_of_week, HOUR_OF_WEEK_FIELDS))


def _with_utilisation(frame: Columns) -> Columns:
    """Add ``utilisation`` = busy ÷ available hours (NaN where nobody was available)."""
    frame["utilisation"] = frame["busy_hours"] / positive_or_nan(frame["available_hours"])
    return frame


def positive_or_nan(values: np.ndarray) -> np.ndarray:
    """``values`` as floats, NaN where not positive (a divisor that may be zero)."""
    numbers = values.astype(np.float64)
    return np.where(numbers > 0, numbers, np.nan)


def costs_table(out: ModelOutput) -> Columns:
    """One row per calendar month, category and item; ``measured_usd`` excludes warm-up days."""
    rows = Columns.from_rows(out.cost_rows, ("day", "category", "item", "usd"))
    if rows.empty:
        empty = np.array([], dtype=object)
        return Columns(dict.fromkeys(("month", "category", "item", "usd", "measured_usd"), empty))
    day = rows["day"]
    keys = (out.calendar.month_of_day(day), rows["category"], rows["item"])
    groups, usd = group_sum(keys, rows["usd"])
    measured = np.where(day >= out.scenario.warmup_days, rows["usd"], 0.0)
    _, measured_usd = group_sum(keys, measured)
    month, category, item = (list(k) for k in zip(*groups, strict=True))
    return Columns({
        "month": np.array(month, dtype=np.int64),
        "category": _objects(category),
        "item": _objects(item),
        "usd": usd,
        "measured_usd": measured_usd,
    })  # fmt: skip


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def impact_reference_table(out: ModelOutput) -> Columns:
    """One row per day: the business impact of the do-nothing reference (itsim/model/impact.py)."""
    usd = np.asarray(out.impact_reference_days, dtype=float)
    day = np.arange(usd.size)
    measured = np.where(day >= out.scenario.warmup_days, usd, 0.0)
    return Columns({"day": day, "usd": usd, "measured_usd": measured})


def build_tables(out: ModelOutput, point: str = "base") -> dict[str, Columns]:
    """All tables of one replication, each keyed by scenario, point and rep."""
    tables = {
        "tickets": tickets_table(out),
        "projects": projects_table(out),
        "team_daily": team_daily_table(out),
        "costs": costs_table(out),
        "staff_daily": staff_daily_table(out),
        "headcount_daily": headcount_daily_table(out),
        "team_hour_of_week": team_hour_of_week_table(out),
    }
    tables |= supply_tables(out)
    if out.event_log is not None:  # only when asked for (itsim run --event-log)
        tables["event_log"] = event_log_table(out)
    if out.impact_reference_days is not None:
        tables["impact_reference"] = impact_reference_table(out)
    name = out.scenario.name
    return {table: frame.with_keys(name, point, out.rep) for table, frame in tables.items()}
