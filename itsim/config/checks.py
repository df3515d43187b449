"""Checks that span blocks of a scenario (references between teams, roles, routing).

Pydantic checks each value; these check that names used in one block exist in another, and
report the dotted key of the first offender.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from itsim.config.impact_checks import impact_problems
from itsim.config.people_checks import people_problems
from itsim.config.schema import Scenario
from itsim.config.supply_checks import supply_problems
from itsim.config.types import MAX_HEADCOUNT, WEEKDAYS

#: Expected tickets over the horizon (each is simulated; a year of the baseline is ~12,000).
MAX_EXPECTED_TICKETS = 2_000_000
DAYS_PER_MONTH = 365.25 / 12


def problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Yield ``(dotted_key, message)`` for every cross-reference problem, in file order."""
    if scenario.warmup_days >= scenario.horizon_days:
        yield (
            "warmup_days",
            f"must be less than horizon_days ({scenario.horizon_days}), got {scenario.warmup_days}",
        )
    missing = [c for c in ("P1", "P2", "P3", "P4", "REQ") if c not in scenario.sla]
    if missing:
        yield "sla", f"needs targets for {', '.join(missing)}"
    yield from _size_problems(scenario)
    yield from _calendar_problems(scenario)
    yield from _team_problems(scenario)
    yield from _flow_problems(scenario)
    yield from _demand_problems(scenario)
    yield from _operating_problems(scenario)
    yield from supply_problems(scenario)
    yield from people_problems(scenario)
    yield from impact_problems(scenario)


def _size_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    people = sum(team.headcount for team in scenario.teams.values())
    if people > MAX_HEADCOUNT:
        yield "teams", f"{people} people in all; at most {MAX_HEADCOUNT} (each is simulated)"
    tickets = expected_tickets(scenario)
    if tickets > MAX_EXPECTED_TICKETS:
        yield (
            "demand",
            f"about {tickets:.3g} tickets over the horizon; at most {MAX_EXPECTED_TICKETS:g} "
            "(each is simulated): lower the rates, employees or horizon_days",
        )


def expected_tickets(scenario: Scenario) -> float:
    """Roughly how many incidents and requests arrive over the horizon (growth included)."""
    days = scenario.horizon_days
    growth = (1.0 + scenario.company.growth_per_year) ** (days / 365.25)
    total = 0.0
    for rate in (scenario.demand.incidents, scenario.demand.requests):
        per_employee = (rate.per_employee_per_month or 0.0) / DAYS_PER_MONTH
        total += (
            per_employee * scenario.company.employees * days + (rate.per_hour or 0.0) * 24 * days
        )
    return total * max(growth, 1.0)


def _calendar_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    calendar = scenario.calendar
    open_days = {WEEKDAYS.index(day) for day in calendar.business_days}
    holidays = set(calendar.holidays)
    for offset in range(scenario.horizon_days):
        date = calendar.start_date + dt.timedelta(days=offset)
        if date.weekday() in open_days and date not in holidays:
            return
    yield "calendar", "no business day in the horizon (every business day is a holiday)"


def _team_names(scenario: Scenario) -> str:
    return ", ".join(sorted(scenario.teams)) or "(none)"


def _unknown_team(scenario: Scenario, name: str) -> str:
    return f"team '{name}' does not exist (teams: {_team_names(scenario)})"


def _team_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    for name, team in scenario.teams.items():
        if team.role not in scenario.roles:
            roles = ", ".join(sorted(scenario.roles))
            yield f"teams.{name}.role", f"role '{team.role}' does not exist (roles: {roles})"


def _flow_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    flow = scenario.flow
    if flow.desk not in scenario.teams:
        yield "flow.desk", _unknown_team(scenario, flow.desk)
        return
    desk = scenario.teams[flow.desk]
    rates = {"incident": scenario.demand.incidents, "request": scenario.demand.requests}
    for kind, rate in rates.items():
        if (rate.per_hour or rate.per_employee_per_month) and kind not in desk.handle_hours:
            yield f"teams.{flow.desk}.handle_hours", f"the desk needs a '{kind}' handle time"
    for category, target in flow.routing.items():
        if target not in scenario.teams:
            yield f"flow.routing.{category}", _unknown_team(scenario, target)
        elif "escalation" not in scenario.teams[target].handle_hours:
            yield (
                f"teams.{target}.handle_hours",
                "needs an 'escalation' handle time (routing uses it)",
            )
    escalates = (
        min([flow.first_contact_resolution, *flow.first_contact_resolution_by_priority.values()])
        < 1.0
    )
    for category in scenario.demand.incidents.categories:
        if category not in flow.routing and escalates:
            yield f"flow.routing.{category}", "incident category has no tier-2 team"


def _demand_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    for item_name, item in scenario.demand.requests.catalog.items():
        if item.fulfil_team is not None and item.fulfil_team not in scenario.teams:
            key = f"demand.requests.catalog.{item_name}.fulfil_team"
            yield key, _unknown_team(scenario, item.fulfil_team)
    projects = scenario.demand.projects
    for team in projects.teams if projects.per_month > 0 else ():
        if team not in scenario.teams:
            yield f"demand.projects.teams.{team}", _unknown_team(scenario, team)


def _operating_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    if scenario.msp is not None and "msp" in scenario.teams:
        yield "teams.msp", "the team name 'msp' is reserved for the provider of the msp: block"
