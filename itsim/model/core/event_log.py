"""The event log: one row per thing that happens to a ticket, in the form animation tools read.

Scenario: a ticket arrives, waits in a team's queue, is worked by one person of the team (perhaps
in several slices, when a shift ends or a P1 interrupts), moves on to a tier-2 team, and departs
when it is resolved. Each of these is a row (entity, event type, event, resource, time in hours):
``arrival``/``depart`` (type ``arrival_departure``), ``<team>_wait`` (``queue``),
``<team>_begin`` (``resource_use``) and ``<team>_end`` (``resource_use_end``), the names and
types vidigi animates (Sammy Mustafa et al., vidigi; HSMA). The resource is the person's number
in the team (``desk.3`` → 3).

The log is recorded only when asked for: two list-valued extension points of the core
(``Team.queued_hooks``, ``Team.work_hooks``) carry it, and arrival and departure rows are read
off the tickets at the end of the run. Project tasks are not logged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from itsim.model.core.people import EPSILON_HOURS, Person
from itsim.model.core.teams import Team
from itsim.model.core.work import Job, Ticket

#: One row: (entity id, event type, event, resource id or 0, time in hours, order within time).
EventRow = tuple[int, str, str, int, float, int]
EVENT_LOG_FIELDS = ("entity_id", "event_type", "event", "resource_id", "time", "order")
# rows at the same instant keep the order of a ticket's life: arrive, end (of a slice), wait,
# begin, depart
_ARRIVE, _END, _WAIT, _BEGIN, _DEPART = range(5)


def resource_number(person: Person) -> int:
    """The person's number in the team (``desk.3`` → 3): vidigi's 1-based resource id."""
    _, _, number = person.name.rpartition(".")
    return int(number) if number.isdigit() else 0


class EventLog:
    """Collects queue and work rows from the teams while the model runs."""

    def __init__(self, teams: Iterable[Team]) -> None:
        self.rows: list[EventRow] = []
        self._teams = list(teams)  # build.py adds on_queued/on_worked to each team's hooks

    def on_queued(self, team: str) -> Callable[[Job, float], None]:
        """The queue hook of ``team``: a waiting row per ticket job joining its queue."""
        wait = f"{team}_wait"

        def on_queued(job: Job, now: float) -> None:
            if isinstance(job.item, Ticket):
                self.rows.append((job.item.id, "queue", wait, 0, now, _WAIT))

        return on_queued

    def on_worked(self, team: str) -> Callable[[Person, Job, float, float], None]:
        """The work hook of ``team``: begin and end rows per slice of work on a ticket."""
        begin, end, wait = f"{team}_begin", f"{team}_end", f"{team}_wait"

        def on_worked(person: Person, job: Job, start: float, stop: float) -> None:
            if isinstance(job.item, Ticket):
                number = resource_number(person)
                self.rows.append((job.item.id, "resource_use", begin, number, start, _BEGIN))
                self.rows.append((job.item.id, "resource_use_end", end, number, stop, _END))
                if job.effort_hours > EPSILON_HOURS:  # unfinished: back in the queue
                    self.rows.append((job.item.id, "queue", wait, 0, stop, _WAIT))

        return on_worked

    def close(self, tickets: Iterable[Ticket]) -> list[EventRow]:
        """Every row, with arrivals, departures and work still in hand at the horizon."""
        rows = list(self.rows)
        for team in self._teams:
            for person in team.people:
                job = person.job
                if job is not None and isinstance(job.item, Ticket):
                    rows.append((job.item.id, "resource_use", f"{team.name}_begin",
                                 resource_number(person), person.busy_since, _BEGIN))  # fmt: skip
        for ticket in tickets:
            rows.append((ticket.id, "arrival_departure", "arrival", 0, ticket.created, _ARRIVE))
            gone = ticket.created if ticket.deflected else ticket.resolved
            if not math.isnan(ticket.abandoned):  # the user gave up waiting
                gone = ticket.abandoned
            if not math.isnan(gone):
                rows.append((ticket.id, "arrival_departure", "depart", 0, gone, _DEPART))
        rows.sort(key=lambda row: (row[4], row[5], row[0]))
        return rows
