"""Fidelity: how well the calibrated model reproduces the log, beside a persistence forecast.

Each quantity is shown three ways for the *scored* tickets (the held-out part with
``--holdout``, else the fit window): observed, simulated, and — with a holdout — the
*persistence* forecast, i.e. the fit period's own observed value used as the prediction. A model
that cannot beat "next quarter looks like last quarter" adds nothing a spreadsheet does not.

Assessed (column ``ok``):

- hour-of-week profile correlation >= :data:`PROFILE_TARGET`, over the hours of the week the
  scored span covers;
- CDF error per priority with at least :data:`MIN_CDF_TICKETS` scored tickets: the largest gap
  in the share of the priority's resolved tickets resolved within 1, 8, 24 and 168 hours; it must
  be no worse than persistence + :data:`CDF_MARGIN` (without a holdout: at most
  :data:`CDF_MARGIN` + 0.05);
- p50 resolution time within :data:`P50_TOLERANCE` of the observed, only where the observed
  p50's bootstrap interval (90%) lies within ±25% of it; a wider interval is reported, not
  assessed.

Reported, not assessed: arrival rate, priority mix, escalation share, SLA met (where the log has
``made_sla``), p90.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from itsim.analysis.calibrate.check import Span, observed_in, scored_span, simulated_in
from itsim.analysis.calibrate.fit import Calibration
from itsim.analysis.calibrate.profile import MIN_EXPOSURE_HOURS, exposure, hour_of_week_profile
from itsim.analysis.calibrate.vocab import PRIORITIES

PROFILE_TARGET = 0.95
CDF_POINTS_HOURS = (1.0, 8.0, 24.0, 168.0)
CDF_MARGIN = 0.03
IN_SAMPLE_CDF_LIMIT = 0.08  # without a holdout there is no persistence to compare with
MIN_CDF_TICKETS = 100
P50_TOLERANCE = 0.25
MIN_ASSESSED = 30
BOOTSTRAP_DRAWS = 400
SIM_MONDAY = pd.Timestamp("2024-01-01")  # the simulation clock starts on a Monday at 00:00
COLUMNS = ("metric", "priority", "observed", "low", "high", "simulated", "persistence", "target")


def fidelity_table(
    cal: Calibration, tickets: pd.DataFrame, simulated: pd.DataFrame, reps: int, seed: int = 0
) -> pd.DataFrame:
    """One row per compared quantity (see the module docstring), with ``ok`` yes/no/blank.

    Parameters
    ----------
    cal : Calibration
        The fits, and the spans fitted and held out.
    tickets : pandas.DataFrame
        Reduced tickets of the whole log.
    simulated : pandas.DataFrame
        The simulator's tickets table, ``reps`` replications stacked.
    reps : int
        Replications in ``simulated`` (for the simulated arrival rate).
    seed : int
        Seed of the bootstrap.
    """
    span = scored_span(cal)
    holdout = cal.holdout_start is not None
    obs = observed_in(tickets, span)
    fit = observed_in(tickets, Span(cal.window_start, cal.window_end)) if holdout else None
    sim, sim_done = simulated_in(cal, simulated, span)
    rng = np.random.default_rng(seed)
    rows = [_profile_row(cal, obs, sim, span, holdout)]
    rows += _demand_rows(cal, obs, sim, span, reps, fit)
    rows += _sla_rows(obs, sim_done, fit)
    for priority in PRIORITIES:
        rows += _time_rows(obs, sim_done, fit, priority, rng)
    return pd.DataFrame(rows, columns=[*COLUMNS, "ok"])


def _row(metric, priority="", observed=np.nan, simulated=np.nan, persistence=np.nan, **extra):
    row = {"metric": metric, "priority": priority, "observed": observed, "low": np.nan}
    row |= {"high": np.nan, "simulated": simulated, "persistence": persistence}
    return row | {"target": "", "ok": ""} | extra


def covered_hours(span: Span) -> np.ndarray:
    """Hours of the week (Monday 00:00 = 0) that ``span`` covers for a quarter hour or more."""
    return np.flatnonzero(exposure(span.start, span.end) > MIN_EXPOSURE_HOURS)


def _profile_row(cal: Calibration, obs, sim, span: Span, holdout: bool) -> dict:
    covered = covered_hours(span)
    observed = np.asarray(hour_of_week_profile(obs["opened_at"], span.start, span.end))[covered]
    sim_opened = SIM_MONDAY + pd.to_timedelta(sim["created_hours"], unit="h")
    seen = exposure(span.start, span.end)  # the simulated span covers the same hours
    simulated = (np.asarray(hour_of_week_profile(sim_opened)) / np.maximum(seen, 1e-9))[covered]
    corr = _corr(observed, simulated)
    persistence = _corr(observed, np.asarray(cal.week_profile)[covered]) if holdout else np.nan
    return _row(
        "hour-of-week profile correlation",
        observed=1.0,
        simulated=corr,
        persistence=persistence,
        target=f">= {PROFILE_TARGET}",
        ok=_yes(corr >= PROFILE_TARGET),
    )


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    if a.size < 3 or np.std(a) == 0 or np.std(b) == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def _yes(flag: bool | None) -> str:
    return "" if flag is None else ("yes" if flag else "no")


def _forecast_rate(cal: Calibration, span: Span) -> float:
    """Arrivals per hour the fitted rate and week profile give ``span`` (the fit period's own
    rate, spread over the hours of the week ``span`` covers)."""
    seen = exposure(span.start, span.end)
    return float(cal.rate_per_hour * np.dot(seen, np.asarray(cal.week_profile)) / span.hours)


def _demand_rows(cal: Calibration, obs, sim, span: Span, reps: int, fit) -> list[dict]:
    holdout = fit is not None
    rows = [
        _row(
            "arrivals per hour",
            observed=len(obs) / span.hours,
            simulated=len(sim) / (span.hours * reps),
            persistence=_forecast_rate(cal, span) if holdout else np.nan,
        )
    ]
    obs_mix = obs["priority"].value_counts(normalize=True)
    sim_mix = sim["priority"].value_counts(normalize=True)
    for priority in PRIORITIES:
        rows.append(
            _row(
                "share of tickets",
                priority,
                observed=float(obs_mix.get(priority, 0.0)),
                simulated=float(sim_mix.get(priority, 0.0)),
                persistence=cal.priority_mix.get(priority, np.nan) if holdout else np.nan,
            )
        )
    obs_done = obs[obs["resolved"]]
    sim_escalated = float(sim[sim["status"] == "resolved"]["escalated"].mean())
    rows.append(
        _row(
            "escalation share",
            observed=float(obs_done["escalated"].mean()),
            simulated=sim_escalated,
            persistence=cal.escalation_share if holdout else np.nan,
        )
    )
    return rows


def _sla_rows(obs, sim_done, fit) -> list[dict]:
    """SLA met per priority where the log has ``made_sla`` (model: its resolve target met)."""
    if "made_sla" not in obs or obs["made_sla"].isna().all():
        return []
    rows = []
    for priority in PRIORITIES:
        own = obs.loc[obs["resolved"] & (obs["priority"] == priority), "made_sla"].dropna()
        if own.size < MIN_ASSESSED:
            continue
        sim_met = sim_done.loc[sim_done["priority"] == priority, "sla_resolve_met"].mean()
        past = np.nan
        if fit is not None:
            past = fit.loc[fit["resolved"] & (fit["priority"] == priority), "made_sla"].dropna()
            past = float(past.astype(float).mean()) if past.size else np.nan
        rows.append(
            _row(
                "SLA met share",
                priority,
                observed=float(own.astype(float).mean()),
                simulated=float(sim_met),
                persistence=past,
            )
        )
    return rows


def cdf_at(hours: np.ndarray, points=CDF_POINTS_HOURS) -> np.ndarray:
    """Share of ``hours`` at or below each point."""
    hours = np.asarray(hours, dtype=float)
    return np.array([(hours <= p).mean() for p in points]) if hours.size else np.full(4, np.nan)


def cdf_error(a: np.ndarray, b: np.ndarray) -> float:
    """Largest gap between the resolved-by shares of two samples at 1, 8, 24 and 168 hours."""
    return float(np.max(np.abs(cdf_at(a) - cdf_at(b))))


def _time_rows(obs, sim_done, fit, priority: str, rng: np.random.Generator) -> list[dict]:
    own = _hours(obs[obs["resolved"]], priority)
    simulated = _hours(sim_done, priority)
    if own.size == 0 or simulated.size == 0:
        return []
    past = _hours(fit[fit["resolved"]], priority) if fit is not None else None
    rows = [_cdf_row(own, simulated, past, priority)]
    for q in (0.5, 0.9):
        rows.append(_quantile_row(own, simulated, past, priority, q, rng))
    return rows


def _hours(tickets: pd.DataFrame, priority: str) -> np.ndarray:
    column = tickets.loc[tickets["priority"] == priority, "resolve_hours"]
    return column.dropna().to_numpy(dtype=float)


def _cdf_row(own, simulated, past, priority: str) -> dict:
    error = cdf_error(own, simulated)
    persistence = cdf_error(own, past) if past is not None and past.size else np.nan
    limit = persistence + CDF_MARGIN if past is not None else IN_SAMPLE_CDF_LIMIT
    assessed = own.size >= MIN_CDF_TICKETS and np.isfinite(limit)
    target = f"<= {limit:.3f}" if assessed else f"n < {MIN_CDF_TICKETS}"
    return _row(
        "CDF error 1/8/24/168 h",
        priority,
        observed=float(own.size),
        simulated=error,
        persistence=persistence,
        target=target,
        ok=_yes(error <= limit + 1e-12) if assessed else "",
    )


def _quantile_row(own, simulated, past, priority: str, q: float, rng) -> dict:
    value = float(np.quantile(own, q))
    draws = rng.choice(own, size=(BOOTSTRAP_DRAWS, own.size), replace=True)
    low, high = np.quantile(np.quantile(draws, q, axis=1), [0.05, 0.95])
    sim_value = float(np.quantile(simulated, q))
    row = _row(
        f"resolve hours p{round(q * 100)}",
        priority,
        observed=value,
        simulated=sim_value,
        persistence=float(np.quantile(past, q)) if past is not None and past.size else np.nan,
        low=float(low),
        high=float(high),
    )
    if q != 0.5:
        return row
    precise = own.size >= MIN_ASSESSED and value > 0
    precise = precise and low >= value * (1 - P50_TOLERANCE) and high <= value * (1 + P50_TOLERANCE)
    if not precise:
        return row | {"target": "interval > ±25%: not assessed"}
    ok = abs(sim_value / value - 1.0) <= P50_TOLERANCE
    return row | {"target": f"within {P50_TOLERANCE:.0%}", "ok": _yes(ok)}
