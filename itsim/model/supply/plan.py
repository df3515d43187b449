"""Everything the supply block decides before the run, drawn at arrival from its own streams.

Which stock items a ticket will need is common to every arm: a catalog request's kit and its
``one_of`` pick, and whether a break/fix incident needs a spare (and which), are drawn per ticket
from ``supply.need.*`` (``fleet.need.*``, ``joiners.need.*`` for the tickets those sources add).
The plan also adds the joiner, leaver and refresh requests, the age-driven hardware incidents,
and the times at which joiners take licence seats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from itsim.config.schema import Scenario
from itsim.config.supply_schema import Supply
from itsim.model.core.calendar import Calendar
from itsim.model.core.demand import (
    arrival_times,
    base_rate_per_hour,
    hourly_intensity,
    week_profile,
)
from itsim.model.core.streams import RandomStreams
from itsim.model.core.tickets import pick
from itsim.model.core.work import Ticket
from itsim.model.supply.fleet import FleetPlan, plan_fleet
from itsim.model.supply.tickets import incident_tickets, joiner_times, request_tickets

Needs = tuple[str, ...]  # one entry per unit, e.g. ("laptop", "monitor", "peripherals")


@dataclass
class SupplyPlan:
    """What the supply model needs to know about the tickets of one replication."""

    needs: dict[int, Needs] = field(default_factory=dict)  # ticket id -> units it consumes
    returns: dict[int, str] = field(default_factory=dict)  # ticket id -> item back on resolution
    seat_ends: set[int] = field(default_factory=set)  # tickets whose resolution frees seats
    seat_starts: np.ndarray = field(default_factory=lambda: np.empty(0))  # hours
    seat_stops: np.ndarray = field(default_factory=lambda: np.empty(0))  # hours (no ticket)
    fleet: FleetPlan | None = None


@dataclass
class _Entry:
    ticket: Ticket
    needs: Needs = ()
    returns: str | None = None
    frees_seat: bool = False


def draw_needs(tickets: list[Ticket], supply: Supply, streams: RandomStreams, prefix: str):
    """The stock units each ticket will consume (empty when none), from ``prefix.*`` streams."""
    n = len(tickets)
    u_item, u_spare, u_part = (streams.uniforms(f"{prefix}.{s}", n) for s in ("item", "spare",
                                                                              "part"))  # fmt: skip
    picks = {
        name: pick(need.one_of, u_item) for name, need in supply.catalog.items() if need.one_of
    }
    fix = supply.break_fix
    parts = pick(fix.spares, u_part) if fix is not None else None
    needs: list[Needs] = []
    for i, t in enumerate(tickets):
        need = supply.catalog.get(t.category) if t.kind == "request" else None
        if need is not None:
            kit = tuple(item for item, qty in need.kit.items() for _ in range(qty))
            needs.append(kit + ((str(picks[t.category][i]),) if need.one_of else ()))
        elif (
            fix is not None
            and parts is not None
            and t.kind == "incident"
            and (t.category in fix.categories and u_spare[i] < fix.spare_probability)
        ):
            needs.append((str(parts[i]),))
        else:
            needs.append(())
    return needs


def _fleet_entries(
    plan: FleetPlan, scenario: Scenario, cal: Calendar, streams: RandomStreams
) -> list[_Entry]:
    supply, spec = scenario.supply, scenario.supply.fleet  # type: ignore[union-attr]
    assert supply is not None and spec is not None
    entries = []
    for item, due in plan.refresh_due.items():
        created = np.array([cal.next_open(t) for t in due])
        tickets = request_tickets(created, spec.refresh_item, scenario, cal, streams,
                                  f"refresh.{item}")  # fmt: skip
        entries += [_Entry(t, (item,)) for t in tickets]
    incidents = scenario.demand.incidents
    share = sum(incidents.categories[c] for c in spec.incident_categories)
    intensity = hourly_intensity(
        base_rate_per_hour(incidents, scenario.company.employees) * share,
        week_profile(incidents.week_profile), scenario.company.growth_per_year,
        scenario.horizon_days, cal.is_holiday,
    )  # fmt: skip
    extra = intensity * np.repeat(np.clip(plan.incident_factor - 1.0, 0.0, None), 24)
    created = arrival_times(extra, streams.rng("arrivals.incident.fleet"))
    tickets = incident_tickets(created, spec.incident_categories, scenario, cal, streams)
    needs = draw_needs(tickets, supply, streams, "fleet.need")
    return entries + [_Entry(t, n) for t, n in zip(tickets, needs, strict=True)]


def _joiner_entries(scenario: Scenario, cal: Calendar, streams: RandomStreams, plan: SupplyPlan):
    supply = scenario.supply
    assert supply is not None and supply.joiners is not None
    spec = supply.joiners
    hires, leavers = joiner_times(spec, scenario, cal, streams)
    plan.seat_starts = hires
    onboard = request_tickets(hires, spec.onboarding_item, scenario, cal, streams, "joiners")
    needs = draw_needs(onboard, supply, streams, "joiners.need")
    entries = [_Entry(t, n) for t, n in zip(onboard, needs, strict=True)]
    if spec.offboarding_item is None:
        plan.seat_stops = leavers
        return entries
    offboard = request_tickets(leavers, spec.offboarding_item, scenario, cal, streams, "leavers")
    n = len(offboard)
    device = pick(spec.returned_devices, streams.uniforms("leavers.device", n))
    back = streams.uniforms("leavers.redeploy", n) < spec.redeploy_share
    return entries + [
        _Entry(t, (), str(device[i]) if back[i] else None, True) for i, t in enumerate(offboard)
    ]


def _thinned(base: list[Ticket], fleet: FleetPlan | None, scenario: Scenario,
             streams: RandomStreams) -> np.ndarray:  # fmt: skip
    """Which base tickets survive the age-driven thinning of hardware incidents (factor < 1)."""
    keep = np.ones(len(base), dtype=bool)
    spec = scenario.supply.fleet if scenario.supply else None
    if fleet is None or spec is None:
        return keep
    u = streams.uniforms("fleet.thin", len(base))
    created = np.array([t.created for t in base])
    factor = fleet.factor_at(created) if base else np.empty(0)
    for i, t in enumerate(base):
        if t.kind == "incident" and t.category in spec.incident_categories:
            keep[i] = u[i] < factor[i]
    return keep


def plan_supply(
    scenario: Scenario, cal: Calendar, streams: RandomStreams, base: list[Ticket]
) -> tuple[list[Ticket], SupplyPlan]:
    """All tickets of the run (base plus the supply sources, renumbered) and the supply plan."""
    supply = scenario.supply
    assert supply is not None
    plan = SupplyPlan()
    needs = draw_needs(base, supply, streams, "supply.need")  # before thinning: CRN by index
    if supply.fleet is not None:
        plan.fleet = plan_fleet(supply.fleet, scenario.company.employees, scenario.horizon_days,
                                streams)  # fmt: skip
    keep = _thinned(base, plan.fleet, scenario, streams)
    entries = [_Entry(t, n) for t, n, k in zip(base, needs, keep, strict=True) if k]
    if plan.fleet is not None:
        entries += _fleet_entries(plan.fleet, scenario, cal, streams)
    if supply.joiners is not None:
        entries += _joiner_entries(scenario, cal, streams, plan)
    entries.sort(key=lambda e: e.ticket.created)  # stable: ties keep source order
    tickets = []
    for i, entry in enumerate(entries):
        entry.ticket.id = i
        tickets.append(entry.ticket)
        if entry.needs:
            plan.needs[i] = entry.needs
        if entry.returns is not None:
            plan.returns[i] = entry.returns
        if entry.frees_seat:
            plan.seat_ends.add(i)
    return tickets, plan
