"""The ``people`` block of a scenario: shifts, time off, overtime, energy, attrition, hiring.

Every default switches its feature off, so a scenario without a ``people`` block (or with the
block at its defaults) runs exactly the core model. docs/model/people.md gives the equations;
docs/assumptions.md the source or estimate mark of each value used in the bundled scenarios.
Per-team settings (shift pattern, on-call) are keyed by team name under ``shifts``/``on_call``;
per-role settings (turnover, time to fill, ramp-up, costs) by role name under ``roles``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from itsim.config.types import (
    MIN_STEP_HOURS,
    WEEKDAYS,
    Days,
    Dist,
    Headcount,
    Model,
    Multiplier,
    NonNegFloat,
    PositiveDays,
    PositiveFloat,
    Probability,
    StaffCount,
    Weekday,
    at_most,
    parse_clock,
)

Window = tuple[str, str]
BlockDays = Annotated[int, Field(ge=1, le=30)]


def _default_windows() -> list[Window]:
    return [("08:00", "16:00"), ("10:00", "18:00")]


class ShiftPattern(Model):
    """How one team's people are rostered.

    ``team`` keeps the team's own ``shift`` (business hours, or a 24x7 seat); ``staggered`` puts
    person *i* on ``windows[i mod n]`` every business day; ``rotation`` covers 24x7 with crews of
    ``shift_hours`` (person *i* in crew *i mod 24/shift_hours*) working ``days_on_per_week`` days
    of every week, days off staggered by person.

    ``days`` gives a ``team`` or ``staggered`` roster its own weekdays, independent of the
    calendar's business days (which keep driving the SLA clocks): a 7-day desk roster with a
    Mon-Fri SLA clock. A person then works ``days_on_per_week`` of those days, days off
    staggered by person, and ``work_holidays`` says whether the roster runs on holidays.
    """

    pattern: Literal["team", "staggered", "rotation"] = "team"
    windows: list[Window] = Field(default_factory=_default_windows, max_length=24)
    shift_hours: Literal[6, 8, 12] = 8
    days_on_per_week: Annotated[int, Field(ge=1, le=7)] = 5
    days: list[Weekday] | None = None  # None: the calendar's business days
    work_holidays: bool = False  # with ``days``: whether the roster runs on holidays

    @field_validator("windows")
    @classmethod
    def _windows(cls, value: list[Window]) -> list[Window]:
        if not value:
            raise ValueError("give at least one window")
        for start, end in value:
            if not parse_clock(start) < parse_clock(end):
                raise ValueError(f"window start must be before its end, got {start}-{end}")
        return value

    @field_validator("days")
    @classmethod
    def _days(cls, value: list[Weekday] | None) -> list[Weekday] | None:
        if value is None:
            return None
        if not value or len(set(value)) != len(value):
            raise ValueError("give each roster weekday once")
        return sorted(value, key=WEEKDAYS.index)

    @model_validator(mode="after")
    def _days_pattern(self) -> ShiftPattern:
        if self.days is not None and self.pattern == "rotation":
            raise ValueError("days applies to 'team' and 'staggered' rosters (rotation is 24x7)")
        return self


class OnCall(Model):
    """On-call cover for P1s outside a team's shifts: one person a week, rotating.

    Pay has two parts (docs/model/people.md §On-call): call-outs, paid at ``paid_rate`` × the
    hourly loaded cost for the hours worked, at least ``min_callout_hours`` per call-out; and a
    standby allowance for being on call at all, either a flat ``standby_usd_per_week`` per rota
    or ``standby_fraction_of_hourly`` × the on-call person's hourly loaded cost per standby hour
    (an hour on call outside their shift).
    """

    min_callout_hours: NonNegFloat = 1.0  # minimum paid (and worked) hours per call-out
    max_callout_hours: PositiveFloat = 4.0
    paid_rate: NonNegFloat = 1.5  # multiple of the hourly loaded cost paid for call-out hours
    standby_usd_per_week: NonNegFloat = 0.0  # flat allowance per week of the rota
    standby_fraction_of_hourly: NonNegFloat = 0.0  # per standby hour, x hourly loaded cost

    @model_validator(mode="after")
    def _one_standby(self) -> OnCall:
        if self.standby_usd_per_week > 0 and self.standby_fraction_of_hourly > 0:
            raise ValueError("give standby_usd_per_week or standby_fraction_of_hourly, not both")
        return self


class TimeOff(Model):
    """Planned and unplanned time away, and the share of a shift that is not ticket work."""

    pto_days_per_year: Annotated[float, Field(ge=0, le=60)] = 0.0
    pto_block_days: BlockDays = 5
    training_days_per_year: Annotated[float, Field(ge=0, le=60)] = 0.0
    unplanned_absence_per_day: Annotated[float, Field(ge=0, le=0.5)] = 0.0
    shrinkage: Annotated[float, Field(ge=0, lt=0.8)] = 0.0


class Overtime(Model):
    """Stay past shift end while the team backlog is high, up to a work limit."""

    enabled: bool = False
    backlog_per_person: NonNegFloat = 3.0  # queued jobs per team member that trigger overtime
    max_hours_per_day: PositiveFloat = 10.0
    max_hours_per_week: PositiveFloat = 50.0
    # overtime is granted (and re-checked) in steps of this; every step is a simulated event
    step_hours: Annotated[float, Field(ge=MIN_STEP_HOURS), at_most(24.0, "one day")] = 0.5


class Energy(Model):
    """Daily energy (0..1) per person and its effects (docs/model/people.md §Energy).

    Energy is tracked whenever the people block is active; ``effects`` switches on what it does
    (productivity, errors, sick days, quitting).
    """

    effects: bool = False
    initial: Probability = 0.8
    contract_hours_per_day: PositiveFloat = 8.0
    occupancy_threshold: Probability = 0.85
    occupancy_memory_days: Annotated[float, Field(ge=1), at_most(3650.0, "ten years")] = 10.0
    hours_drain_per_day: NonNegFloat = 0.03
    occupancy_drain_per_day: NonNegFloat = 0.16
    recovery_per_day: NonNegFloat = 0.01
    overtime_recovery_factor: Probability = 0.3
    job_resources: Probability = 0.8
    resource_drain_per_day: NonNegFloat = 0.002
    burnout_threshold: Probability = 0.3
    full_productivity_energy: Probability = 0.6
    min_productivity: Annotated[float, Field(gt=0, le=1)] = 0.5
    error_multiplier_burned_out: Multiplier = 2.0
    sick_multiplier_burned_out: Multiplier = 1.63
    quit_multiplier_burned_out: Multiplier = 2.6


class RolePeople(Model):
    """Per-role HR figures: turnover, hiring and ramp-up, overtime pay."""

    annual_turnover: Annotated[float, Field(ge=0, lt=1)] = 0.0
    time_to_fill_days: Dist = Dist(dist="lognormal", mean=42, cv=0.5)
    cost_per_hire_usd: NonNegFloat = 4500.0
    turnover_cost_fraction: NonNegFloat = 0.21
    ramp_months: NonNegFloat = 0.0
    ramp_start_productivity: Annotated[float, Field(gt=0, le=1)] = 0.3
    mentor_tax: Annotated[float, Field(ge=0, lt=1)] = 0.15
    mentor_months: NonNegFloat = 2.0
    overtime_paid: bool = False
    overtime_rate: NonNegFloat = 1.5


class PlannedHire(Model):
    """``count`` people join ``team`` on day ``day`` (0-based), ramping up from then."""

    team: str
    count: StaffCount = 1
    day: Days = 0


class CapacityTrigger(Model):
    """Open a requisition when trailing utilisation or burnout passes a threshold."""

    utilisation: Probability = 0.85
    share_burned_out: Probability = 0.25
    trailing_days: PositiveDays = 28
    review_every_days: PositiveDays = 7
    max_extra_headcount: Headcount = 2


class Hiring(Model):
    """Who gets hired when.

    ``planned`` hires always happen; ``policy`` adds reactive requisitions: ``backfill`` one per
    departure, ``capacity`` when a ``capacity`` trigger fires, ``none``/``planned`` none.
    """

    policy: Literal["none", "backfill", "planned", "capacity"] = "none"
    planned: list[PlannedHire] = Field(default_factory=list, max_length=1000)
    capacity: CapacityTrigger = CapacityTrigger()


class People(Model):
    """The HR side of the department; every default is off."""

    shifts: dict[str, ShiftPattern] = Field(default_factory=dict)
    on_call: dict[str, OnCall] = Field(default_factory=dict)
    time_off: TimeOff = TimeOff()
    overtime: Overtime = Overtime()
    energy: Energy = Energy()
    roles: dict[str, RolePeople] = Field(default_factory=dict)
    hiring: Hiring = Hiring()
    record_staff_daily: bool = False  # track people (staff_daily table) even with features off

    @model_validator(mode="after")
    def _limits(self) -> People:
        ot = self.overtime
        if ot.max_hours_per_week < ot.max_hours_per_day:
            raise ValueError("overtime.max_hours_per_week must be >= max_hours_per_day")
        return self

    @property
    def active(self) -> bool:
        """Whether any people feature is on (otherwise the core model runs untouched)."""
        t = self.time_off
        return bool(
            self.record_staff_daily
            or any(s.pattern != "team" for s in self.shifts.values())
            or self.on_call
            or t.pto_days_per_year or t.training_days_per_year
            or t.unplanned_absence_per_day or t.shrinkage
            or self.overtime.enabled
            or self.energy.effects
            or any(r.annual_turnover > 0 for r in self.roles.values())
            or self.hiring.policy != "none"
            or self.hiring.planned
        )  # fmt: skip
