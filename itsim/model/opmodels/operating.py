"""The operating model of one replication: leadership levers and an MSP, consulted by the flow.

Scenario: when a ticket arrives, the levers may prevent it (problem management, security) or
deflect it to self-service; what is left goes to the provider when its scope says so, otherwise
to our desk (faster as the knowledge base grows). When the first stage is done, the provider's or
our desk's first-contact resolution decides (once, at arrival: core/routing.py) whether the
ticket is resolved or handed to tier 2.
The uniforms behind prevent and deflect decisions are drawn per ticket from their own streams
(``incident.prevent``, ``incident.security``, ``incident.deflect``, ``request.deflect``), so
every arm of a comparison sees the same arrivals and differs only in what it removes.

Money: leader fees, licences and tools are posted for every day up front; the provider bills as
it works; after the run come its SLA credits and then vendor management's savings.
"""

from __future__ import annotations

from collections.abc import Sequence

import simpy

from itsim.model.context import Replication
from itsim.model.core.calendar import Calendar
from itsim.model.core.flow import TicketFlow
from itsim.model.core.projects import Portfolio
from itsim.model.core.routing import Onward, desk_fcr
from itsim.model.core.streams import RandomStreams
from itsim.model.core.teams import Team
from itsim.model.core.ticket_columns import TicketDraws, ids_of_kind
from itsim.model.core.units import DAYS_PER_YEAR, MONTHS_PER_YEAR
from itsim.model.core.work import Project, Ticket
from itsim.model.opmodels import leadership as lead
from itsim.model.opmodels.msp import TEAM_NAME, MspProvider
from itsim.model.opmodels.msp_billing import MspBilling
from itsim.model.opmodels.records import OperatingRecords

#: New arrival-side streams (independent of every existing stream by construction).
STREAMS = ("incident.prevent", "incident.security", "incident.deflect", "request.deflect")


def screen_uniforms(
    tickets: Sequence[Ticket] | TicketDraws, streams: RandomStreams
) -> dict[int, tuple[float, ...]]:
    """(u_prevent, u_security, u_deflect) per ticket id, drawn per kind in arrival order.

    Tickets of one kind are in arrival order in ``tickets``, so the k-th incident of every arm
    gets the same uniforms.
    """
    found: dict[int, tuple[float, ...]] = {}
    incidents = ids_of_kind(tickets, "incident")
    columns = [streams.uniforms(name, len(incidents)) for name in STREAMS[:3]]
    for i, ticket_id in enumerate(incidents):
        found[ticket_id] = (float(columns[0][i]), float(columns[1][i]), float(columns[2][i]))
    requests = ids_of_kind(tickets, "request")
    deflect = streams.uniforms(STREAMS[3], len(requests))
    for i, ticket_id in enumerate(requests):
        found[ticket_id] = (1.0, 1.0, float(deflect[i]))  # requests are never prevented
    return found


class OperatingModel:
    """The router the flow consults, and the operating model's money, for one replication."""

    def __init__(
        self, ctx: Replication, flow: TicketFlow, uniforms: dict[int, tuple[float, ...]]
    ) -> None:
        scenario = ctx.scenario
        self.scenario = scenario
        self.flow = flow
        self.ledger = ctx.ledger
        self.levers = lead.LeverSet(scenario.leadership.values())
        self.uniforms = uniforms
        catalog = scenario.demand.requests.catalog
        self.desk_only = {name for name, item in catalog.items() if item.fulfil_team is None}
        self.msp: MspProvider | None = None
        if scenario.msp is not None:
            self.msp = self._add_provider(ctx.env, ctx.calendar)
        self._post_fixed_costs()

    def _add_provider(self, env: simpy.Environment, calendar: Calendar) -> MspProvider:
        spec, s = self.scenario.msp, self.scenario
        assert spec is not None
        billing = MspBilling(
            spec.pricing, spec.sla, calendar, self.ledger, s.company.employees, s.horizon_days
        )
        return MspProvider(env, spec, calendar, self.flow.desk, billing)

    @property
    def provider_team(self) -> Team | None:
        """The provider's team, which build.py connects to the flow (None without an MSP)."""
        return self.msp.team if self.msp is not None else None

    def _post_fixed_costs(self) -> None:
        s = self.scenario
        lead.post_leader_fees(self.ledger, s.leadership, s.loading_factor, s.horizon_days)
        per_user = MONTHS_PER_YEAR / DAYS_PER_YEAR * s.company.employees
        items = (("licences", s.it_costs.licences_per_user_per_month_usd),
                 ("tools", s.it_costs.tools_per_user_per_month_usd))  # fmt: skip
        for item, usd in items:
            for day in range(s.horizon_days if usd > 0 else 0):
                self.ledger.post(day, "licences", item, usd * per_user)

    # -- routing (the flow's Router protocol) -------------------------------------------
    def at_arrival(self, ticket: Ticket, now: float) -> Team | None:
        """Prevent, deflect, send to the provider, or send to our desk."""
        reason = self._screen(ticket, now)
        if reason is not None:
            ticket.resolver = reason
            if reason == "self_service":
                usd = self.levers.get("self_service").cost_per_deflection_usd
                self.ledger.post(int(now // 24), "licences", "self_service", usd)
            return None
        if self.msp is not None and self.msp.takes(now):
            return self.msp.take(ticket, now)
        ticket.desk_hours *= self._km_handle_factor(now)
        return self.flow.desk

    def _screen(self, ticket: Ticket, now: float) -> str | None:
        u_prevent, u_security, u_deflect = self.uniforms[ticket.need_id]
        levers = self.levers
        if ticket.kind == "incident":
            security = levers.get("security")
            hit = security is not None and (
                ticket.priority == "P1" or ticket.category in security.categories
            )
            if hit and u_security < levers.strength("security", now):
                return "security"
            problem = levers.get("problem_management")
            removed = (
                problem.repeat_share * levers.strength("problem_management", now)
                if problem
                else 0.0
            )
            if u_prevent < removed:
                return "problem_management"
            eligible = ticket.priority == "P4"
        else:
            eligible = ticket.category in self.desk_only
        if eligible and u_deflect < levers.strength("self_service", now):
            return "self_service"
        return None

    def _km_handle_factor(self, now: float) -> float:
        km = self.levers.get("knowledge_management")
        return 1.0 if km is None else 1.0 - km.handle_time_cut * lead.ramp_fraction(km, now)

    def first_contact_resolution(self, ticket: Ticket, team: Team, now: float) -> float:
        """The provider's FCR when it took the ticket, else ours plus knowledge management's."""
        if self.msp is not None and team is self.msp.team:
            return self.msp.first_contact_resolution(now)
        boost = self.levers.strength("knowledge_management", now)
        return min(1.0, desk_fcr(self.flow.spec, ticket.priority) + boost)

    def onward(self, ticket: Ticket, now: float) -> Onward:
        """The next team and hand-off delay of a ticket that goes on after its first stage."""
        flow = self.flow
        if self.msp is not None and ticket.last_team == TEAM_NAME:
            return self.msp.onward(ticket, now, flow.teams, flow.spec.handoff_hours)
        assert ticket.tier2_team is not None
        ticket.tier2_hours *= self._km_handle_factor(now)
        return Onward(flow.teams[ticket.tier2_team], flow.spec.handoff_hours)

    # -- projects and the end of the run ------------------------------------------------
    def start_projects(
        self, env: simpy.Environment, portfolio: Portfolio, projects: list[Project]
    ) -> list[Project]:
        """Projects past demand management's gate; starts the WIP-limit ramp."""
        horizon_days = self.scenario.horizon_days
        env.process(lead.wip_limit_process(env, portfolio, self.levers, horizon_days))
        return lead.screen_projects(
            projects, self.levers, self.scenario.demand.projects.value_per_week_usd
        )

    def close(self, horizon_hours: float) -> OperatingRecords:
        """Post SLA credits and vendor savings; return the operating model's records."""
        taken = misses = 0
        if self.msp is not None:
            missed = self.msp.billing.post_credits(horizon_hours)
            taken, misses = len(self.msp.billing.taken), sum(missed.values())
        for day, category, usd in lead.vendor_savings(
            self.ledger, self.levers, self.scenario.horizon_days
        ):
            self.ledger.post(day, category, "vendor_management", usd)
        return OperatingRecords(lead.hiring_policy(self.levers), taken, misses)


def build_operating_model(
    ctx: Replication, flow: TicketFlow, tickets: Sequence[Ticket] | TicketDraws
) -> OperatingModel | None:
    """The MSP, leadership and licence blocks for build.py to connect, or None when all are off."""
    scenario = ctx.scenario
    costs = scenario.it_costs
    if (
        scenario.msp is None
        and not scenario.leadership
        and not (costs.licences_per_user_per_month_usd or costs.tools_per_user_per_month_usd)
    ):
        return None
    return OperatingModel(ctx, flow, screen_uniforms(tickets, ctx.streams))
