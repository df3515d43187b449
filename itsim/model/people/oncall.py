"""On-call: a P1 that reaches a team with nobody at work calls out this week's on-call person.

Scenario: one member of the team is on call each week, in turn. When a P1 enters the team queue
and nobody in the team is at work (on shift, in overtime or already called out), the on-call
person is interrupted at home and works while a P1 heads the queue, at most
``max_callout_hours``; at least ``min_callout_hours`` are booked as worked (and paid) hours.
A person who is off that day (leave, sickness) is skipped for the next in the rota.

Being on call is paid even when nobody calls: a standby allowance accrues every day someone is
on the rota, either a flat weekly amount spread over the week [INCIO] or a fraction of the
person's hourly cost for each hour of the day they are not at work [MUNI]; call-outs are paid on
top (docs/model/people.md §On-call).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING

import simpy

from itsim.config.people_schema import OnCall
from itsim.model.core.teams import Team
from itsim.model.core.units import DAYS_PER_WEEK, HOURS_PER_DAY, HOURS_PER_WEEK

if TYPE_CHECKING:
    from itsim.model.people.workforce import Staff

P1_RANK = 0
_SLOT = attrgetter("slot")  # roster position (unique in a team); a C key for a daily sort


def on_call_handlers(
    env: simpy.Environment,
    specs: Mapping[str, OnCall],
    teams: Mapping[str, Team],
    staff: Mapping[str, list[Staff]],
) -> dict[str, Callable[[], None]]:
    """The P1 call-out handler of each team that has an on-call rota (build.py hooks them in)."""
    return {
        name: _handler(env, spec, teams[name], staff[name])
        for name, spec in specs.items()
        if name in staff
    }


def _handler(env: simpy.Environment, spec: OnCall, team: Team, members: list[Staff]
             ) -> Callable[[], None]:  # fmt: skip
    at_work = 0  # position in ``members`` of the colleague last found at work

    def on_p1_queued() -> None:
        nonlocal at_work
        now = env.now
        if team.queue.head_rank() != P1_RANK or not members:
            return  # somebody already took it
        found = member_at_work(members, now, at_work)
        if found >= 0:
            at_work = found
            return  # a colleague at work will get to it
        person = _on_call_person(members, now)
        if person is None or person.person.process is env.active_process:
            return
        person.roster.min_callout_hours = spec.min_callout_hours
        person.roster.start_callout(now, spec.max_callout_hours)
        if person.roster.extra_until > now and person.person.process.is_alive:
            person.person.process.interrupt("callout")

    return on_p1_queued


def member_at_work(members: list[Staff], now: float, first: int) -> int:
    """Position in ``members`` of someone at work at ``now`` (-1 when nobody is).

    Whether anyone is at work is what matters, and any member will do: position ``first``
    (the one found last time, who mostly still is at work in a large team) is asked before
    the scan of everyone in order.
    """
    if first < len(members) and members[first].roster.on_shift(now):
        return first
    for i, s in enumerate(members):
        if s.roster.on_shift(now):
            return i
    return -1


def _on_call_person(members: list[Staff], now: float) -> Staff | None:
    """This week's on-call person (in roster order), skipping anyone off today."""
    week, day = int(now // HOURS_PER_WEEK), int(now // HOURS_PER_DAY)
    ordered = sorted(members, key=_SLOT)
    for k in range(len(ordered)):
        candidate = ordered[(week + k) % len(ordered)]
        if day < len(candidate.roster.off) and not candidate.roster.off[day]:
            return candidate
    return None


def standby_usd(spec: OnCall, members: list[Staff], day: int, hourly_usd: float) -> float:
    """Standby allowance (USD) earned on ``day`` by the team's on-call person.

    ``standby_usd_per_week`` / 7 a day, or ``standby_fraction_of_hourly`` × ``hourly_usd`` (the
    person's hourly loaded cost) for each hour of the day outside their rostered shift. Nothing
    on a day nobody can be on call (an empty team, or everyone off).
    """
    person = _on_call_person(members, day * HOURS_PER_DAY)
    if person is None:
        return 0.0
    if spec.standby_usd_per_week > 0:
        return spec.standby_usd_per_week / DAYS_PER_WEEK
    standby_hours = HOURS_PER_DAY - person.roster.present_hours[day]
    return spec.standby_fraction_of_hourly * hourly_usd * standby_hours
