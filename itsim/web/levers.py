"""The levers people teach with, as scenario overrides.

A lever setting is compared with the base scenario it starts from, and only what differs
becomes an override, so "no change" runs exactly the base (and hits its cached result).
Operating-model blocks (an MSP contract, a leader) are copied from the bundled what-if
scenarios rather than written here, so the app always offers what those files define.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from itsim.api.inputs import bundled_block
from itsim.config.schema import Scenario

#: MSP choices: label → (bundled scenario holding the block, mode), None for no MSP.
MSP_OPTIONS: dict[str, tuple[str, str] | None] = {
    "none": None,
    "overflow (waits over 2 h)": ("msp_overflow", "overflow"),
    "after hours only": ("msp_overflow", "after_hours"),
    "tier 1, 24x7": ("msp_tier1_24x7", "tier1"),
}
#: Leadership choices: label → bundled scenario holding the leadership block, None for none.
LEADER_OPTIONS: dict[str, str | None] = {
    "none": None,
    "fractional CIO (6 days a month)": "fractional_cio",
    "full-time CIO": "fulltime_cio",
    "fractional CISO (30 h a month)": "fractional_ciso",
}
DESK_HOURS = ("business", "24x7")
ROSTERS = ("team", "staggered", "rotation")


@dataclass(frozen=True)
class Levers:
    """One setting of every lever (what the sliders and selectors hold)."""

    headcount: dict[str, int] = field(default_factory=dict)
    desk_hours: str = "business"
    desk_roster: str | None = None  # None: the scenario has no desk roster (people model off)
    msp: str = "none"
    leader: str = "none"
    growth_per_year: float = 0.05
    on_call: bool = False


def working_teams(scenario: Scenario) -> list[str]:
    """Teams that take tickets or project tasks (the ones a headcount slider makes sense for)."""
    return [name for name, team in scenario.teams.items() if team.pulls_work]


def base_levers(scenario: Scenario) -> Levers:
    """The levers as the scenario sets them (the starting position of every control)."""
    desk = scenario.flow.desk
    roster = scenario.people.shifts.get(desk)
    return Levers(
        headcount={t: scenario.teams[t].headcount for t in working_teams(scenario)},
        desk_hours=scenario.teams[desk].shift,
        desk_roster=roster.pattern if roster is not None else None,
        msp=_msp_label(scenario),
        leader=_leader_label(scenario),
        growth_per_year=scenario.company.growth_per_year,
        on_call=bool(scenario.people.on_call),
    )


def _msp_label(scenario: Scenario) -> str:
    if scenario.msp is None:
        return "none"
    modes = {option[1]: label for label, option in MSP_OPTIONS.items() if option is not None}
    return modes.get(scenario.msp.mode, f"as in the scenario ({scenario.msp.mode})")


def _leader_label(scenario: Scenario) -> str:
    if not scenario.leadership:
        return "none"
    roles = {
        role: label
        for label, source in LEADER_OPTIONS.items() if source
        for role in bundled_block(source, "leadership")
    }  # fmt: skip
    role = ", ".join(scenario.leadership)
    return roles.get(role, f"as in the scenario ({role})")


def lever_overrides(base: Scenario, levers: Levers) -> dict[str, Any]:
    """Dotted-key overrides that turn ``base`` into the scenario ``levers`` describe."""
    start = base_levers(base)
    desk = base.flow.desk
    out: dict[str, Any] = {
        f"teams.{team}.headcount": count
        for team, count in levers.headcount.items() if start.headcount.get(team) != count
    }  # fmt: skip
    if levers.desk_hours != start.desk_hours:
        out[f"teams.{desk}.shift"] = levers.desk_hours
    if levers.desk_roster is not None and levers.desk_roster != start.desk_roster:
        out[f"people.shifts.{desk}.pattern"] = levers.desk_roster
    if levers.msp != start.msp:
        out["msp"] = _msp_block(levers.msp)
    if levers.leader != start.leader:
        source = LEADER_OPTIONS.get(levers.leader)
        out["leadership"] = bundled_block(source, "leadership") if source else {}
    if levers.growth_per_year != start.growth_per_year:
        out["company.growth_per_year"] = levers.growth_per_year
    if levers.on_call != start.on_call:
        out["people.on_call"] = {t: {} for t in working_teams(base)} if levers.on_call else {}
    return out


def _msp_block(label: str) -> dict[str, Any] | None:
    option = MSP_OPTIONS.get(label)
    if option is None:
        return None
    source, mode = option
    return {**bundled_block(source, "msp"), "mode": mode}


def with_change(levers: Levers, change: dict[str, Any]) -> Levers:
    """``levers`` with some fields changed; ``headcount`` entries are merged, not replaced."""
    update = dict(change)
    if "headcount" in update:
        update["headcount"] = {**levers.headcount, **update["headcount"]}
    return dataclasses.replace(levers, **update)
