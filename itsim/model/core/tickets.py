"""Draw the tickets of one replication before the run: arrival times and every attribute.

Each attribute comes from its own named stream (``incident.priority``, ``incident.effort.desk``…),
so arms that differ in staffing or policy see the same tickets; efforts are quantiles of per-ticket
uniforms, so arms that differ in a handle-time distribution see the same ticket at the same
quantile. An incident whose delay class (``flow.delay_classes``) has its own ``handle_hours``
takes its effort from them, at the same quantile of the same uniform: the class is drawn here
as the delays draw it (:func:`holding.draw_delay_classes`, from the start of the
``incident.delay_class`` stream), so a ticket's effort and its delays come from one class.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from itsim.config.schema import DelayClass, Dist, Scenario
from itsim.config.schema import Team as TeamSpec
from itsim.model.core.calendar import Calendar
from itsim.model.core.demand import (
    arrival_times,
    base_rate_per_hour,
    hourly_intensity,
    week_profile,
)
from itsim.model.core.distributions import quantile
from itsim.model.core.holding import arrival_periods, class_uniforms, draw_delay_classes
from itsim.model.core.pauses import draw_pauses, total_pause_hours, will_escalate
from itsim.model.core.routing import desk_fcr_array, goes_on_array, has_team, look_up
from itsim.model.core.streams import RandomStreams
from itsim.model.core.ticket_columns import DRAWN, PAUSES, TicketDraws
from itsim.model.core.work import Ticket


def handle_dist(team: TeamSpec, kind: str, priority: str) -> Dist:
    """The handle-time distribution of ``kind`` work at ``team``: per priority if given."""
    specific = team.handle_hours.get(f"{kind}.{priority}")
    return specific if specific is not None else team.handle_hours[kind]


def same_object(n: int, value: object) -> np.ndarray:
    """An object array of ``n`` references to ``value``.

    ``np.full(n, "text", dtype=object)`` stores a new copy of the string in every cell (about
    55 bytes each); ``fill`` stores the one object.
    """
    column = np.empty(n, dtype=object)
    column.fill(value)
    return column


def pick(shares: Mapping[str, float], u: np.ndarray) -> np.ndarray:
    """Map uniforms to keys of ``shares`` (inverse CDF of a categorical)."""
    names = list(shares)
    cum = np.cumsum([shares[n] for n in names])
    index = np.minimum(np.searchsorted(cum, u, side="right"), len(names) - 1)
    return np.array(names, dtype=object)[index]


def _efforts(
    team_of: np.ndarray, prio: np.ndarray, u: np.ndarray, scenario: Scenario, kind: str
) -> np.ndarray:
    """Effort of each ticket at its team, by quantile of its uniform."""
    hours = np.zeros(len(u))
    # the sets are disjoint, so their order does not matter; each priority's rows are picked
    # out of the team's rows, in order (a comparison of object arrays over every ticket, per
    # team and priority, cost more than the quantiles)
    for team_name in set(team_of.tolist()) - {None}:
        team = scenario.teams[team_name]
        rows = np.flatnonzero(team_of == team_name)
        team_prio = prio[rows]
        for p in set(team_prio.tolist()):
            picked = rows[team_prio == p]
            hours[picked] = quantile(handle_dist(team, kind, p), u[picked])
    return hours


def _deadlines(
    created: np.ndarray, prio: np.ndarray, scenario: Scenario, cal: Calendar
) -> tuple[np.ndarray, np.ndarray]:
    respond = np.empty_like(created)
    resolve = np.empty_like(created)
    for p in set(prio.tolist()):  # (iterating the object array itself goes item by item)
        mask = prio == p
        target = scenario.sla[p]
        respond[mask] = cal.deadline(created[mask], target.respond_hours, target.clock)
        resolve[mask] = cal.deadline(created[mask], target.resolve_hours, target.clock)
    return respond, resolve


def _times(rate_spec: object, name: str, scenario: Scenario, cal: Calendar, streams) -> np.ndarray:
    base = base_rate_per_hour(rate_spec, scenario.company.employees)  # type: ignore[arg-type]
    profile = week_profile(rate_spec.week_profile)  # type: ignore[attr-defined]
    intensity = hourly_intensity(
        base, profile, scenario.company.growth_per_year, scenario.horizon_days, cal.is_holiday
    )
    return arrival_times(intensity, streams.rng(name))


def _priorities(spec, created: np.ndarray, cal: Calendar, u: np.ndarray) -> np.ndarray:
    """Priority of each incident: ``priority_mix``, or ``priority_mix_after_hours`` for those
    arriving outside business hours when it is given (same uniforms either way)."""
    prio = pick({str(k): v for k, v in spec.priority_mix.items()}, u)
    if spec.priority_mix_after_hours is not None and created.size:
        night = ~cal.is_open(created)
        after = {str(k): v for k, v in spec.priority_mix_after_hours.items()}
        prio[night] = pick(after, u[night])
    return prio


def draw_incidents(scenario: Scenario, cal: Calendar, streams: RandomStreams) -> dict:
    """Columns of every incident of the run (arrays keyed by Ticket field name)."""
    spec = scenario.demand.incidents
    created = _times(spec, "arrivals.incident", scenario, cal, streams)
    n = created.size
    prio = _priorities(spec, created, cal, streams.uniforms("incident.priority", n))
    category = pick(spec.categories, streams.uniforms("incident.category", n))
    desk = same_object(n, scenario.flow.desk)
    tier2 = look_up(scenario.flow.routing, category)
    fcr_u = streams.uniforms("incident.fcr", n)
    # only a pause's probability_escalated reads it
    escalates = will_escalate(scenario.flow, prio, fcr_u, tier2) if scenario.flow.pauses else None
    pauses = draw_pauses(scenario.flow, prio, streams, escalates)
    u_desk = streams.uniforms("incident.effort.desk", n)
    u_tier2 = streams.uniforms("incident.effort.tier2", n)
    return {
        "kind": "incident",
        "created": created,
        "priority": prio,
        "category": category,
        "desk_hours": _efforts(desk, prio, u_desk, scenario, "incident"),
        "tier2_team": tier2,
        "tier2_hours": _efforts(tier2, prio, u_tier2, scenario, "escalation"),
        EFFORT_U["desk_hours"]: u_desk,
        EFFORT_U["tier2_hours"]: u_tier2,
        "fcr_u": fcr_u,
        "reopen_u": streams.uniforms("incident.reopen", n),
        "pause_hours": total_pause_hours(pauses, n),
        "user_pause_hours": pauses.get("user", np.zeros(n)),
    }  # fmt: skip


def draw_requests(scenario: Scenario, cal: Calendar, streams: RandomStreams) -> dict:
    """Columns of every service request of the run."""
    spec = scenario.demand.requests
    created = _times(spec, "arrivals.request", scenario, cal, streams)
    n = created.size
    prio = same_object(n, "REQ")
    item = pick({k: v.share for k, v in spec.catalog.items()}, streams.uniforms("request.item", n))
    desk = same_object(n, scenario.flow.desk)
    fulfil_team = look_up({k: v.fulfil_team for k, v in spec.catalog.items()}, item)
    u_fulfil = streams.uniforms("request.effort.fulfil", n)
    fulfil_hours = np.zeros(n)
    for name, entry in spec.catalog.items():
        mask = item == name
        if entry.fulfil_hours is not None:
            fulfil_hours[mask] = quantile(entry.fulfil_hours, u_fulfil[mask])
    return {
        "kind": "request",
        "created": created,
        "priority": prio,
        "category": item,
        "desk_hours": _efforts(desk, prio, streams.uniforms("request.effort.desk", n), scenario,
                               "request"),
        "tier2_team": fulfil_team,
        "tier2_hours": fulfil_hours,
        EFFORT_U["desk_hours"]: np.zeros(n),  # requests take no class handle time
        EFFORT_U["tier2_hours"]: np.zeros(n),
        "fcr_u": np.zeros(n),
        "reopen_u": np.ones(n),  # requests are not reopened
        "pause_hours": np.zeros(n),  # nor paused
        "user_pause_hours": np.zeros(n),
    }  # fmt: skip


def draw_ticket_columns(scenario: Scenario, cal: Calendar, streams: RandomStreams) -> TicketDraws:
    """Every ticket of the run as columns, in arrival order (row ``i`` is ticket id ``i``).

    Incidents and requests are merged by arrival time with a stable sort (an incident and a
    request arriving at the same instant keep that order).
    """
    batches = [draw_incidents(scenario, cal, streams), draw_requests(scenario, cal, streams)]
    for batch in batches:
        batch["kind"] = same_object(batch["created"].size, batch["kind"])
        batch["respond_deadline"], batch["resolve_deadline"] = _deadlines(
            batch["created"], batch["priority"], scenario, cal
        )
    order = np.argsort(np.concatenate([b["created"] for b in batches]), kind="stable")
    names = DRAWN + PAUSES + tuple(EFFORT_U.values())
    columns = {name: np.concatenate([b[name] for b in batches]) for name in names}
    if not np.array_equal(order, np.arange(order.size)):  # one kind alone arrives in order
        columns = {name: column[order] for name, column in columns.items()}
    class_handle_times(scenario, cal, streams, columns)
    return TicketDraws({name: columns[name] for name in DRAWN + PAUSES})


#: The effort uniforms kept beside the drawn efforts until the class handle times are set.
EFFORT_U = {"desk_hours": "desk_effort_u", "tier2_hours": "tier2_effort_u"}
CLASS_WORK = {"desk_hours": "incident", "tier2_hours": "escalation"}


def class_dist(delay_class: DelayClass, work: str, priority: str) -> Dist | None:
    """The class's handle time of ``work`` (``incident``, ``escalation``) at ``priority``: per
    priority if given, else for every priority; None when the class keeps the teams'."""
    table = delay_class.handle_hours
    return table.get(f"{work}.{priority}", table.get(work))


def class_handle_times(
    scenario: Scenario, cal: Calendar, streams: RandomStreams, columns: dict[str, np.ndarray]
) -> None:
    """Set, in ``columns`` (every ticket in arrival order), the effort of each incident whose
    delay class has its own ``handle_hours``, at the quantile of the ticket's effort uniform.

    The class is the one :class:`holding.DelayPolicy` draws for the ticket (same rule, same
    uniforms). Nothing is drawn, and nothing changes, when no class has ``handle_hours``.
    """
    spec = scenario.flow
    if not any(c.handle_hours for c in spec.delay_classes.values()):
        return
    kind, prio, tier2 = columns["kind"], columns["priority"], columns["tier2_team"]
    escalates = goes_on_array(kind, columns["fcr_u"], tier2, desk_fcr_array(spec, prio))
    u = class_uniforms(spec, streams, prio.size)
    period = arrival_periods(spec, cal, columns["created"])
    klass = draw_delay_classes(spec, prio, escalates, columns["pause_hours"] > 0, u, period)
    has_tier2 = has_team(tier2)
    incident = kind == "incident"
    for number, delay_class in enumerate(spec.delay_classes.values(), start=1):
        mine = incident & (klass == number)
        if not delay_class.handle_hours or not mine.any():
            continue
        for priority in sorted(set(prio[mine].tolist())):
            rows = mine & (prio == priority)
            for column, work in CLASS_WORK.items():
                dist = class_dist(delay_class, work, priority)
                worked = rows & has_tier2 if column == "tier2_hours" else rows
                if dist is not None and worked.any():
                    columns[column][worked] = quantile(dist, columns[EFFORT_U[column]][worked])


def draw_tickets(scenario: Scenario, cal: Calendar, streams: RandomStreams) -> list[Ticket]:
    """Every ticket of the run as objects, in arrival order, ids 0..n-1."""
    return draw_ticket_columns(scenario, cal, streams).materialise()
