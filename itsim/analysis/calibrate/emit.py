"""Write the calibrated scenario: a file that ``extends`` a base department and overrides what
the log tells.

What is overridden: the calendar's office day (as inferred or given), resolve targets where the
log's ``made_sla`` supports them, the holding and pick-up delays and their delay classes (speed
classes by default, with the log's pauses fitted into them, so the base's pauses are dropped),
incident demand (absolute rate per hour, the 168-hour week profile, priority mix, one category
per modelled resolver group), requests and projects switched off (the log holds incidents
only), first-contact resolution overall and per priority, pauses per kind (with
``pauses="apart"``), dispatch (FIFO when the log does not serve urgent tickets first), reopen
probability, hands-on effort per priority, the first line (sized for its busiest hour) and one
tier-2 team per resolver group (sized from its offered load at the target utilisation, people
at full speed). The base's other teams get headcount 0. The default base is the people-free
department (``validation/people_off``): the log's groups are sized as seats at full speed,
which the workforce model's rosters and absences would not reproduce.
See docs/calibration.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml

from itsim.analysis.calibrate.distfit import DistFit
from itsim.analysis.calibrate.fit import Calibration, urgent_served_first
from itsim.analysis.calibrate.holding import class_blocks, delay_blocks
from itsim.analysis.calibrate.officeday import clock_text
from itsim.config.load import read_raw, resolve_path

CATEGORY = "logged"
HOURS_PER_WEEK = 168.0
WARMUP_DAYS = 28
MAX_TAIL_DAYS = 91
OFF_HOURS_24X7 = 0.05  # share of resolutions outside office hours that makes the desk 24x7


@dataclass(frozen=True)
class EmitOptions:
    """Choices made when turning fits into a scenario.

    Attributes
    ----------
    base : str
        The scenario to extend: a file or a bundled name (``validation/people_off``).
    work : {"touch", "active", "hold"}
        ``touch`` (default): hands-on effort, at most one working hour of each active interval,
        with pauses simulated as pauses; ``active``: the whole elapsed active time as effort, with
        pauses; ``hold``: effort plus pauses folded into the handle time (no pauses simulated).
    utilisation : float
        Target utilisation used to size the headcount (0..1).
    tier2_team : str
        The base scenario's team that takes escalations (and lends its role to tier-2 groups).
    drop_start_up : bool
        Leave a start-up transient out of the window (see :mod:`window`).
    delays : bool
        Write the fitted holding and pick-up delays (``flow.holding``, ``flow.pickup``).
    delay_classes : {"speed", "group", "none"}
        ``speed`` (default): classes of tickets by their total delay, which keep a ticket's
        pick-up, holding (and pauses) together (see :mod:`speed`); ``group``: one class per busy
        first-line group; ``none``: one set of delays.
    pauses : {"with-delays", "apart"}
        ``with-delays`` (default): logged pauses are fitted into the holding delays of the
        speed classes, so a ticket's pause goes with its other delays; ``apart``: simulated as
        ``flow.pauses`` (per kind, drawn independently of the delays).
    class_shares : {"whole-day", "by-arrival"}
        ``whole-day`` (default): a speed class's share of a priority's tickets is the same at
        every hour; ``by-arrival``: it depends on whether the ticket opens in the office
        morning, afternoon or after hours (``by_arrival``).
    """

    base: str = "validation/people_off"
    work: str = "touch"
    utilisation: float = 0.85
    tier2_team: str = "engineering"
    drop_start_up: bool = True
    delays: bool = True
    delay_classes: str = "speed"
    pauses: str = "with-delays"
    class_shares: str = "whole-day"


def scenario_dict(cal: Calibration, name: str, options: EmitOptions) -> dict[str, Any]:
    """The scenario as a plain dict, ready for YAML."""
    base = read_raw(resolve_path(options.base))
    desk_team = base.get("flow", {}).get("desk", "desk")
    routing, tier2 = tier2_teams(cal, options, base)
    idle = {n: {"headcount": 0} for n, t in base.get("teams", {}).items() if n != desk_team}
    categories = dict.fromkeys(base["demand"]["incidents"].get("categories", {}), 0.0)
    shares = cal.tier2_groups or {CATEGORY: 1.0}
    week = cal.office_week
    scenario = {
        "extends": options.base,
        "name": name,
        "description": f"calibrated from {cal.tickets_in_window} tickets of a real log",
        "horizon_days": WARMUP_DAYS + horizon_after_warmup_days(cal),
        "warmup_days": WARMUP_DAYS,
        "company": {"growth_per_year": 0.0},
        "calendar": {  # the log's holidays are in its week profile on average
            "holidays": [],
            "business_hours": [clock_text(week.open_hour), clock_text(week.close_hour)],
        },
        "demand": {
            "incidents": {
                "per_employee_per_month": None,
                "per_hour": round(cal.rate_per_hour, 4),
                "week_profile": cal.week_profile,
                "categories": categories | _rounded_mix(_category_shares(shares, routing)),
            }
            | priority_mixes(cal),
            "requests": {"per_employee_per_month": None, "per_hour": 0.0},
            "projects": {"per_month": 0.0},
        },
        "teams": idle | {desk_team: desk(cal, options)} | tier2,
        "flow": _flow(cal, routing, options),
    }
    flow = scenario["flow"]
    if cal.pauses_folded and base.get("flow", {}).get("pauses") and isinstance(flow, dict):
        flow["pauses"] = None  # the base's pauses are not ours: drop them
    sla = sla_block(cal, base)
    return scenario | ({"sla": sla} if sla else {})


def sla_block(cal: Calibration, base: dict[str, Any]) -> dict[str, Any]:
    """The base's SLA targets with the resolve targets the log's ``made_sla`` supports."""
    fitted = {p: t for p, t in cal.sla_targets.items() if t["used"]}
    if not fitted:
        return {}
    targets = dict(base.get("sla") or {})
    for priority, target in fitted.items():
        own = dict(targets.get(priority) or {"respond_hours": 1.0})
        targets[priority] = own | {
            "resolve_hours": target["resolve_hours"],
            "clock": target["clock"],
        }
    return targets


def priority_mixes(cal: Calibration) -> dict[str, Any]:
    """``priority_mix``, and ``priority_mix_after_hours`` when the log's night and weekend
    arrivals carry their own mix (then ``priority_mix`` is the office-hours one)."""
    by_time = cal.priority_mix_by_time
    if not by_time:
        return {"priority_mix": _rounded_mix(cal.priority_mix)}
    return {
        "priority_mix": _rounded_mix(by_time["office"]),
        "priority_mix_after_hours": _rounded_mix(by_time["after_hours"]),
    }


def horizon_after_warmup_days(cal: Calibration) -> int:
    """Days simulated after the warm-up: the window, then long enough for the log's censoring.

    A ticket opened in the window is in the log only if it was resolved before the log's last
    event, so the simulation runs to that point too (at most :data:`MAX_TAIL_DAYS` past the
    window, beyond which hardly any ticket is still open).
    """
    last = cal.holdout_end or cal.window_end  # the simulation covers the held-out span too
    window = math.ceil((last - cal.sim_origin).total_seconds() / 86400.0)
    if cal.log_end is None:
        return window + MAX_TAIL_DAYS
    censor = math.ceil((cal.log_end - cal.sim_origin).total_seconds() / 86400.0)
    return max(window, min(censor, window + MAX_TAIL_DAYS))


def _fits(cal: Calibration, options: EmitOptions) -> dict[str, dict[str, DistFit]]:
    return {"hold": cal.handle, "active": cal.effort, "touch": cal.touch}[options.work]


def _flow(cal: Calibration, routing: dict[str, str], options: EmitOptions) -> dict[str, Any]:
    flow: dict[str, Any] = {
        "first_contact_resolution": round(1.0 - cal.escalation_share, 4),
        "first_contact_resolution_by_priority": {
            p: round(v, 4) for p, v in cal.fcr_by_priority.items()
        },
        "routing": routing,
        "handoff_hours": 0.0,  # the wait for tier 2 comes from its queue
        "reopen_probability": round(cal.reopen_share, 4),
        "dispatch": "priority" if urgent_served_first(cal) else "fifo",
    }
    if options.work != "hold" and not cal.pauses_folded:  # else pauses are in the delays
        flow["pauses"] = pause_blocks(cal)
    if options.delays and options.work == "touch":  # the other modes fold holding into effort
        flow["holding"] = delay_blocks(cal.holding)
        flow["pickup"] = delay_blocks(cal.pickup)
        flow["delay_classes"] = class_blocks(cal.delay_classes)
    return flow


def pause_blocks(cal: Calibration) -> dict[str, Any]:
    """``flow.pauses``: per kind, probability per priority and total hours per paused ticket."""
    blocks = {}
    for kind, fit in cal.pauses.items():
        hours = fit.get("total_hours")
        if not isinstance(hours, DistFit) or fit["probability"] <= 0:
            continue
        blocks[kind] = {
            "probability": _rounded(fit["probability_by_priority"]),
            "probability_escalated": _rounded(fit["probability_by_priority_escalated"]),
            "hours": hours.as_scenario_dist(),
        }
    return blocks


def desk(cal: Calibration, options: EmitOptions) -> dict[str, Any]:
    """The first line: on shift whenever the log resolves tickets, sized for the busiest hour.

    In these logs the first line resolves tickets at night and at weekends too (a phone desk opens
    a ticket while it talks to the caller), so when more than :data:`OFF_HOURS_24X7` of the
    resolutions fall outside office hours the desk works 24x7. Its headcount covers the busiest
    hour of the week at the target utilisation: a desk sized on the weekly average would queue
    every peak into the evening, which the logs do not show.
    """
    fits = _fits(cal, options)["desk"]
    team = _team(fits, "incident", cal, 1.0, options)
    mean_work = sum(cal.priority_mix.get(p, 0.0) * fit.mean_hours for p, fit in fits.items())
    peak_load = cal.rate_per_hour * max(cal.week_profile) * mean_work
    team["headcount"] = max(1, math.ceil(peak_load / options.utilisation))
    team["productivity"] = 1.0
    team["shift"] = "24x7" if cal.off_hours_resolution_share > OFF_HOURS_24X7 else "business"
    return team


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in values.items()}


def tier2_teams(
    cal: Calibration, options: EmitOptions, base: dict[str, Any]
) -> tuple[dict[str, str], dict[str, Any]]:
    """Routing (category -> team) and one tier-2 team per modelled resolver group.

    Each group's team gets its share of the escalations and is sized on its own, so small groups
    queue as small groups do; without groups in the log one team takes every escalation.
    """
    fits = _fits(cal, options)["tier2"]
    role = base["teams"][options.tier2_team]["role"]
    if not cal.tier2_groups:
        team = _team(fits, "escalation", cal, cal.escalation_share, options)
        team["shift"] = tier2_shift(cal)
        return {CATEGORY: options.tier2_team}, {options.tier2_team: team}
    routing, teams = {}, {}
    for i, share in enumerate(cal.tier2_groups.values(), start=1):
        team_name = f"tier2_{i:02d}"
        routing[f"group_{i:02d}"] = team_name
        team = _team(fits, "escalation", cal, cal.escalation_share * share, options)
        teams[team_name] = {"role": role, "shift": tier2_shift(cal)} | team
    return routing, teams


def tier2_shift(cal: Calibration) -> str:
    """``24x7`` when more than :data:`OFF_HOURS_24X7` of escalated tickets are resolved outside
    office hours (someone in tier 2 works then), else ``business``."""
    return "24x7" if cal.tier2_off_hours_share > OFF_HOURS_24X7 else "business"


def _category_shares(shares: dict[str, float], routing: dict[str, str]) -> dict[str, float]:
    return dict(zip(routing, shares.values(), strict=True))


def _team(
    fits: dict[str, DistFit], kind: str, cal: Calibration, share: float, options: EmitOptions
) -> dict[str, Any]:
    handle = {f"{kind}.{p}": fit.as_scenario_dist() for p, fit in fits.items()}
    pooled = max(fits.values(), key=lambda fit: fit.n)
    handle[kind] = pooled.as_scenario_dist()
    mean_work = sum(cal.priority_mix.get(p, 0.0) * fit.mean_hours for p, fit in fits.items())
    people = headcount(cal, share * mean_work, options.utilisation)
    return {"headcount": people, "productivity": 1.0, "handle_hours": handle}


def headcount(cal: Calibration, work_hours_per_ticket: float, utilisation: float) -> int:
    """People needed so that the work arriving in a week fills at most ``utilisation`` of their
    shifts, working at full speed (at least one).

    People are not slowed down to fill their time: a group whose tickets need a third of a person
    has one person, busy a third of the time. The elapsed time the log shows beyond the work is
    the holding and pick-up delays (see :mod:`holding`), not a slower worker.
    """
    shift_hours_per_week = cal.office_week.hours_per_week  # the emitted calendar's office day
    offered = cal.rate_per_hour * HOURS_PER_WEEK * work_hours_per_ticket / shift_hours_per_week
    return max(1, math.ceil(offered / utilisation - 1e-9))


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
