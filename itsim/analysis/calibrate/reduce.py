"""Reduce a cleaned event log to one row per ticket.

Each event opens an interval that lasts until the ticket's next event; the interval is spent in
the event's state, at the event's support level. Intervals are cut at the ticket's resolution, so
that the time a ticket spends ``closed`` or waiting after the fix never counts.

Resolution time is split three ways (see docs/calibration.md):

- **effort**: working hours in the ``active`` state, per support level; *touch* effort counts at
  most :data:`TOUCH_CAP_HOURS` of each active interval;
- **pauses**: calendar hours in the waiting states (user, vendor, other);
- **queueing**: calendar hours in ``queued`` (New, Awaiting Assignment, Assigned). It is kept for
  the report only: the simulator produces its own queueing from its staffing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from itsim.analysis.calibrate.vocab import DONE_STATES, PAUSE_STATES
from itsim.analysis.calibrate.worktime import (
    WorkWeek,
    span_of_working_hours,
    working_hours_between,
)

LEVELS = ("L1", "L2", "L3")
#: Longest stretch of one "active" interval counted as hands-on work (hours, whenever they fall).
#: A ticket left active for longer is being held while its analyst works on other tickets; the
#: rest of the interval is the holding delay (see :mod:`holding`).
TOUCH_CAP_HOURS = 1.0
_PAUSE_NAMES = {state: state.removeprefix("waiting_") for state in PAUSE_STATES}


def reduce_tickets(events: pd.DataFrame, week: WorkWeek | None = None) -> pd.DataFrame:
    """One row per ticket from cleaned canonical events (see :func:`clean.clean_events`).

    Parameters
    ----------
    events : pandas.DataFrame
        Cleaned events, each ticket's events contiguous and in time order.
    week : WorkWeek, optional
        The calendar effort is measured on (default 08:00–18:00, Monday to Friday).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``ticket_id`` with ``opened_at``, ``resolved_at``, ``resolved`` (bool),
        ``cancelled`` (bool), ``priority``, ``first_group``, ``reassignments``, ``max_level``,
        ``level_path``, ``escalated``, ``reopened``, ``resolve_hours``, ``queued_hours``,
        ``active_work_hours`` and ``active_work_hours_L1..L3``, ``pause_<kind>_hours`` and
        ``pause_<kind>_count`` for kind in user, vendor, other; per stage (``desk``,
        ``tier2``) ``<stage>_queued_hours`` (calendar), ``<stage>_touch_work_hours``,
        ``<stage>_held_office_hours`` and ``<stage>_held_off_hours`` (held active without work:
        office hours, and calendar hours outside what a business clock spans); ``made_sla``
        (the log's last value, NA without the column).
    """
    week = week or WorkWeek()
    by_ticket = events.groupby("ticket_id", sort=False)
    tickets = pd.DataFrame(index=pd.Index(by_ticket.size().index, name="ticket_id"))
    tickets["opened_at"] = _opened_at(events, by_ticket)
    tickets["resolved_at"] = _resolved_at(events, by_ticket)
    tickets["resolved"] = tickets["resolved_at"].notna()
    cancelled = events["state"].eq("cancelled").groupby(events["ticket_id"], sort=False).any()
    tickets["cancelled"] = cancelled
    tickets.loc[tickets["cancelled"], "resolved"] = False
    tickets["priority"] = by_ticket["priority"].last()
    tickets["first_group"] = by_ticket["group"].first()
    tickets["reassignments"] = _reassignments(events, by_ticket)
    tickets = tickets.join(_levels(events, by_ticket))
    tickets["escalated"] = _escalated(tickets)
    tickets["reopened"] = _reopened(events, by_ticket)
    tickets["made_sla"] = by_ticket["made_sla"].last()
    span = tickets["resolved_at"] - tickets["opened_at"]
    tickets["resolve_hours"] = span.dt.total_seconds() / 3600.0
    tickets = tickets.join(_state_times(events, tickets, week))
    return _stage_holds(tickets, week)


def _stage_holds(tickets: pd.DataFrame, week: WorkWeek) -> pd.DataFrame:
    """Working hours each stage held the ticket, queueing excluded (effort plus pauses)."""
    handover = tickets["escalated_at"].where(tickets["escalated"]).fillna(tickets["resolved_at"])
    handover = handover.clip(lower=tickets["opened_at"])
    desk_total = working_hours_between(tickets["opened_at"], handover, week)
    tier2_total = working_hours_between(handover, tickets["resolved_at"].fillna(handover), week)
    tickets["desk_hold_work_hours"] = np.maximum(
        desk_total - tickets["desk_queued_work_hours"], 0.0
    )
    tickets["tier2_hold_work_hours"] = np.maximum(
        tier2_total - tickets["tier2_queued_work_hours"], 0.0
    )
    return tickets


def _opened_at(events: pd.DataFrame, by_ticket) -> pd.Series:
    first_event = by_ticket["timestamp"].min()
    if events["opened_at"].notna().any():
        return by_ticket["opened_at"].min().fillna(first_event)
    return first_event


def has_resolution_field(events: pd.DataFrame) -> bool:
    """Whether the log gives a resolution time (the last one, for a reopened ticket); without
    one a ticket is resolved at its first move into a done state."""
    return bool(events["resolved_at"].notna().any())


def _resolved_at(events: pd.DataFrame, by_ticket) -> pd.Series:
    """The log's resolution time field if it has one, else the first move into a done state."""
    done = events[events["state"].isin(DONE_STATES)]
    first_done = done.groupby("ticket_id", sort=False)["timestamp"].min()
    first_done = first_done.reindex(by_ticket.size().index)
    if has_resolution_field(events):
        return by_ticket["resolved_at"].max().fillna(first_done)
    return first_done


def _reassignments(events: pd.DataFrame, by_ticket) -> pd.Series:
    if events["reassignment_count"].notna().any():
        return by_ticket["reassignment_count"].max().fillna(0).astype(int)
    changed = events["group"].ne(by_ticket["group"].shift()) & by_ticket.cumcount().gt(0)
    changed &= events["group"].notna()
    return changed.groupby(events["ticket_id"], sort=False).sum().astype(int)


def _levels(events: pd.DataFrame, by_ticket) -> pd.DataFrame:
    level = events["level"].fillna("")
    max_level = level.groupby(events["ticket_id"], sort=False).max()
    path = level[level != ""].groupby(events["ticket_id"], sort=False).agg(_collapse_path)
    out = pd.DataFrame({"max_level": max_level, "level_path": path})
    out["level_path"] = out["level_path"].fillna("")
    return out


def _collapse_path(levels: pd.Series) -> str:
    values = levels.to_numpy()
    keep = np.r_[True, values[1:] != values[:-1]]
    return ">".join(values[keep])


def _escalated(tickets: pd.DataFrame) -> pd.Series:
    """Beyond the first line when the log has levels; else reassigned at least once."""
    if (tickets["max_level"] != "").any():
        return tickets["max_level"].isin(LEVELS[1:])
    return tickets["reassignments"] > 0


def _reopened(events: pd.DataFrame, by_ticket) -> pd.Series:
    if events["reopen_count"].notna().any():
        return by_ticket["reopen_count"].max().fillna(0).astype(int)
    done = events["state"].isin(DONE_STATES)
    was_done = done.groupby(events["ticket_id"], sort=False).shift(fill_value=False)
    back = was_done & ~done & events["state"].ne("cancelled")
    return back.groupby(events["ticket_id"], sort=False).sum().astype(int)


def _intervals(events: pd.DataFrame, tickets: pd.DataFrame, week: WorkWeek) -> dict[str, Any]:
    """Each event's interval up to the ticket's next event, cut at its resolution: ``valid``,
    and hours of it as ``calendar``, ``work`` (office hours), ``touch``, ``held_office`` and
    ``held_extra``."""
    start = events["timestamp"]
    end = events.groupby("ticket_id", sort=False)["timestamp"].shift(-1)
    cutoff = events["ticket_id"].map(tickets["resolved_at"])
    end = end.where(cutoff.isna() | (end <= cutoff), cutoff)
    valid = end.notna() & (end > start)
    calendar_hours = ((end - start).dt.total_seconds() / 3600.0).where(valid, 0.0)
    work_hours = np.where(valid, working_hours_between(start, end.fillna(start), week), 0.0)
    # the first hour of an active interval is hands-on work whenever it falls (a desk that
    # answers at night works at night); the rest of it is held
    touch = np.minimum(calendar_hours.to_numpy(dtype=float), TOUCH_CAP_HOURS)
    held_from = start + pd.to_timedelta(touch, unit="h")
    # each delay in two parts: its office hours, and the calendar hours a business clock started
    # with it does not span (before the office opens, after it closes), as the simulator times it
    held_office = np.where(valid, working_hours_between(held_from, end.fillna(start), week), 0.0)
    held_extra = calendar_hours - touch - span_of_working_hours(held_from, held_office, week)
    queued_extra = calendar_hours - span_of_working_hours(start, work_hours, week)
    return {"valid": valid, "calendar": calendar_hours, "work": work_hours, "touch": touch,
            "held_office": held_office, "held_extra": np.maximum(held_extra, 0.0),
            "queued_extra": np.maximum(queued_extra, 0.0)}  # fmt: skip


def _state_times(events: pd.DataFrame, tickets: pd.DataFrame, week: WorkWeek) -> pd.DataFrame:
    """Per ticket: queueing, effort and pauses before resolution, split into desk and tier 2."""
    start = events["timestamp"]
    per_interval = _intervals(events, tickets, week)
    valid, calendar_hours = per_interval["valid"], per_interval["calendar"]
    work_hours = per_interval["work"]
    frame = pd.DataFrame({"ticket_id": events["ticket_id"], "state": events["state"]})
    frame["level"] = events["level"].fillna("")
    frame["tier2"] = _after_escalation(events)
    frame["in_office"] = in_office_hours(start, week).astype(float)
    out = pd.DataFrame(index=tickets.index)
    queued, active = frame["state"] == "queued", frame["state"] == "active"
    for stage, mask in (("desk", ~frame["tier2"]), ("tier2", frame["tier2"])):
        out = out.join(_stage_parts(frame, per_interval, stage, mask & queued, mask & active))
    out["queued_hours"] = _sum_by_ticket(frame, calendar_hours, queued)
    out["active_work_hours"] = _sum_by_ticket(frame, work_hours, active)
    for level in LEVELS:
        mask = active & (frame["level"] == level)
        out[f"active_work_hours_{level}"] = _sum_by_ticket(frame, work_hours, mask)
    for state, kind in _PAUSE_NAMES.items():
        mask = (frame["state"] == state) & valid
        out[f"pause_{kind}_hours"] = _sum_by_ticket(frame, calendar_hours, mask)
        out[f"pause_{kind}_work_hours"] = _sum_by_ticket(frame, work_hours, mask)
        entered = mask & frame["state"].ne(frame.groupby("ticket_id", sort=False)["state"].shift())
        out[f"pause_{kind}_count"] = _sum_by_ticket(frame, entered.astype(float), entered)
    out["escalated_at"] = start[frame["tier2"]].groupby(frame["ticket_id"], sort=False).min()
    tier2_groups = events["group"][frame["tier2"]]
    out["tier2_group"] = tier2_groups.groupby(frame["ticket_id"], sort=False).last()
    numeric = [c for c in out.columns if c not in ("escalated_at", "tier2_group")]
    numeric = [c for c in numeric if not c.endswith("_starts_in_office")]
    return out.reindex(tickets.index).fillna(dict.fromkeys(numeric, 0.0))


def in_office_hours(times: pd.Series, week: WorkWeek) -> np.ndarray:
    """Whether each time falls in the office day."""
    hour = times.dt.hour + times.dt.minute / 60.0
    inside = (times.dt.day_of_week < week.days) & (hour >= week.open_hour)
    return (inside & (hour < week.close_hour)).to_numpy(dtype=bool)


def _stage_parts(
    frame: pd.DataFrame, per: dict[str, Any], stage: str, queued: pd.Series, active: pd.Series
) -> pd.DataFrame:
    """One stage's queueing, effort and holding per ticket (see :func:`reduce_tickets`)."""
    out = pd.DataFrame(index=pd.Index(frame["ticket_id"].unique(), name="ticket_id"))
    out[f"{stage}_queued_work_hours"] = _sum_by_ticket(frame, per["work"], queued)
    out[f"{stage}_active_work_hours"] = _sum_by_ticket(frame, per["work"], active)
    out[f"{stage}_touch_work_hours"] = _sum_by_ticket(frame, per["touch"], active)
    out[f"{stage}_held_office_hours"] = _sum_by_ticket(frame, per["held_office"], active)
    out[f"{stage}_held_off_hours"] = _sum_by_ticket(frame, per["held_extra"], active)
    held_calendar = per["calendar"] - per["touch"]
    out[f"{stage}_held_hours"] = _sum_by_ticket(frame, held_calendar, active)
    out[f"{stage}_queued_hours"] = _sum_by_ticket(frame, per["calendar"], queued)
    out[f"{stage}_queued_off_hours"] = _sum_by_ticket(frame, per["queued_extra"], queued)
    for in_state, name in ((queued, "queued"), (active, "held")):
        first = frame["in_office"].where(in_state).groupby(frame["ticket_id"]).first()
        out[f"{stage}_{name}_starts_in_office"] = first.reindex(out.index)
    return out


def _after_escalation(events: pd.DataFrame) -> pd.Series:
    """True from a ticket's first event beyond the first line (or in another group) onwards."""
    if events["level"].fillna("").ne("").any():
        beyond = events["level"].isin(LEVELS[1:])
    else:
        first_group = events.groupby("ticket_id", sort=False)["group"].transform("first")
        beyond = events["group"].notna() & first_group.notna() & events["group"].ne(first_group)
    return beyond.astype(int).groupby(events["ticket_id"], sort=False).cummax().astype(bool)


def _sum_by_ticket(frame: pd.DataFrame, values, mask: pd.Series) -> pd.Series:
    series = pd.Series(np.asarray(values, dtype=float), index=frame.index)
    return series.where(mask, 0.0).groupby(frame["ticket_id"], sort=False).sum()
