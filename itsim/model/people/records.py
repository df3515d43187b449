"""The people wing's records: one row per person and day, one per team and day."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from itsim.model.core.columns import Columns


class StaffDay(NamedTuple):
    """One person on one day: status, hours, energy and whether they were burned out."""

    person: str
    team: str
    role: str
    day: int
    status: str  # working | ramping | training | pto | sick | off | left
    hours_worked: float
    overtime_hours: float
    callout_hours: float
    busy_hours: float
    available_hours: float
    energy: float
    productivity: float
    burned_out: bool


class HeadcountDay(NamedTuple):
    """One ticket-pulling team on one day: heads, seats, vacancies and moves."""

    team: str
    day: int
    headcount: int
    establishment: int
    vacancies: int
    open_requisitions: int
    hires: int
    departures: int


#: Columns of a staff-day row, in order.
STAFF_DAY_FIELDS = StaffDay._fields
#: Columns of a team-day headcount row, in order.
HEADCOUNT_DAY_FIELDS = HeadcountDay._fields


@dataclass(frozen=True)
class PeopleRecords:
    """What the people wing hands to the results layer."""

    staff_days: Columns[StaffDay] = field(default_factory=lambda: Columns(StaffDay))
    headcount_days: list[HeadcountDay] = field(default_factory=list)
