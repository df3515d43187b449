"""Tickets the supply block adds before the run: joiners, leavers, refreshes, age-driven incidents.

Each source has its own named streams (``joiners.*``, ``leavers.*``, ``refresh.*``,
``fleet.incident.*``), so adding or changing one source leaves every other ticket unchanged.
Joiners and leavers arrive as Poisson processes with the office week profile and the company's
growth, at ``employees × (turnover + max(growth, 0))`` and ``employees × turnover`` a year.
"""

from __future__ import annotations

from typing import cast

import numpy as np

from itsim.config.schema import Scenario
from itsim.config.supply_schema import Joiners
from itsim.model.core.calendar import Calendar
from itsim.model.core.demand import arrival_times, hourly_intensity, week_profile
from itsim.model.core.distributions import quantile
from itsim.model.core.streams import RandomStreams
from itsim.model.core.tickets import handle_dist, pick
from itsim.model.core.units import HOURS_PER_YEAR
from itsim.model.core.work import Priority, Ticket

UNNUMBERED = -1


def office_times(
    per_year: float, scenario: Scenario, cal: Calendar, rng: np.random.Generator
) -> np.ndarray:
    """Arrival times (hours) at a mean of ``per_year``, office-shaped, growing with the company."""
    intensity = hourly_intensity(
        per_year / HOURS_PER_YEAR, week_profile("office"), scenario.company.growth_per_year,
        scenario.horizon_days, cal.is_holiday,
    )  # fmt: skip
    return arrival_times(intensity, rng)


def joiner_times(
    spec: Joiners, scenario: Scenario, cal: Calendar, streams: RandomStreams
) -> tuple[np.ndarray, np.ndarray]:
    """Arrival times (hours) of the business's hires and of its leavers."""
    employees = scenario.company.employees
    growth = max(scenario.company.growth_per_year, 0.0)
    hires = employees * (spec.turnover_per_year + growth)
    leavers = employees * spec.turnover_per_year
    return (
        office_times(hires, scenario, cal, streams.rng("arrivals.joiner")),
        office_times(leavers, scenario, cal, streams.rng("arrivals.leaver")),
    )


def request_tickets(
    created: np.ndarray, item: str, scenario: Scenario, cal: Calendar, streams: RandomStreams,
    prefix: str,
) -> list[Ticket]:  # fmt: skip
    """Service requests of catalog item ``item`` at ``created``, efforts from ``prefix.*``."""
    n = created.size
    entry = scenario.demand.requests.catalog[item]
    desk = scenario.teams[scenario.flow.desk]
    desk_hours = quantile(
        handle_dist(desk, "request", "REQ"), streams.uniforms(f"{prefix}.desk", n)
    )
    fulfil_hours = np.zeros(n)
    if entry.fulfil_hours is not None:
        fulfil_hours = quantile(entry.fulfil_hours, streams.uniforms(f"{prefix}.fulfil", n))
    target = scenario.sla["REQ"]
    respond = cal.deadline(created, target.respond_hours, target.clock)
    resolve = cal.deadline(created, target.resolve_hours, target.clock)
    return [
        Ticket(UNNUMBERED, "request", "REQ", item, float(created[i]), float(respond[i]),
               float(resolve[i]), float(desk_hours[i]), entry.fulfil_team,
               float(fulfil_hours[i]), 0.0, 1.0)
        for i in range(n)
    ]  # fmt: skip


def incident_tickets(
    created: np.ndarray, categories: list[str], scenario: Scenario, cal: Calendar,
    streams: RandomStreams,
) -> list[Ticket]:  # fmt: skip
    """Incidents in ``categories`` (by share) at ``created``; streams ``fleet.incident.*``."""
    n = created.size
    spec = scenario.demand.incidents
    shares = {c: spec.categories[c] for c in categories}
    total = sum(shares.values()) or 1.0
    category = pick(
        {c: v / total for c, v in shares.items()}, streams.uniforms("fleet.incident.category", n)
    )
    prio = pick({str(k): v for k, v in spec.priority_mix.items()},
                streams.uniforms("fleet.incident.priority", n))  # fmt: skip
    u = {s: streams.uniforms(f"fleet.incident.{s}", n) for s in ("desk", "tier2", "fcr", "reopen")}
    desk = scenario.teams[scenario.flow.desk]
    tickets = []
    for i in range(n):
        p, c = cast(Priority, str(prio[i])), str(category[i])
        team = scenario.flow.routing.get(c)
        target = scenario.sla[p]
        t = float(created[i])
        tier2 = (float(quantile(handle_dist(scenario.teams[team], "escalation", p),
                                u["tier2"][i:i + 1])[0]) if team else 0.0)  # fmt: skip
        tickets.append(Ticket(
            UNNUMBERED, "incident", p, c, t,
            float(cal.deadline(np.array([t]), target.respond_hours, target.clock)[0]),
            float(cal.deadline(np.array([t]), target.resolve_hours, target.clock)[0]),
            float(quantile(handle_dist(desk, "incident", p), u["desk"][i:i + 1])[0]),
            team, tier2, float(u["fcr"][i]), float(u["reopen"][i]),
        ))  # fmt: skip
    return tickets
