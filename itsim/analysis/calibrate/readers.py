"""Read a ticket event log or ticket export into one canonical event table.

Every reader returns a :class:`pandas.DataFrame` with one row per event (a row of a ticket export
is one event) and the canonical columns in :data:`FIELDS`. Times are naive local wall-clock
``datetime64``; an ISO 8601 offset is dropped so that the hour of the week is the local hour the
ticket arrived (the error across a daylight-saving change is at most one hour).

Formats
-------
``servicenow``
    The ServiceNow audit export of the UCI "Incident management process enriched event log":
    ``?`` for missing values and day-first ``d/m/YYYY HH:MM`` dates.
``bpic2013``
    The BPI Challenge 2013 Volvo IT incident log as the CSV ``VINST-new.csv`` (UTF-8 with BOM).
``csv``
    Any CSV whose column names are the canonical field names, or are mapped to them with
    ``--map COLUMN=FIELD``.

XES is not read directly: the one well-kept XES reader for Python (pm4py) is a large GPL-3.0
dependency, and the BPI 2013 log is published with the same events as CSV. Convert an XES log
with ``pm4py.read_xes(path).to_csv(...)`` and read it with ``--format csv`` and ``--map``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from itsim.analysis.calibrate.valuemap import ValueMaps
from itsim.analysis.calibrate.vocab import normalise_priority, normalise_state
from itsim.errors import InputError

REQUIRED_FIELDS = ("ticket_id", "timestamp")
OPTIONAL_FIELDS = (
    "state",
    "priority",
    "group",
    "level",
    "opened_at",
    "resolved_at",
    "seq",
    "reassignment_count",
    "reopen_count",
    "assignee",
    "made_sla",
)
FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
TIME_FIELDS = ("timestamp", "opened_at", "resolved_at")
COUNT_FIELDS = ("seq", "reassignment_count", "reopen_count")
MISSING_MARKERS = ("", "?", "NA", "N/A", "NULL", "null", "None")

SERVICENOW_MAP = {
    "number": "ticket_id",
    "sys_updated_at": "timestamp",
    "incident_state": "state",
    "priority": "priority",
    "assignment_group": "group",
    "opened_at": "opened_at",
    "resolved_at": "resolved_at",
    "sys_mod_count": "seq",
    "reassignment_count": "reassignment_count",
    "reopen_count": "reopen_count",
    "assigned_to": "assignee",
    "made_sla": "made_sla",
}
BPIC2013_MAP = {
    "SR Number": "ticket_id",
    "Change Date+Time": "timestamp",
    "Activity": "state",
    "SR Latest Impact": "priority",
    "Involved ST": "group",
    "ST Level": "level",
    "Resource": "assignee",
}
FORMAT_MAPS: dict[str, dict[str, str]] = {
    "servicenow": SERVICENOW_MAP,
    "bpic2013": BPIC2013_MAP,
    "csv": {},
}


@dataclass
class ReadResult:
    """Canonical events plus what reading had to repair.

    Attributes
    ----------
    events : pandas.DataFrame
        One row per event with the columns in :data:`FIELDS` (absent optional fields are NA).
    source : str
        The file that was read.
    fmt : str
        The format name.
    counts : dict[str, int]
        ``rows_read``, ``missing_<field>`` (cells that were empty or ``?``),
        ``bad_dates_<field>`` (cells that did not parse as a date).
    unknown_labels : dict[str, dict[str, int]]
        For ``state`` and ``priority``: each source label no rule or map recognised, with its
        number of rows (for the loud failures of :mod:`guards`).
    """

    events: pd.DataFrame
    source: str
    fmt: str
    counts: dict[str, int] = field(default_factory=dict)
    unknown_labels: dict[str, dict[str, int]] = field(default_factory=dict)


def parse_map(pairs: list[str] | tuple[str, ...], file: str = "--map") -> dict[str, str]:
    """Turn ``["COLUMN=FIELD", ...]`` into ``{COLUMN: FIELD}``, rejecting unknown fields."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column or target not in FIELDS:
            raise InputError(file, pair, f"expected COLUMN=FIELD with FIELD one of {FIELDS}")
        mapping[column] = target
    return mapping


def read_log(
    path: str | Path,
    fmt: str,
    column_map: Mapping[str, str] | None = None,
    dayfirst: bool = True,
    maps: ValueMaps | None = None,
    utc_offset_hours: float | None = None,
) -> ReadResult:
    """Read ``path`` in format ``fmt`` into canonical events.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    fmt : {"servicenow", "bpic2013", "csv"}
        The export format; decides the default column mapping.
    column_map : mapping, optional
        ``{source column: canonical field}``, applied on top of the format's own mapping.
    dayfirst : bool
        For dates that are not ISO 8601, read ``1/2/2016`` as 1 February.
    maps : ValueMaps, optional
        Source labels of states and priorities with their meaning (win over the built-in rules).
    utc_offset_hours : float, optional
        The log's times are UTC: add this many hours to get the office's local time (an ISO
        offset written in the log is then ignored and the instant converted).

    Raises
    ------
    InputError
        Unknown format, unreadable file, or a required column that is missing.
    """
    file = str(path)
    if fmt not in FORMAT_MAPS:
        raise InputError(
            file, "--format", f"unknown format {fmt!r}; use one of {list(FORMAT_MAPS)}"
        )
    mapping = {**FORMAT_MAPS[fmt], **(column_map or {})}
    raw = _read_csv(file)
    read = _to_canonical(raw, mapping, file, fmt, dayfirst, utc_offset_hours)
    return _apply_vocab(read, maps or ValueMaps())


def _read_csv(file: str) -> pd.DataFrame:
    try:
        return pd.read_csv(
            file,
            dtype=str,
            encoding="utf-8-sig",
            keep_default_na=False,
            na_values=list(MISSING_MARKERS),
        )
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(file, "", f"cannot read as CSV ({exc})") from exc


def _to_canonical(
    raw: pd.DataFrame,
    mapping: Mapping[str, str],
    file: str,
    fmt: str,
    dayfirst: bool,
    utc_offset_hours: float | None = None,
) -> ReadResult:
    present = {col: target for col, target in mapping.items() if col in raw.columns}
    for col in raw.columns:  # columns already named as canonical fields map to themselves
        if col in FIELDS and col not in present and col not in present.values():
            present[col] = col
    for required in REQUIRED_FIELDS:
        if required not in present.values():
            wanted = [c for c, t in mapping.items() if t == required] or [required]
            raise InputError(file, wanted[0], f"missing required column (the {required} field)")
    events = pd.DataFrame({target: raw[col] for col, target in present.items()})
    counts = {"rows_read": len(raw)}
    for name in FIELDS:
        if name not in events.columns:
            events[name] = pd.NA
        else:
            counts[f"missing_{name}"] = int(events[name].isna().sum())
    for name in TIME_FIELDS:
        events[name], bad = parse_times(events[name], dayfirst, utc_offset_hours)
        counts[f"bad_dates_{name}"] = bad
    for name in COUNT_FIELDS:
        events[name] = pd.to_numeric(events[name], errors="coerce")
    events["level"] = events["level"].map(_normalise_level, na_action="ignore")
    events["made_sla"] = events["made_sla"].map(_truth, na_action="ignore")
    for name in ("ticket_id", "group", "assignee", "state", "priority"):
        events[name] = events[name].astype("string")
    return ReadResult(events=events[list(FIELDS)], source=file, fmt=fmt, counts=counts)


def _apply_vocab(read: ReadResult, maps: ValueMaps) -> ReadResult:
    """Source state and priority labels to canonical ones; unrecognised labels are recorded."""
    events = read.events
    for name, own, rule, unknown in (
        ("state", maps.states, normalise_state, "unknown"),
        ("priority", maps.priorities, normalise_priority, None),
    ):
        labels = events[name].dropna().value_counts()
        meaning = {lab: own.get(str(lab).strip().lower()) or rule(lab) for lab in labels.index}
        read.unknown_labels[name] = {
            str(lab): int(n) for lab, n in labels.items() if meaning[lab] == unknown
        }
        events[name] = events[name].map(meaning).astype("object")
    return read


def _truth(value: str) -> bool | None:
    """``true``/``false``, ``1``/``0``, ``yes``/``no`` (None otherwise)."""
    return {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}.get(
        str(value).strip().lower()
    )


def parse_times(
    values: pd.Series, dayfirst: bool = True, utc_offset_hours: float | None = None
) -> tuple[pd.Series, int]:
    """Parse date strings into naive local times; return them and how many failed to parse.

    ISO 8601 strings keep their local wall-clock time (the offset is dropped). Other strings are
    parsed day-first when ``dayfirst`` (``29/2/2016 01:16``). With ``utc_offset_hours`` every
    time is taken as UTC (an ISO offset converts it to UTC first) and shifted to local time.
    """
    if utc_offset_hours is not None:
        return _utc_times(values, dayfirst, utc_offset_hours)
    text = values.astype("string").str.strip()
    present = text.notna()
    iso = text.str.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", na=False)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    if iso.any():
        local = text[iso].str.slice(0, 19).str.replace("T", " ", regex=False)
        parsed[iso] = pd.to_datetime(local, format="mixed", errors="coerce")
    other = present & ~iso
    if other.any():
        parsed[other] = pd.to_datetime(
            text[other], format="mixed", dayfirst=dayfirst, errors="coerce"
        )
    bad = int((present & parsed.isna()).sum())
    return parsed, bad


def _utc_times(values: pd.Series, dayfirst: bool, offset_hours: float) -> tuple[pd.Series, int]:
    text = values.astype("string").str.strip()
    present = text.notna()
    iso = text.str.match(r"^\d{4}-\d{2}-\d{2}", na=False)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    for subset, first in ((iso, False), (present & ~iso, dayfirst)):
        if subset.any():
            utc = pd.to_datetime(
                text[subset], format="mixed", dayfirst=first, errors="coerce", utc=True
            )
            parsed[subset] = utc.dt.tz_localize(None) + pd.Timedelta(hours=offset_hours)
    return parsed, int((present & parsed.isna()).sum())


def _normalise_level(value: str) -> str:
    """``L1``/``1st``/``tier 1`` → ``L1``; ``L2/L3`` → ``L2`` (the lower line it names)."""
    text = str(value).strip().upper()
    for digit in "123":
        if text.startswith(f"L{digit}") or text.startswith(digit) or f"TIER {digit}" in text:
            return f"L{digit}"
    return ""
