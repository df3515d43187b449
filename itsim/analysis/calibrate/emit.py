"""Write the calibrated scenario: a file that ``extends`` a base department and overrides what
the log tells.

What is overridden: incident demand (absolute rate per hour, the 168-hour week profile, priority
mix, one category routed to tier 2), requests and projects switched off (the log holds incidents
only), first-contact resolution, reopen probability, handle time per priority at the desk and in
tier 2, and the headcount of both teams. Headcount is sized so that the fitted work keeps each
team at the target utilisation; in these logs "work" is the time a stage *held* the ticket, so a
"person" of the calibrated scenario is a concurrent work slot (see docs/calibration.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml

from itsim.analysis.calibrate.distfit import DistFit
from itsim.analysis.calibrate.fit import Calibration
from itsim.config.load import read_raw, resolve_path

CATEGORY = "logged"
HOURS_PER_WEEK = 168.0
WARMUP_DAYS = 28


@dataclass(frozen=True)
class EmitOptions:
    """Choices made when turning fits into a scenario.

    Attributes
    ----------
    base : str
        The scenario to extend: a file or a bundled name (``baseline``).
    work : {"hold", "active"}
        ``hold``: handle time = the stage's effort plus pauses (the pauses the schema cannot
        express are folded in); ``active``: effort only (pauses are left out of the simulation).
    utilisation : float
        Target utilisation used to size the headcount (0..1).
    tier2_team : str
        The base scenario's team that takes escalations.
    """

    base: str = "baseline"
    work: str = "hold"
    utilisation: float = 0.85
    tier2_team: str = "engineering"


def scenario_dict(cal: Calibration, name: str, options: EmitOptions) -> dict[str, Any]:
    """The scenario as a plain dict, ready for YAML."""
    base = read_raw(resolve_path(options.base))
    fits = cal.handle if options.work == "hold" else cal.effort
    desk_team = base.get("flow", {}).get("desk", "desk")
    window_days = max(28, math.ceil((cal.window_end - cal.window_start).days / 7) * 7)
    categories = dict.fromkeys(base["demand"]["incidents"].get("categories", {}), 0.0)
    return {
        "extends": options.base,
        "name": name,
        "description": f"calibrated from {cal.tickets_in_window} tickets of a real log",
        "horizon_days": WARMUP_DAYS + window_days,
        "warmup_days": WARMUP_DAYS,
        "company": {"growth_per_year": 0.0},
        "demand": {
            "incidents": {
                "per_employee_per_month": None,
                "per_hour": round(cal.rate_per_hour, 4),
                "week_profile": cal.week_profile,
                "priority_mix": _rounded_mix(cal.priority_mix),
                "categories": categories | {CATEGORY: 1.0},
            },
            "requests": {"per_employee_per_month": None, "per_hour": 0.0},
            "projects": {"per_month": 0.0},
        },
        "teams": {
            desk_team: _team(fits["desk"], "incident", cal, 1.0, options),
            options.tier2_team: _team(
                fits["tier2"], "escalation", cal, cal.escalation_share, options
            ),
        },
        "flow": {
            "first_contact_resolution": round(1.0 - cal.escalation_share, 4),
            "routing": {CATEGORY: options.tier2_team},
            "handoff_hours": 0.0,
            "reopen_probability": round(cal.reopen_share, 4),
        },
    }


def _team(
    fits: dict[str, DistFit], kind: str, cal: Calibration, share: float, options: EmitOptions
) -> dict[str, Any]:
    handle = {f"{kind}.{p}": fit.as_scenario_dist() for p, fit in fits.items()}
    pooled = max(fits.values(), key=lambda fit: fit.n)
    handle[kind] = pooled.as_scenario_dist()
    mean_work = sum(cal.priority_mix.get(p, 0.0) * fit.mean_hours for p, fit in fits.items())
    return {
        "headcount": headcount(cal, share * mean_work, options.utilisation),
        "handle_hours": handle,
    }


def headcount(cal: Calibration, work_hours_per_ticket: float, utilisation: float) -> int:
    """People needed so that the work arriving in a week fills ``utilisation`` of their shifts."""
    shift_hours = 50.0  # the base calendar's 08:00-18:00, Monday to Friday
    work_per_week = cal.rate_per_hour * HOURS_PER_WEEK * work_hours_per_ticket
    return max(1, math.ceil(work_per_week / (shift_hours * utilisation)))


def _rounded_mix(mix: dict[str, float]) -> dict[str, float]:
    """Shares rounded to 6 places, the rounding error put on the largest share."""
    rounded = {k: round(v, 6) for k, v in mix.items()}
    largest = max(rounded, key=lambda k: rounded[k])
    rounded[largest] = round(rounded[largest] + 1.0 - sum(rounded.values()), 6)
    return rounded


def scenario_yaml(cal: Calibration, name: str, options: EmitOptions, header: str = "") -> str:
    """The scenario file's text: a comment header, then the YAML."""
    body = yaml.safe_dump(scenario_dict(cal, name, options), sort_keys=False, width=100)
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    return "\n".join([*lines, body]) if lines else body
