"""Loud failures: logs the calibration would otherwise turn into nonsense with exit code 0.

Each check raises :class:`~itsim.errors.InputError` (one line, exit code 2) naming the file, what
is wrong and the option that fixes it:

- more than :data:`MAX_UNKNOWN_STATE_SHARE` of the events carry state labels that neither the
  built-in rules nor the user's maps recognise (the tickets would then end only at an automatic
  closure weeks later);
- no priority label is recognised (every per-priority fit and fidelity row would be empty);
- the export has no state history, i.e. one row per ticket (queueing, effort, pauses and holding
  cannot be told apart), unless the user asks for the elapsed-only mode, which fits arrivals,
  mix and whole resolution times and says what it cannot fit.
"""

from __future__ import annotations

import pandas as pd

from itsim.analysis.calibrate.readers import ReadResult
from itsim.errors import InputError

MAX_UNKNOWN_STATE_SHARE = 0.10
MAX_UNKNOWN_PRIORITY_SHARE = 0.10  # above this (but some recognised) a warning, not a failure
MIN_EVENTS_PER_TICKET = 1.2  # fewer events per ticket on average: an export without history
SHOWN_LABELS = 4


def check_read(read: ReadResult, elapsed_only: bool = False) -> list[str]:
    """Raise on a log that cannot be calibrated as read; return warnings for milder faults.

    Parameters
    ----------
    read : ReadResult
        The reader's canonical events and the labels it did not recognise.
    elapsed_only : bool
        The user accepts a one-row-per-ticket export and an elapsed-time-only fit.
    """
    events, file = read.events, read.source
    warnings = _check_priorities(read)
    if _no_history(events):
        if not elapsed_only:
            raise InputError(
                file,
                "state",
                f"no state history ({_events_per_ticket(events):.2f} rows per ticket, "
                f"{'no' if events['state'].isna().all() else 'a'} state column): queueing, "
                "effort, pauses and holding cannot be separated; pass --elapsed-only to fit "
                "arrivals, mix and whole resolution times only",
            )
        return warnings
    _check_states(read)
    return warnings


def _no_history(events: pd.DataFrame) -> bool:
    return bool(events["state"].isna().all() or _events_per_ticket(events) < MIN_EVENTS_PER_TICKET)


def _events_per_ticket(events: pd.DataFrame) -> float:
    tickets = events["ticket_id"].nunique()
    return len(events) / tickets if tickets else 0.0


def _check_states(read: ReadResult) -> None:
    labels = read.unknown_labels.get("state", {})
    with_state = int(read.events["state"].notna().sum())
    share = sum(labels.values()) / with_state if with_state else 0.0
    if share > MAX_UNKNOWN_STATE_SHARE:
        raise InputError(
            read.source,
            "state",
            f"{share:.0%} of events have state labels that are not recognised "
            f"({_examples(labels, with_state)}); say what they mean with --state-map LABEL=STATE "
            "or --vocab FILE.yaml",
        )


def _check_priorities(read: ReadResult) -> list[str]:
    labels = read.unknown_labels.get("priority", {})
    recognised = int(read.events["priority"].notna().sum())
    unknown = sum(labels.values())
    if recognised == 0:
        what = _examples(labels, unknown) if labels else "the priority column is missing or empty"
        raise InputError(
            read.source,
            "priority",
            f"no priority recognised ({what}); map the labels with --priority-map LABEL=Pn or "
            "--vocab FILE.yaml, or the column with --map COLUMN=priority",
        )
    share = unknown / (unknown + recognised)
    if share > MAX_UNKNOWN_PRIORITY_SHARE:
        return [
            f"{share:.0%} of rows have unrecognised priorities ({_examples(labels, unknown)}); "
            "their tickets take the priority of their other rows or none"
        ]
    return []


def _examples(labels: dict[str, int], total: int) -> str:
    top = sorted(labels.items(), key=lambda kv: -kv[1])[:SHOWN_LABELS]
    shown = ", ".join(f"{label!r} {n / total:.0%}" for label, n in top)
    more = len(labels) - len(top)
    return shown + (f" and {more} more" if more > 0 else "")
