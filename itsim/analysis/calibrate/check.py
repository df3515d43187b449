"""Simulate a calibrated scenario and line its tickets up with the log's.

The log and the simulation are compared over one *span* of open times: the fit window (the
in-sample check) or the held-out part of the log (``--holdout``). The simulation is stationary
and starts on a Monday, that of the window's first week, shifted by the warm-up, so a span of
the log maps to the same hours of the week in the simulation. Simulated tickets resolved after
the point that corresponds to the log's last event are dropped, as the log cannot show them
either.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from itsim.analysis.calibrate.emit import WARMUP_DAYS
from itsim.analysis.calibrate.fit import Calibration
from itsim.config.schema import Scenario
from itsim.experiment.runner import run_one


@dataclass(frozen=True)
class Span:
    """Open times ``[start, end)`` of the compared tickets."""

    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def hours(self) -> float:
        """Length of the span (hours)."""
        return (self.end - self.start).total_seconds() / 3600.0


def fit_span(cal: Calibration) -> Span:
    """The tickets the fit used."""
    return Span(cal.window_start, cal.window_end)


def scored_span(cal: Calibration) -> Span:
    """The held-out tickets when there are any, else the fit window."""
    if cal.holdout_start is None or cal.holdout_end is None:
        return fit_span(cal)
    return Span(cal.holdout_start, cal.holdout_end)


def simulate_tickets(scenario: Scenario, reps: int, seed: int) -> pd.DataFrame:
    """The tickets table of ``reps`` replications, stacked."""
    tables = [run_one(scenario, seed, rep).tables["tickets"] for rep in range(reps)]
    return pd.concat(tables, ignore_index=True)


def observed_in(tickets: pd.DataFrame, span: Span) -> pd.DataFrame:
    """The log's tickets opened in ``span``."""
    opened = tickets["opened_at"]
    return tickets[(opened >= span.start) & (opened < span.end)]


def comparable_observed(cal: Calibration, observed: pd.DataFrame) -> pd.DataFrame:
    """The log's tickets opened in the fitted window (those the fit used)."""
    return observed_in(observed, fit_span(cal))


def simulated_in(
    cal: Calibration, simulated: pd.DataFrame, span: Span
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulated incidents seen as the log sees its tickets of ``span``: (arrived, resolved).

    Parameters
    ----------
    cal : Calibration
        For the Monday the window starts in (simulation hour ``warm-up``) and the log's last
        event.
    simulated : pandas.DataFrame
        The simulator's tickets table.
    span : Span
        Open times to compare.
    """
    offset = WARMUP_DAYS * 24.0 - cal.sim_origin.timestamp() / 3600.0
    begin, finish = span.start.timestamp() / 3600.0 + offset, span.end.timestamp() / 3600.0 + offset
    created = simulated["created_hours"]
    incidents = simulated["kind"] == "incident"
    sim = simulated[incidents & (created >= begin) & (created < finish)]
    if cal.first_resolution:  # the log shows a reopened ticket's first resolution: so must we
        first = sim["first_resolved_hours"]
        sim = sim.assign(resolved_hours=first, resolve_hours=first - sim["created_hours"])
    resolved = sim["resolved_hours"].notna() & ~sim["status"].isin(["deflected", "abandoned"])
    if cal.log_end is not None:
        resolved &= sim["resolved_hours"] <= cal.log_end.timestamp() / 3600.0 + offset
    return sim, sim[resolved]


def comparable_simulated(
    cal: Calibration, simulated: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulated incidents opened in the fit window: (arrived, resolved by the log's end)."""
    return simulated_in(cal, simulated, fit_span(cal))
