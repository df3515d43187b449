"""Elapsed-only mode: a ticket export with one row per ticket and no state history.

Such an export (the usual ServiceNow list view) tells when each ticket was opened and resolved,
its priority and group, and perhaps how often it was reassigned, but not how its time was spent.
In this mode each ticket becomes two events, *active* at opening and *resolved* at resolution,
so the fit sees one active stretch: at most one working hour of it counts as hands-on effort
(:data:`reduce.TOUCH_CAP_HOURS`), the rest becomes the desk's holding delay. Queueing, pauses
and the split between the first line and tier 2 are not fitted; :data:`ELAPSED_ONLY_LIMITS`
says so in the report.
"""

from __future__ import annotations

import pandas as pd

from itsim.errors import InputError

ELAPSED_ONLY_LIMITS = (
    "elapsed-only mode: one row per ticket, so each ticket's whole resolution time is fitted as "
    "desk holding after at most one working hour of effort; queueing, pauses and the "
    "first-line/tier-2 split are not fitted (escalation comes from reassignment counts if any)"
)


def elapsed_events(events: pd.DataFrame, file: str) -> pd.DataFrame:
    """Two events per ticket (opened: active, resolved: resolved) from one row per ticket."""
    last = events.groupby("ticket_id", sort=False).last()
    opened = events.groupby("ticket_id", sort=False)["opened_at"].min()
    opened = opened.fillna(events.groupby("ticket_id", sort=False)["timestamp"].min())
    resolved = last["resolved_at"]
    if resolved.isna().all():
        raise InputError(file, "resolved_at", "elapsed-only mode needs a resolution time column")
    start = last.assign(timestamp=opened, state="active", seq=0.0)
    end = last.assign(timestamp=resolved, state="resolved", seq=1.0)[resolved.notna()]
    both = pd.concat([start, end]).reset_index()
    both["order"] = range(len(both))
    both = both.sort_values(["ticket_id", "seq"], kind="stable")
    return both.reset_index(drop=True)
