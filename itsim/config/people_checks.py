"""Cross-block checks of the ``people`` block: the teams and roles it names must exist."""

from __future__ import annotations

from collections.abc import Iterator

from itsim.config.schema import Scenario


def people_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Yield ``(dotted_key, message)`` for each problem in ``scenario.people``."""
    people = scenario.people
    teams = ", ".join(sorted(scenario.teams)) or "(none)"
    for block, names in (("shifts", people.shifts), ("on_call", people.on_call)):
        for name in names:
            if name not in scenario.teams:
                yield f"people.{block}.{name}", f"team '{name}' does not exist (teams: {teams})"
    for i, hire in enumerate(people.hiring.planned):
        if hire.team not in scenario.teams:
            yield f"people.hiring.planned.{i}.team", f"team '{hire.team}' does not exist"
        elif not scenario.teams[hire.team].pulls_work:
            yield f"people.hiring.planned.{i}.team", "team takes no tickets (pulls_work: false)"
    for role in people.roles:
        if role not in scenario.roles:
            roles = ", ".join(sorted(scenario.roles))
            yield f"people.roles.{role}", f"role '{role}' does not exist (roles: {roles})"
    if people.active:
        yield from _seat_problems(scenario)


def _seat_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    # A 24x7 "seat" is one person on shift round the clock: fine for queueing checks, but hours,
    # absences and energy need real rosters.
    for name, team in scenario.teams.items():
        pattern = scenario.people.shifts.get(name)
        if (
            team.shift == "24x7"
            and team.pulls_work
            and (pattern is None or pattern.pattern == "team")
        ):
            yield (
                f"people.shifts.{name}.pattern",
                "a 24x7 team needs pattern 'rotation' when people features are on",
            )
