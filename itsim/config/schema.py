"""The scenario schema: frozen pydantic models, unknown keys rejected.

Every default lives here and nowhere else; docs/assumptions.md gives the source of each.
Times are hours, money is USD, rates carry their period in the name.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from itsim.config.abandon_schema import Abandonment
from itsim.config.impact_schema import Impact
from itsim.config.leadership_schema import Leadership
from itsim.config.ledger_schema import ItCosts
from itsim.config.msp_schema import Msp
from itsim.config.people_schema import People
from itsim.config.supply_schema import Supply
from itsim.config.types import (
    MAX_DAYS,
    PRIORITIES,
    SHARE_TOLERANCE,
    WEEKDAYS,
    Days,
    Dist,
    Employees,
    Headcount,
    Model,
    Multiplier,
    NonNegFloat,
    PositiveCount,
    PositiveDays,
    PositiveFloat,
    Priority,
    Probability,
    RatePerEmployeeMonth,
    RatePerHour,
    Replications,
    Seed,
    SlaClass,
    Weekday,
    at_most,
    check_shares,
    parse_clock,
)

__all__ = [  # the shared types are re-exported: model code reads them from here
    "CLASSES",
    "PRIORITIES",
    "SHARE_TOLERANCE",
    "WEEKDAYS",
    "Dist",
    "Model",
    "NonNegFloat",
    "PositiveFloat",
    "Priority",
    "Probability",
    "Scenario",
    "Weekday",
    "parse_clock",
]

#: Average tasks one project is cut into (each task is a simulated job).
MAX_TASKS_PER_PROJECT = 1000
MAX_PROJECT_CV = 10.0
#: Ticket classes in dispatch order: incidents by priority, then requests, then project tasks.
CLASSES = (*PRIORITIES, "REQ", "TASK")


class Company(Model):
    """The business the department serves."""

    employees: Employees = 1000
    growth_per_year: Annotated[float, Field(ge=-0.5, le=2.0)] = 0.05


def _default_business_days() -> list[Weekday]:
    return ["mon", "tue", "wed", "thu", "fri"]


class Calendar(Model):
    """Business days, hours and holidays; the clock starts on ``start_date`` at 00:00."""

    start_date: dt.date = dt.date(2027, 1, 4)
    business_days: list[Weekday] = Field(default_factory=_default_business_days, min_length=1)
    business_hours: tuple[str, str] = ("08:00", "18:00")
    holidays: list[dt.date] = Field(default_factory=list, max_length=MAX_DAYS)

    @field_validator("start_date")
    @classmethod
    def _monday(cls, value: dt.date) -> dt.date:
        if value.weekday() != 0:
            raise ValueError(f"must be a Monday, got {value:%A} {value}")
        return value

    @field_validator("business_hours")
    @classmethod
    def _hours(cls, value: tuple[str, str]) -> tuple[str, str]:
        opens, closes = (parse_clock(v) for v in value)
        if not 0 <= opens < closes <= 24:
            raise ValueError(f"opening must be before closing, got {value[0]}-{value[1]}")
        return value


class SlaTarget(Model):
    """Response and resolution targets, and the clock they run on."""

    respond_hours: PositiveFloat
    resolve_hours: PositiveFloat
    clock: Literal["24x7", "business"] = "business"


def _default_sla() -> dict[SlaClass, SlaTarget]:
    return {
        "P1": SlaTarget(respond_hours=0.25, resolve_hours=4, clock="24x7"),
        "P2": SlaTarget(respond_hours=1, resolve_hours=8),
        "P3": SlaTarget(respond_hours=4, resolve_hours=30),
        "P4": SlaTarget(respond_hours=10, resolve_hours=50),
        "REQ": SlaTarget(respond_hours=10, resolve_hours=50),
    }


WeekProfile = Literal["office", "flat"] | list[NonNegFloat]


class Rate(Model):
    """An arrival rate: per employee per month, or absolute per hour (exactly one)."""

    per_employee_per_month: RatePerEmployeeMonth | None = None
    per_hour: RatePerHour | None = None
    week_profile: WeekProfile = "office"

    @model_validator(mode="after")
    def _one_rate(self) -> Rate:
        if (self.per_employee_per_month is None) == (self.per_hour is None):
            raise ValueError("give exactly one of per_employee_per_month or per_hour")
        profile = self.week_profile
        if isinstance(profile, list) and (len(profile) != 168 or sum(profile) <= 0):
            raise ValueError("week_profile must be 168 hourly weights, not all zero")
        return self


def _default_mix() -> dict[Priority, float]:
    return {"P1": 0.01, "P2": 0.04, "P3": 0.55, "P4": 0.40}


class IncidentDemand(Rate):
    """Incidents: priority mix and categories (the category picks the tier-2 team)."""

    priority_mix: dict[Priority, float] = Field(default_factory=_default_mix)
    #: when given, the mix of incidents arriving outside business hours (``priority_mix`` is
    #: then the mix inside them): alerts and outages often arrive at night, requests by day
    priority_mix_after_hours: dict[Priority, float] | None = None
    categories: dict[str, float] = Field(
        default_factory=lambda: {
            "hardware": 0.25,
            "software": 0.40,
            "network": 0.15,
            "access": 0.20,
        }
    )

    @field_validator("priority_mix", "categories")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares(value)

    @field_validator("priority_mix_after_hours")
    @classmethod
    def _after_hours_shares(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        return None if value is None else check_shares(value)


class CatalogItem(Model):
    """A service-catalog item: its share of requests and who fulfils it after the desk."""

    share: Probability
    fulfil_team: str | None = None
    fulfil_hours: Dist | None = None

    @model_validator(mode="after")
    def _fulfil(self) -> CatalogItem:
        if (self.fulfil_team is None) != (self.fulfil_hours is None):
            raise ValueError("give both fulfil_team and fulfil_hours, or neither")
        return self


class RequestDemand(Rate):
    """Service requests by catalog item."""

    catalog: dict[str, CatalogItem] = Field(
        default_factory=lambda: {
            "access": CatalogItem(share=0.5),
            "software": CatalogItem(share=0.5),
        }
    )

    @field_validator("catalog")
    @classmethod
    def _shares(cls, value: dict[str, CatalogItem]) -> dict[str, CatalogItem]:
        check_shares({k: item.share for k, item in value.items()})
        return value


class ProjectDemand(Model):
    """Projects from the business-analyst pipeline: intake, effort, value and WIP limit."""

    per_month: Annotated[float, Field(ge=0.0), at_most(1000.0, "each project is simulated")] = 0.0
    effort_hours: Dist = Dist(dist="lognormal", mean=240, cv=1.2)
    task_hours: PositiveFloat = 8.0
    # tasks of one project in queues at once
    max_parallel_tasks: Annotated[int, Field(ge=1), at_most(1000, "tasks in queues")] = 2
    teams: dict[str, float] = Field(default_factory=lambda: {"development": 1.0})
    value_per_week_usd: Dist = Dist(dist="lognormal", mean=2000, cv=1.0)
    wip_limit: PositiveCount | None = None

    @field_validator("teams")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares(value)

    @model_validator(mode="after")
    def _task_count(self) -> ProjectDemand:
        tasks = self.effort_hours.mean / self.task_hours
        if self.effort_hours.cv > MAX_PROJECT_CV:  # the tail would cut one project too finely
            raise ValueError(
                f"effort_hours.cv must be <= {MAX_PROJECT_CV:g}, got {self.effort_hours.cv}"
            )
        if tasks > MAX_TASKS_PER_PROJECT:
            raise ValueError(
                f"effort_hours.mean / task_hours is {tasks:.3g} tasks per project; at most "
                f"{MAX_TASKS_PER_PROJECT} (each task is simulated): raise task_hours"
            )
        return self


class Demand(Model):
    """All demand on the department."""

    incidents: IncidentDemand = IncidentDemand(per_employee_per_month=0.45)
    requests: RequestDemand = RequestDemand(per_employee_per_month=0.55)
    projects: ProjectDemand = ProjectDemand()


class Role(Model):
    """A job role: base salary (USD per year) before loading."""

    salary_usd: PositiveFloat


WorkKey = Annotated[str, Field(pattern=r"^(incident|request|escalation)(\.(P[1-4]|REQ))?$")]


class Team(Model):
    """A team of people who pull work from one shared queue while on shift."""

    role: str
    headcount: Headcount
    shift: Literal["business", "24x7"] = "business"
    productivity: Annotated[float, Field(gt=0.0), at_most(100.0, "a multiple of one person")] = 1.0
    pulls_work: bool = True  # False: on the payroll but takes no tickets (analysts, managers)
    handle_hours: dict[WorkKey, Dist] = Field(default_factory=dict)


PauseKind = Literal["user", "vendor", "other"]


class Pause(Model):
    """Waiting on someone outside the team (the user, a vendor, anything else).

    A paused ticket leaves the person working it, waits ``hours``, then re-enters the queue of
    the same team (see itsim/model/core/pauses.py). ``probability`` is per priority; a priority not
    named is never paused. ``probability_escalated``, when given, replaces it for tickets that
    will be escalated (in real logs escalated tickets wait on others more often).
    """

    probability: dict[Priority, Probability] = Field(default_factory=dict)
    probability_escalated: dict[Priority, Probability] | None = None
    hours: Dist


DelayStage = Literal["desk", "desk_escalated", "tier2"]


class DelayPart(Model):
    """A timer that occupies no one, in two parts, each drawn with its own probability.

    ``office_hours`` run on the business clock (so the nights and weekends they span pass too);
    ``off_hours`` are calendar hours added after them (see itsim/model/core/holding.py).
    """

    probability: Probability = 0.0
    office_hours: Dist | None = None
    off_hours_probability: Probability = 0.0
    off_hours: Dist | None = None

    @model_validator(mode="after")
    def _dists_given(self) -> DelayPart:
        for chance, dist in (
            ("probability", "office_hours"),
            ("off_hours_probability", "off_hours"),
        ):
            if getattr(self, chance) > 0 and getattr(self, dist) is None:
                raise ValueError(f"{chance} > 0 needs {dist}")
        return self


class DelayCase(DelayPart):
    """A delay, with ``after_hours`` in its place when it starts outside office hours."""

    after_hours: DelayPart | None = None


class Delay(DelayCase):
    """A stage's holding or pick-up delay for one priority; ``paused`` replaces it for tickets
    that also wait on someone (drawn at arrival)."""

    paused: DelayCase | None = None


StageDelays = dict[DelayStage, dict[Priority, Delay]]
#: An incident's work a delay class can give its own handle time: first line or tier 2.
ClassWorkKey = Annotated[str, Field(pattern=r"^(incident|escalation)(\.P[1-4])?$")]


#: When an incident arrives, as a delay class's shares may depend on it: the first or second
#: half of the office day, or outside office hours (nights, weekends, holidays).
ArrivalPeriod = Literal["morning", "afternoon", "after_hours"]


class ClassShares(Model):
    """A delay class's share of each priority's incidents, by whether they will be escalated
    and whether they will pause (see :class:`DelayClass`)."""

    share: dict[Priority, Probability] = Field(default_factory=dict)
    share_escalated: dict[Priority, Probability] | None = None
    share_paused: dict[Priority, Probability] | None = None
    share_escalated_paused: dict[Priority, Probability] | None = None


class DelayClass(ClassShares):
    """A kind of ticket handling with its own delays (in a log: one first-line group).

    Each incident draws its class at arrival from ``share`` (per priority), or, when they are
    given, from ``share_escalated`` / ``share_paused`` / ``share_escalated_paused`` for incidents
    that will be escalated, will pause, or both; ``by_arrival`` gives the same tables for
    incidents arriving in the office ``morning``, ``afternoon`` or ``after_hours``, where a
    priority it lists takes precedence. The class's ``holding`` and ``pickup`` then
    replace ``flow.holding`` and ``flow.pickup`` for it. ``handle_hours``, when given, replaces
    the handle-time distribution of the teams that work the class's incidents (``incident`` at
    the first line, ``escalation`` in tier 2, optionally per priority, e.g. ``escalation.P3``),
    at the same quantile of each ticket's effort uniform (see itsim/model/core/tickets.py).
    """

    by_arrival: dict[ArrivalPeriod, ClassShares] = Field(default_factory=dict)
    holding: StageDelays = Field(default_factory=dict)
    pickup: StageDelays = Field(default_factory=dict)
    handle_hours: dict[ClassWorkKey, Dist] = Field(default_factory=dict)  # empty: the teams'


class Flow(Model):
    """How tickets move: desk, first-contact resolution, escalation routing, reopening, dispatch."""

    desk: str = "desk"
    first_contact_resolution: Probability = 0.70
    routing: dict[str, str] = Field(default_factory=dict)
    handoff_hours: NonNegFloat = 0.5
    reopen_probability: Probability = 0.02
    reopen_delay_hours: NonNegFloat = 24.0
    reopen_effort_fraction: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5
    dispatch: Literal["priority", "edf", "fifo"] = "priority"
    preempt_p1: bool = False
    first_contact_resolution_by_priority: dict[Priority, Probability] = Field(default_factory=dict)
    pauses: dict[PauseKind, Pause] = Field(default_factory=dict)  # empty: no ticket pauses
    pause_stops_sla_clock: bool = False
    pause_effort_after_fraction: Probability = 0.5  # share of the stage's effort left for after
    holding: dict[DelayStage, dict[Priority, Delay]] = Field(default_factory=dict)  # empty: none
    pickup: dict[DelayStage, dict[Priority, Delay]] = Field(default_factory=dict)  # empty: none
    delay_classes: dict[str, DelayClass] = Field(default_factory=dict)  # empty: one class


class Scenario(Model):
    """A whole department: what arrives, who works it, how it flows and what it costs."""

    name: str = "scenario"
    description: str = ""
    horizon_days: PositiveDays = 365
    warmup_days: Days = 28
    replications: Replications = 10
    seed: Seed = 20261127
    company: Company = Company()
    calendar: Calendar = Calendar()
    sla: dict[SlaClass, SlaTarget] = Field(default_factory=_default_sla)
    demand: Demand = Demand()
    roles: dict[str, Role]
    loading_factor: Multiplier = 1.46
    teams: dict[str, Team]
    flow: Flow = Flow()
    msp: Msp | None = None
    leadership: Leadership = Field(default_factory=dict)
    it_costs: ItCosts = ItCosts()
    supply: Supply | None = None
    people: People = People()  # shifts, absences, overtime, burnout, attrition, hiring (all off)
    abandonment: Abandonment | None = None  # channels, patience, re-contact, auto-closure
    impact: Impact | None = None  # business impact of open tickets (the value side)
