"""Repair the usual faults of a real ticket log, counting every repair.

Real exports are messy. Each fault below is handled explicitly and counted, and the counts go
into the calibration report:

- missing values (``?``, empty) were turned into NA by the reader and counted there;
- dates that do not parse (counted by the reader) and events with no ticket id or time: dropped;
- out-of-order events (a time earlier than the previous row of the same ticket): re-sorted;
- duplicate updates (a row that repeats the ticket, time, state, group, level and priority of
  another row): dropped;
- unknown state labels: kept, and treated as the previous state;
- tickets never resolved: counted by :mod:`itsim.analysis.calibrate.reduce`.
"""

from __future__ import annotations

import pandas as pd

from itsim.analysis.calibrate.readers import ReadResult

_DUPLICATE_KEY = ["ticket_id", "timestamp", "state", "group", "level", "priority"]


def clean_events(read: ReadResult) -> tuple[pd.DataFrame, dict[str, int]]:
    """Return events sorted by ticket and time, with duplicates removed, and the repair counts.

    Parameters
    ----------
    read : ReadResult
        The reader's canonical events and counts.

    Returns
    -------
    events : pandas.DataFrame
        Canonical events, one ticket's events contiguous and in time order, with an extra
        ``order`` column (the row's position in the file).
    counts : dict[str, int]
        The reader's counts plus ``dropped_no_id_or_time``, ``out_of_order_events``,
        ``duplicate_updates``, ``conflicting_sequence_numbers`` and ``unknown_states``.
    """
    counts = dict(read.counts)
    events = read.events.copy()
    events["order"] = range(len(events))
    usable = events["ticket_id"].notna() & events["timestamp"].notna()
    counts["dropped_no_id_or_time"] = int((~usable).sum())
    events = events[usable]
    counts["out_of_order_events"] = count_out_of_order(events)
    counts["conflicting_sequence_numbers"] = _count_conflicting_seq(events)
    duplicated = events.duplicated(subset=_DUPLICATE_KEY, keep="first")
    counts["duplicate_updates"] = int(duplicated.sum())
    events = events[~duplicated]
    counts["unknown_states"] = int((events["state"] == "unknown").sum())
    events = events.sort_values(["ticket_id", "timestamp", "seq", "order"], na_position="first")
    events = _fill_unknown_states(events)
    counts["events_kept"] = len(events)
    return events.reset_index(drop=True), counts


def count_out_of_order(events: pd.DataFrame) -> int:
    """Count rows whose time is earlier than the previous row of the same ticket in file order."""
    step = events.groupby("ticket_id", sort=False)["timestamp"].diff()
    return int((step < pd.Timedelta(0)).sum())


def _count_conflicting_seq(events: pd.DataFrame) -> int:
    """Rows that reuse a ticket's update sequence number with different content."""
    with_seq = events[events["seq"].notna()]
    if with_seq.empty:
        return 0
    same_seq = with_seq.duplicated(subset=["ticket_id", "seq"], keep="first")
    same_all = with_seq.duplicated(subset=[*_DUPLICATE_KEY, "seq"], keep="first")
    return int((same_seq & ~same_all).sum())


def _fill_unknown_states(events: pd.DataFrame) -> pd.DataFrame:
    """An unknown label keeps the ticket in its previous state (or ``queued`` at the start)."""
    if events["state"].isna().all():  # a ticket export without states
        return events
    state = events["state"].mask(events["state"] == "unknown")
    filled = state.groupby(events["ticket_id"], sort=False).ffill()
    events = events.copy()
    events["state"] = filled.fillna("queued")
    return events
