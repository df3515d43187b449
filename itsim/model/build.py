"""Wiring only: build the model of one replication, run it, return plain records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import simpy

from itsim.config.schema import Scenario
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
from itsim.model.core.teams import Team
from itsim.model.core.tickets import draw_tickets
from itsim.model.core.work import Job, Project, Task, Ticket
from itsim.model.opmodels.hr_levers import HrLevers
from itsim.model.opmodels.impact import BusinessImpact
from itsim.model.opmodels.operating import attach_operating_model
from itsim.model.people.workforce import install_workforce
from itsim.model.supply.plan import SupplyPlan, plan_supply
from itsim.model.supply.stockroom import start_supply

HOURS_PER_DAY = 24.0


@dataclass
class ModelOutput:
    """Everything one replication produced, as plain Python objects (no pandas here)."""

    scenario: Scenario
    seed: int
    rep: int
    calendar: Calendar
    tickets: list[Ticket]
    projects: list[Project]
    team_days: list[tuple[Any, ...]]
    cost_rows: list[tuple[int, str, str, float]]
    wip_area_window: float  # ticket-hours in the system after warm-up
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def horizon_hours(self) -> float:
        """Length of the run (hours)."""
        return self.scenario.horizon_days * HOURS_PER_DAY

    @property
    def warmup_hours(self) -> float:
        """Start of the measured window (hours)."""
        return self.scenario.warmup_days * HOURS_PER_DAY


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
    tickets = draw_tickets(scenario, cal, streams)
    plan = None
    if scenario.supply is not None:
        tickets, plan = plan_supply(scenario, cal, streams, tickets)
    projects = draw_projects(scenario.demand.projects, scenario.horizon_days, streams)
    return run_model(
        scenario, cal, tickets, projects, seed, rep, supply_plan=plan, event_log=event_log
    )


def run_model(
    scenario: Scenario,
    cal: Calendar,
    tickets: list[Ticket],
    projects: list[Project],
    seed: int = 0,
    rep: int = 0,
    supply_plan: SupplyPlan | None = None,
    event_log: bool = False,
) -> ModelOutput:
    """Build the model around given tickets and projects, run it to the horizon."""
    env = simpy.Environment()
    teams = build_teams(env, scenario, cal)
    flow = TicketFlow(env, scenario.flow, teams)
    if scenario.flow.pauses:
        flow.pauses = PausePolicy(scenario.flow, cal, scenario.sla, _auto_close_days(scenario))
    abandonment = _install_abandonment(env, scenario, cal, flow, tickets, seed, rep)
    spec = scenario.flow
    if spec.pickup or spec.holding or spec.delay_classes:
        flow.delays = DelayPolicy(scenario.flow, cal, RandomStreams(seed, rep), tickets)
    portfolio = Portfolio(env, scenario.demand.projects, teams)
    _wire_completions(teams, flow, portfolio)
    log = EventLog(teams.values()) if event_log else None
    ledger = CostLedger()
    loaded = {
        name: loaded_annual_usd(scenario.roles[t.role].salary_usd, scenario.loading_factor)
        for name, t in scenario.teams.items()
    }
    monitor = DailyMonitor(env, teams, ledger, loaded, flow.wip, scenario.warmup_days)
    op = attach_operating_model(env, scenario, cal, flow, ledger, tickets, RandomStreams(seed, rep))
    env.process(flow.feed(tickets))
    env.process(
        portfolio.feed(projects if op is None else op.start_projects(env, portfolio, projects))
    )
    env.process(monitor.run(scenario.horizon_days))
    supply = None
    if scenario.supply is not None:
        plan = supply_plan if supply_plan is not None else SupplyPlan()
        supply = start_supply(env, scenario, plan, cal, ledger, flow, RandomStreams(seed, rep))
    advice = HrLevers(op.levers) if op is not None else None
    workforce = install_workforce(env, scenario, cal, teams, ledger, seed, rep, advice)
    weekly = HourOfWeekMonitor(env, teams, scenario.warmup_days)
    env.process(weekly.run(scenario.horizon_days))
    horizon = scenario.horizon_days * HOURS_PER_DAY
    env.run(until=horizon)
    monitor.close(scenario.horizon_days)
    op_extra = op.close(horizon) if op is not None else {}
    lost_extra = abandonment.close() if abandonment is not None else {"abandoned": 0}
    if abandonment is not None:
        tickets = tickets + abandonment.recontacts
    if scenario.impact is not None:
        impact = BusinessImpact(
            scenario.impact, cal, scenario.horizon_days, RandomStreams(seed, rep)
        )
        op_extra |= impact.post(tickets, ledger)  # after the run: it prices what happened
    out = ModelOutput(
        scenario, seed, rep, cal, tickets, projects, monitor.rows, ledger.rows(),
        flow.wip.area_until(horizon) - monitor.wip_area_at_warmup,
        extra={"arrived": flow.arrived, "resolved": flow.resolved,
               "in_system_end": flow.wip.in_system, "deflected": flow.deflected, **op_extra,
               **lost_extra,
               "staff_days": workforce.rows if workforce else [],
               "headcount_days": workforce.team_rows if workforce else [],
               "team_hour_of_week": weekly.rows()},
    )  # fmt: skip
    if supply is not None:
        out.extra["supply"] = supply
    if log is not None:
        out.extra["event_log"] = log.close(tickets)
    return out


def _auto_close_days(scenario: Scenario) -> float | None:
    lost = scenario.abandonment
    return lost.auto_close_awaiting_user_business_days if lost is not None else None


def _install_abandonment(
    env: simpy.Environment, scenario: Scenario, cal: Calendar, flow: TicketFlow,
    tickets: list[Ticket], seed: int, rep: int,
) -> AbandonmentPolicy | None:  # fmt: skip
    """Users' patience and re-contacts, when the scenario names channels."""
    spec = scenario.abandonment
    if spec is None or not spec.channels:
        return None
    streams = RandomStreams(seed, rep)
    return AbandonmentPolicy(env, spec, cal, scenario.sla, flow, tickets, streams)


def _wire_completions(teams: dict[str, Team], flow: TicketFlow, portfolio: Portfolio) -> None:
    for team in teams.values():
        team.on_done = _completion_handler(team, flow, portfolio)


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
