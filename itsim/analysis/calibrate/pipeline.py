"""The calibration pipeline end to end: log file in, scenario text and fits out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from itsim.analysis.calibrate.clean import clean_events
from itsim.analysis.calibrate.emit import EmitOptions, scenario_yaml
from itsim.analysis.calibrate.fit import Calibration, fit_all
from itsim.analysis.calibrate.readers import read_log
from itsim.analysis.calibrate.reduce import reduce_tickets
from itsim.errors import InputError


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
    """

    source: str
    counts: dict[str, int]
    tickets: pd.DataFrame
    calibration: Calibration
    scenario_text: str


def calibrate_log(
    path: str | Path,
    fmt: str,
    column_map: Mapping[str, str] | None = None,
    options: EmitOptions | None = None,
    name: str | None = None,
    seed: int = 0,
) -> CalibrationResult:
    """Read, clean, reduce and fit ``path``; return the fits and the scenario text."""
    options = options or EmitOptions()
    read = read_log(path, fmt, column_map)
    events, counts = clean_events(read)
    if events.empty:
        raise InputError(str(path), "", "no usable events (every row lacks a ticket id or a time)")
    tickets = reduce_tickets(events)
    counts["tickets"] = len(tickets)
    counts["never_resolved"] = int((~tickets["resolved"] & ~tickets["cancelled"]).sum())
    counts["cancelled"] = int(tickets["cancelled"].sum())
    if tickets["resolved"].sum() < 5:
        raise InputError(str(path), "", "fewer than 5 resolved tickets: nothing to fit")
    calibration = fit_all(
        tickets, seed=seed, log_end=events["timestamp"].max(), drop_start_up=options.drop_start_up
    )
    name = name or f"calibrated-{Path(path).stem}"
    header = (
        f"Calibrated by `itsim calibrate` from {Path(path).name} ({fmt} format).\n"
        f"Steady window {calibration.window_start:%Y-%m-%d} to {calibration.window_end:%Y-%m-%d}, "
        f"{calibration.tickets_in_window} tickets. Handle times: '{options.work}' work per stage."
    )
    text = scenario_yaml(calibration, name, options, header)
    return CalibrationResult(str(path), counts, tickets, calibration, text)
