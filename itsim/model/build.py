"""Wiring only: build one replication, connect the wings to the core, run it, collect records.

This is the one module that knows every wing. It fills the core's declared extension points —
the flow's router, gates and resolution hooks, each team's completion handler, P1 call-outs and
rostered capacity — and checks before the run that every required one is set. The core imports
no wing; a wing imports the core only; what one wing tells another (leadership's levers advising
hiring) passes through a protocol the receiving wing declares, filled here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import simpy

from itsim.config.schema import Scenario
from itsim.model.context import Replication
from itsim.model.core.abandonment import AbandonmentPolicy
from itsim.model.core.calendar import Calendar
from itsim.model.core.event_log import EventLog
from itsim.model.core.flow import TicketFlow
from itsim.model.core.holding import DelayPolicy
from itsim.model.core.hour_of_week import HourOfWeekMonitor
from itsim.model.core.ledger import CostLedger, loaded_annual_usd
from itsim.model.core.monitor import DailyMonitor
from itsim.model.core.pauses import PausePolicy
from itsim.model.core.projects import Portfolio, draw_projects
from itsim.model.core.streams import RandomStreams
from itsim.model.core.teams import Team, unwired
from itsim.model.core.ticket_columns import TicketDraws, TicketRecords
from itsim.model.core.tickets import draw_ticket_columns
from itsim.model.core.work import Job, Project, Task, Ticket
from itsim.model.opmodels.hr_levers import HrLevers
from itsim.model.opmodels.impact import BusinessImpact
from itsim.model.opmodels.operating import OperatingModel, build_operating_model
from itsim.model.people.workforce import Workforce, install_workforce
from itsim.model.records import FlowCounts, ModelOutput
from itsim.model.supply.plan import SupplyPlan, plan_supply
from itsim.model.supply.stockroom import SupplyWing, start_supply

__all__ = ["ModelOutput", "WiringError", "build_teams", "run_model", "simulate"]


class WiringError(RuntimeError):
    """A required extension point was left empty (raised before the run starts)."""


@dataclass
class Parts:
    """The model of one replication: the core and the wings that are on."""

    teams: dict[str, Team]
    flow: TicketFlow
    portfolio: Portfolio
    monitor: DailyMonitor
    weekly: HourOfWeekMonitor
    abandonment: AbandonmentPolicy | None = None
    log: EventLog | None = None
    operating: OperatingModel | None = None
    supply: SupplyWing | None = None
    workforce: Workforce | None = None


def build_teams(env: simpy.Environment, scenario: Scenario, cal: Calendar) -> dict[str, Team]:
    """One Team per scenario team, people started."""
    preempt = scenario.flow.preempt_p1
    return {
        name: Team(env, name, spec, cal, preempt_p1=preempt)
        for name, spec in scenario.teams.items()
    }


def simulate(scenario: Scenario, seed: int, rep: int, event_log: bool = False) -> ModelOutput:
    """Run replication ``rep`` of ``scenario`` with experiment seed ``seed``.

    With ``event_log`` the output also holds one row per ticket event (core/event_log.py).
    """
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    streams = RandomStreams(seed, rep)
    draws = draw_ticket_columns(scenario, cal, streams)
    tickets: list[Ticket] | TicketDraws = draws
    plan = None
    if scenario.supply is not None:  # the plan adds tickets of its own
        tickets, plan = plan_supply(scenario, cal, streams, draws.materialise())
    projects = draw_projects(scenario.demand.projects, scenario.horizon_days, streams)
    return run_model(scenario, cal, tickets, projects, seed, rep, plan, streams, event_log)


def run_model(
    scenario: Scenario,
    cal: Calendar,
    tickets: list[Ticket] | TicketDraws,
    projects: list[Project],
    seed: int = 0,
    rep: int = 0,
    supply_plan: SupplyPlan | None = None,
    streams: RandomStreams | None = None,
    event_log: bool = False,
) -> ModelOutput:
    """Build the model around given tickets and projects, run it to the horizon.

    ``streams`` are the replication's random streams, shared with the draws made before the
    run (each stream is used by one part only); new ones for (seed, rep) when not given.
    """
    streams = streams if streams is not None else RandomStreams(seed, rep)
    if isinstance(tickets, TicketDraws) and needs_ticket_objects(scenario, event_log):
        tickets = tickets.materialise()
    ctx = Replication(scenario, seed, rep, simpy.Environment(), cal, streams, CostLedger())
    parts = build_core(ctx, tickets, event_log)
    parts.operating = build_operating_model(ctx, parts.flow, tickets)
    connect_operating(parts)
    start(ctx, parts, tickets, projects, supply_plan)
    check_connected(parts)
    ctx.env.run(until=ctx.horizon_hours)
    return collect(ctx, parts, tickets, projects)


def needs_ticket_objects(scenario: Scenario, event_log: bool = False) -> bool:
    """Whether some part of the run keeps every ticket in hand (not only those in the system).

    Abandonment (re-contacts refer to earlier tickets), named delay classes and pick-up or
    holding delays (drawn per ticket up front), business impact (priced from every ticket after
    the run) and the event log do; the rest of the model needs only the tickets in the system.
    """
    flow, lost = scenario.flow, scenario.abandonment
    return bool(
        (lost is not None and lost.channels)
        or flow.pickup
        or flow.holding
        or flow.delay_classes
        or scenario.impact is not None
        or scenario.supply is not None
        or event_log
    )


def build_core(
    ctx: Replication, tickets: list[Ticket] | TicketDraws, event_log: bool = False
) -> Parts:
    """Teams, flow (with its pause and delay policies), portfolio, monitors, event log."""
    scenario, env, cal = ctx.scenario, ctx.env, ctx.calendar
    teams = build_teams(env, scenario, cal)
    flow = TicketFlow(env, scenario.flow, teams)
    if isinstance(tickets, TicketDraws):
        flow.records = TicketRecords.for_draws(tickets)
        listed: list[Ticket] = []
    else:
        listed = tickets
    if scenario.flow.pauses:
        flow.pauses = PausePolicy(scenario.flow, cal, scenario.sla, _auto_close_days(scenario))
    abandonment = _abandonment(ctx, flow, listed)
    if abandonment is not None:
        flow.queued_hooks.append(abandonment.on_queued)
    if scenario.flow.pickup or scenario.flow.holding or scenario.flow.delay_classes:
        flow.delays = DelayPolicy(scenario.flow, cal, ctx.streams, listed)
    portfolio = Portfolio(env, scenario.demand.projects, teams)
    for team in teams.values():
        team.on_done = _completion_handler(team, flow, portfolio)
    log = EventLog(teams.values()) if event_log else None
    if log is not None:
        for name, team in teams.items():
            team.queued_hooks.append(log.on_queued(name))
            team.work_hooks.append(log.on_worked(name))
    loaded = {
        name: loaded_annual_usd(scenario.roles[t.role].salary_usd, scenario.loading_factor)
        for name, t in scenario.teams.items()
    }
    monitor = DailyMonitor(env, teams, ctx.ledger, loaded, flow.wip, scenario.warmup_days)
    weekly = HourOfWeekMonitor(env, teams, scenario.warmup_days)
    return Parts(teams, flow, portfolio, monitor, weekly, abandonment, log)


def connect_operating(parts: Parts) -> None:
    """The operating model routes every ticket; the provider's team joins the flow."""
    op, flow = parts.operating, parts.flow
    if op is None:
        return
    flow.router = op
    provider = op.provider_team
    if provider is not None:
        flow.add_team(provider)
        provider.on_done = _completion_handler(provider, flow, parts.portfolio)


def start(
    ctx: Replication,
    parts: Parts,
    tickets: list[Ticket] | TicketDraws,
    projects: list[Project],
    supply_plan: SupplyPlan | None,
) -> None:
    """Start the processes (in a fixed order: it breaks ties between simultaneous events)."""
    env, scenario, op, flow = ctx.env, ctx.scenario, parts.operating, parts.flow
    env.process(flow.feed(tickets))
    admitted = projects if op is None else op.start_projects(env, parts.portfolio, projects)
    env.process(parts.portfolio.feed(admitted))
    env.process(parts.monitor.run(scenario.horizon_days))
    if scenario.supply is not None:
        parts.supply = start_supply(ctx, supply_plan if supply_plan is not None else SupplyPlan())
        flow.gates.append(parts.supply.gate)
        flow.resolved_hooks.append(parts.supply.on_resolved)
    advice = HrLevers(op.levers) if op is not None else None
    parts.workforce = install_workforce(ctx, parts.teams, advice)
    if parts.workforce is not None:
        connect_workforce(parts.teams, parts.workforce)
    env.process(parts.weekly.run(scenario.horizon_days))


def connect_workforce(teams: dict[str, Team], workforce: Workforce) -> None:
    """Rostered capacity and P1 call-outs of the people wing."""
    for name, hours in workforce.rostered_hours().items():
        teams[name].available_hours_fn = hours
    for name, handler in workforce.on_call.items():
        teams[name].on_p1_queued.append(handler)


def check_connected(parts: Parts) -> None:
    """Raise WiringError if a team that can receive work has no completion handler."""
    missing = [name for name, team in parts.flow.teams.items() if team.on_done is unwired]
    if missing:
        raise WiringError(f"team(s) {', '.join(missing)}: on_done not wired by build.py")


def collect(
    ctx: Replication,
    parts: Parts,
    tickets: list[Ticket] | TicketDraws,
    projects: list[Project],
) -> ModelOutput:
    """Close the monitors and the operating model; gather every wing's records."""
    scenario, flow, monitor = ctx.scenario, parts.flow, parts.monitor
    horizon = ctx.horizon_hours
    monitor.close(scenario.horizon_days)
    if parts.workforce is not None:
        parts.workforce.close()
    operating = parts.operating.close(horizon) if parts.operating is not None else None
    lost = parts.abandonment
    counts = FlowCounts(
        flow.arrived, flow.resolved, flow.wip.in_system, flow.deflected,
        lost.abandoned if lost else 0, lost.lost if lost else 0,
        len(lost.recontacts) if lost else 0,
    )  # fmt: skip
    records = flow.finish_records()
    listed = None
    if records is None:  # every ticket was kept in hand
        assert not isinstance(tickets, TicketDraws)
        listed = tickets + lost.recontacts if lost is not None else tickets
        records = TicketRecords.from_tickets(listed)
    reference = None
    if scenario.impact is not None:  # after the run: it prices what happened
        assert listed is not None
        impact = BusinessImpact(scenario.impact, ctx.calendar, scenario.horizon_days, ctx.streams)
        reference = impact.post(listed, ctx.ledger)
    return ModelOutput(
        scenario, ctx.seed, ctx.rep, ctx.calendar, records, projects, monitor.rows,
        ctx.ledger.rows(), flow.wip.area_until(horizon) - monitor.wip_area_at_warmup, counts,
        team_hour_of_week=parts.weekly.rows(), operating=operating,
        people=parts.workforce.records() if parts.workforce is not None else None,
        supply=parts.supply.records if parts.supply is not None else None,
        impact_reference_days=reference,
        event_log=parts.log.close(listed or []) if parts.log is not None else None,
        ticket_list=listed,
    )  # fmt: skip


def _auto_close_days(scenario: Scenario) -> float | None:
    lost = scenario.abandonment
    return lost.auto_close_awaiting_user_business_days if lost is not None else None


def _abandonment(
    ctx: Replication, flow: TicketFlow, tickets: list[Ticket]
) -> AbandonmentPolicy | None:
    """Users' patience and re-contacts, when the scenario names channels."""
    spec, s = ctx.scenario.abandonment, ctx.scenario
    if spec is None or not spec.channels:
        return None
    return AbandonmentPolicy(ctx.env, spec, ctx.calendar, s.sla, flow, tickets, ctx.streams)


def _completion_handler(
    team: Team, flow: TicketFlow, portfolio: Portfolio
) -> Callable[[Job], None]:
    def on_done(job: Job) -> None:
        team.completed += 1
        if isinstance(job.item, Task):
            portfolio.task_done(job.item)
        else:
            flow.done(job)

    return on_done
