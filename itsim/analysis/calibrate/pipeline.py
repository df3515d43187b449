"""The calibration pipeline end to end: log file in, scenario text and fits out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from itsim.analysis.calibrate.clean import clean_events
from itsim.analysis.calibrate.elapsed import ELAPSED_ONLY_LIMITS, elapsed_events
from itsim.analysis.calibrate.emit import EmitOptions, scenario_yaml
from itsim.analysis.calibrate.fit import Calibration, fit_all
from itsim.analysis.calibrate.guards import check_read
from itsim.analysis.calibrate.officeday import infer_office_day
from itsim.analysis.calibrate.readers import read_log
from itsim.analysis.calibrate.reduce import has_resolution_field, reduce_tickets
from itsim.analysis.calibrate.valuemap import ValueMaps
from itsim.analysis.calibrate.worktime import WorkWeek
from itsim.config.load import read_raw, resolve_path
from itsim.errors import InputError


@dataclass(frozen=True)
class LogOptions:
    """How to read a log and which part of it to fit.

    Attributes
    ----------
    column_map : mapping
        ``{source column: canonical field}`` on top of the format's own map.
    maps : ValueMaps
        Source state and priority labels with their meaning.
    utc_offset_hours : float or None
        The log's times are UTC; add this to get local time.
    office_week : WorkWeek or None
        The office day; None infers it from the log (see :mod:`officeday`).
    elapsed_only : bool
        Accept an export without state history and fit elapsed times only.
    holdout : float
        Share of the window's tickets (last by open time) left out of the fit, 0 for none.
    """

    column_map: Mapping[str, str] = field(default_factory=dict)
    maps: ValueMaps = field(default_factory=ValueMaps)
    utc_offset_hours: float | None = None
    office_week: WorkWeek | None = None
    elapsed_only: bool = False
    holdout: float = 0.0


@dataclass
class CalibrationResult:
    """What one calibration produced.

    Attributes
    ----------
    source : str
        The log file.
    counts : dict[str, int]
        Cleaning counts (see :mod:`clean`), plus ``tickets`` and ``never_resolved``.
    tickets : pandas.DataFrame
        One row per ticket.
    calibration : Calibration
        The fits.
    scenario_text : str
        The scenario YAML.
    warnings : list[str]
        Faults that did not stop the calibration (shown on the terminal and in the report).
    """

    source: str
    counts: dict[str, int]
    tickets: pd.DataFrame
    calibration: Calibration
    scenario_text: str
    warnings: list[str] = field(default_factory=list)


def calibrate_log(
    path: str | Path,
    fmt: str,
    column_map: Mapping[str, str] | None = None,
    options: EmitOptions | None = None,
    name: str | None = None,
    seed: int = 0,
    log_options: LogOptions | None = None,
) -> CalibrationResult:
    """Read, check, clean, reduce and fit ``path``; return the fits and the scenario text."""
    options = options or EmitOptions()
    how = log_options or LogOptions()
    mapping = {**how.column_map, **(column_map or {})}
    read = read_log(path, fmt, mapping, maps=how.maps, utc_offset_hours=how.utc_offset_hours)
    warnings = check_read(read, elapsed_only=how.elapsed_only)
    events, counts = clean_events(read)
    if events.empty:
        raise InputError(str(path), "", "no usable events (every row lacks a ticket id or a time)")
    if how.elapsed_only:
        events = elapsed_events(events, str(path))
        warnings.append(ELAPSED_ONLY_LIMITS)
    week = how.office_week or infer_office_day(events["timestamp"])
    tickets = reduce_tickets(events, week)
    counts |= _ticket_counts(tickets)
    if tickets["resolved"].sum() < 5:
        raise InputError(str(path), "", "fewer than 5 resolved tickets: nothing to fit")
    calibration = fit_all(
        tickets,
        seed=seed,
        log_end=events["timestamp"].max(),
        drop_start_up=options.drop_start_up,
        holdout=how.holdout,
        week=week,
        sla_clocks=_base_clocks(options.base),
        delay_classes=options.delay_classes if options.delays else "none",
        pauses_with_delays=_pauses_with_delays(options),
        shares_by_arrival=options.class_shares == "by-arrival",
    )
    # without a resolution-time field a ticket is resolved at its first move into a done state
    calibration.first_resolution = not has_resolution_field(events)
    warnings.extend(calibration.notes)
    text = scenario_yaml(calibration, name or f"calibrated-{Path(path).stem}", options,
                         _header(path, fmt, calibration, options))  # fmt: skip
    return CalibrationResult(str(path), counts, tickets, calibration, text, warnings)


def _pauses_with_delays(options: EmitOptions) -> bool:
    """Whether the pauses are fitted into the delays: only where the delays are written."""
    return options.pauses == "with-delays" and options.delays and options.work == "touch"


def _ticket_counts(tickets: pd.DataFrame) -> dict[str, int]:
    return {
        "tickets": len(tickets),
        "never_resolved": int((~tickets["resolved"] & ~tickets["cancelled"]).sum()),
        "cancelled": int(tickets["cancelled"].sum()),
    }


def _base_clocks(base: str) -> dict[str, str]:
    """The SLA clock of each priority in the base scenario (24x7 or business)."""
    sla = read_raw(resolve_path(base)).get("sla") or {}
    clocks = {
        str(p): str(t.get("clock", "business")) for p, t in sla.items() if isinstance(t, dict)
    }
    return clocks or {"P1": "24x7"}


def _header(path: str | Path, fmt: str, cal: Calibration, options: EmitOptions) -> str:
    week = cal.office_week
    held_out = (
        f" Tickets opened from {cal.holdout_start:%Y-%m-%d %H:%M} are held out of the fit."
        if cal.holdout_start is not None
        else ""
    )
    return (
        f"Calibrated by `itsim calibrate` from {Path(path).name} ({fmt} format).\n"
        f"Fit window {cal.window_start:%Y-%m-%d} to {cal.window_end:%Y-%m-%d %H:%M}, "
        f"{cal.tickets_in_window} tickets. Handle times: '{options.work}' work per stage. "
        f"Office day {week.open_hour:g}-{week.close_hour:g} h.{held_out}"
    )
