"""Fidelity check: simulate the calibrated scenario and compare it with the log.

Compared, observed against simulated: the correlation of the hour-of-week arrival profile (target
>= 0.9), the priority mix, the escalation share, and the resolution-time p50 and p90 per priority
(target for p50: within 25% of the observed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from itsim.analysis.calibrate.emit import WARMUP_DAYS
from itsim.analysis.calibrate.fit import Calibration, hour_of_week_profile
from itsim.analysis.calibrate.vocab import PRIORITIES
from itsim.config.schema import Scenario
from itsim.experiment.runner import run_one

PROFILE_TARGET = 0.9
P50_TOLERANCE = 0.25
MIN_ASSESSED = 30  # fewer observed tickets of a priority: its median is not compared


def simulate_tickets(scenario: Scenario, reps: int, seed: int) -> pd.DataFrame:
    """The tickets table of ``reps`` replications, stacked."""
    tables = [run_one(scenario, seed, rep).tables["tickets"] for rep in range(reps)]
    return pd.concat(tables, ignore_index=True)


def fidelity_table(
    cal: Calibration, observed: pd.DataFrame, simulated: pd.DataFrame
) -> pd.DataFrame:
    """One row per compared quantity: ``metric``, ``observed``, ``simulated``, ``target``, ``ok``.

    Parameters
    ----------
    cal : Calibration
        The fits (for the observed week profile and mixes).
    observed : pandas.DataFrame
        Reduced tickets of the log.
    simulated : pandas.DataFrame
        The simulator's tickets table (any number of replications).
    """
    sim, done = comparable_simulated(cal, simulated)
    observed = comparable_observed(cal, observed)
    sim_opened = pd.Timestamp("2024-01-01") + pd.to_timedelta(sim["created_hours"], unit="h")
    corr = float(np.corrcoef(cal.week_profile, hour_of_week_profile(sim_opened))[0, 1])
    rows = [
        _row(
            "hour-of-week profile correlation",
            1.0,
            corr,
            f">= {PROFILE_TARGET}",
            corr >= PROFILE_TARGET,
        )
    ]
    sim_mix = sim["priority"].value_counts(normalize=True)
    for priority in PRIORITIES:
        rows.append(
            _row(
                f"share {priority}",
                cal.priority_mix.get(priority, 0.0),
                float(sim_mix.get(priority, 0.0)),
                "",
                None,
            )
        )
    rows.append(
        _row("escalation share", cal.escalation_share, float(done["escalated"].mean()), "", None)
    )
    obs_done = observed[observed["resolved"]]
    rows.append(
        _row("escalation share (same tickets)", float(obs_done["escalated"].mean()),
             float(done["escalated"].mean()), "", None)
    )  # fmt: skip
    for priority in PRIORITIES:
        rows.extend(_quantile_rows(obs_done, done, priority))
    return pd.DataFrame(rows)


def comparable_observed(cal: Calibration, observed: pd.DataFrame) -> pd.DataFrame:
    """The log's tickets opened in the fitted window (those the simulation reproduces)."""
    opened = observed["opened_at"]
    return observed[(opened >= cal.window_start) & (opened < cal.window_end)]


def comparable_simulated(
    cal: Calibration, simulated: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulated incidents seen as the log sees its tickets: (arrived, resolved).

    Arrivals in the first window-length after the warm-up; of those, the ones resolved before
    the point that corresponds to the log's last event (later resolutions are not in the log).
    """
    warmup_hours = WARMUP_DAYS * 24.0  # the emitted scenario's warm-up
    window_hours = (cal.window_end - cal.window_start).total_seconds() / 3600.0
    created = simulated["created_hours"]
    incidents = simulated["kind"] == "incident"
    sim = simulated[incidents & (created >= warmup_hours) & (created < warmup_hours + window_hours)]
    resolved = sim["status"] == "resolved"
    if cal.log_end is not None:
        censor_hours = (cal.log_end - cal.window_start).total_seconds() / 3600.0
        resolved &= sim["resolved_hours"] <= warmup_hours + censor_hours
    return sim, sim[resolved]


def _quantile_rows(obs: pd.DataFrame, sim: pd.DataFrame, priority: str) -> list[dict]:
    obs_hours = obs.loc[obs["priority"] == priority, "resolve_hours"].dropna()
    sim_hours = sim.loc[sim["priority"] == priority, "resolve_hours"].dropna()
    if obs_hours.empty or sim_hours.empty:
        return []
    rows = []
    p50_target = f"within {P50_TOLERANCE:.0%}" if obs_hours.size >= MIN_ASSESSED else "n < 30"
    for q, target in ((0.5, p50_target), (0.9, "")):
        o, s = float(obs_hours.quantile(q)), float(sim_hours.quantile(q))
        ok = abs(s / o - 1.0) <= P50_TOLERANCE if target.startswith("within") and o > 0 else None
        rows.append(_row(f"resolve hours p{int(q * 100)} {priority}", o, s, target, ok))
    return rows


def _row(metric: str, observed: float, simulated: float, target: str, ok: bool | None) -> dict:
    return {
        "metric": metric,
        "observed": observed,
        "simulated": simulated,
        "target": target,
        "ok": "" if ok is None else ("yes" if ok else "no"),
    }
