"""What one replication hands to ``itsim.results``: typed records, one field per wing.

Plain Python objects (no pandas). Rows are named tuples or slotted dataclasses, so a renamed
column is a type error rather than a silently wrong table. A wing that is off leaves its field
None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from itsim.config.schema import Scenario
from itsim.model.core.calendar import Calendar
from itsim.model.core.event_log import EventRow
from itsim.model.core.hour_of_week import HourOfWeekRow
from itsim.model.core.ledger import CostRow
from itsim.model.core.monitor import TeamDay
from itsim.model.core.ticket_columns import TicketRecords
from itsim.model.core.units import HOURS_PER_DAY
from itsim.model.core.work import Project, Ticket
from itsim.model.opmodels.records import OperatingRecords
from itsim.model.people.records import PeopleRecords
from itsim.model.supply.records import SupplyRecords


@dataclass(frozen=True)
class FlowCounts:
    """The flow's own counters, kept apart from the tickets for conservation checks."""

    arrived: int
    resolved: int
    in_system_end: int
    deflected: int
    abandoned: int = 0  # tickets whose user gave up before first touch (core/abandonment.py)
    lost_demand: int = 0  # needs given up for good
    recontacts_created: int = 0  # tickets created by users coming back


@dataclass
class ModelOutput:
    """Everything one replication produced."""

    scenario: Scenario
    seed: int
    rep: int
    calendar: Calendar
    ticket_records: TicketRecords
    projects: list[Project]
    team_days: list[TeamDay]
    cost_rows: list[CostRow]
    wip_area_window: float  # ticket-hours in the system after warm-up
    flow: FlowCounts
    team_hour_of_week: list[HourOfWeekRow] = field(default_factory=list)
    operating: OperatingRecords | None = None
    people: PeopleRecords | None = None
    supply: SupplyRecords | None = None
    #: Business impact of the do-nothing reference by day (USD), when the impact block asks.
    impact_reference_days: list[float] | None = None
    #: One row per ticket event (core/event_log.py), only when the run asks for it.
    event_log: list[EventRow] | None = None
    #: The ticket objects, when the run kept every ticket in hand (see build.py).
    ticket_list: list[Ticket] | None = None

    @property
    def tickets(self) -> list[Ticket]:
        """Every ticket as an object (made from the records when the run kept columns)."""
        if self.ticket_list is None:
            self.ticket_list = self.ticket_records.tickets()
        return self.ticket_list

    @property
    def horizon_hours(self) -> float:
        """Length of the run (hours)."""
        return self.scenario.horizon_days * HOURS_PER_DAY

    @property
    def warmup_hours(self) -> float:
        """Start of the measured window (hours)."""
        return self.scenario.warmup_days * HOURS_PER_DAY
