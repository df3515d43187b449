"""Units of work: tickets, projects and the jobs that sit in team queues.

Plain slotted dataclasses with no behaviour. A ticket's random attributes (priority, category,
effort per stage, the uniforms that decide first-contact resolution and reopening) are fixed when it
is drawn, before the run starts, so every staffing arm sees the same tickets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TicketKind = Literal["incident", "request"]
Priority = Literal["P1", "P2", "P3", "P4", "REQ"]
#: A job's stage: a ticket's first stage, its onward stage, a reopening, the rest of a paused
#: stage, or a project task.
Stage = Literal["desk", "tier2", "reopen", "resume", "task"]

#: Dispatch rank of each ticket class (lower is served first).
RANK = {"P1": 0, "P2": 1, "P3": 2, "P4": 3, "REQ": 4, "TASK": 5}
NOT_YET = float("nan")


@dataclass(slots=True, eq=False)
class Ticket:
    """An incident or a service request, from arrival to final resolution."""

    id: int
    kind: TicketKind
    priority: Priority
    category: str  # incident category or catalog item
    created: float  # hours
    respond_deadline: float
    resolve_deadline: float
    desk_hours: float  # standard effort at the desk
    tier2_team: str | None  # routed tier-2 team (incidents) or fulfilment team (requests)
    tier2_hours: float
    fcr_u: float  # resolved at first contact when fcr_u < first-contact-resolution probability
    reopen_u: float  # reopened when reopen_u < reopen probability
    responded: float = NOT_YET
    resolved: float = NOT_YET
    first_resolved: float = NOT_YET  # set when a resolution is reopened: the first one
    resolver: str = ""
    escalations: int = 0
    reopened: int = 0
    last_team: str = ""
    last_hours: float = 0.0
    deflected: bool = False
    goes_on: bool = False  # past the first stage? decided at arrival (core/routing.py)
    pause_hours: float = 0.0  # user/vendor/other wait to come (core/pauses.py)
    pause_effort_hours: float = 0.0  # effort of the resolving stage left for after the pause
    user_pause_hours: float = 0.0  # the part of pause_hours spent waiting on the user
    channel: str = ""  # how the user reached the desk (abandonment block only)
    need: int = -1  # id of the first ticket of the same need (-1: this is the first)
    contact: int = 0  # 0 for the first contact, 1 for the first re-contact...
    abandoned: float = NOT_YET  # when the user gave up waiting for first touch
    live: bool = False  # on the line (phone, chat): answered before written tickets of its class

    @property
    def rank(self) -> int:
        """Dispatch rank (0 = P1)."""
        return RANK[self.priority]

    @property
    def need_id(self) -> int:
        """Id of the need this ticket serves: its first ticket's id (a re-contact shares it)."""
        return self.id if self.need < 0 else self.need


@dataclass(slots=True, eq=False)
class Project:
    """A project from intake to delivery; its effort is split into tasks per team."""

    id: int
    arrived: float
    effort_hours: float
    value_per_week_usd: float
    started: float = NOT_YET
    finished: float = NOT_YET
    tasks_left: int = 0
    rejected: bool = False  # turned away at intake by demand management


@dataclass(slots=True, eq=False)
class Task:
    """A slice of a project's effort for one team."""

    project: Project
    team: str
    hours: float


@dataclass(slots=True, eq=False)
class Job:
    """An entry in a team queue: a ticket stage or a project task, with effort still to do.

    ``key`` orders the queue: (rank, arrival order) for priority dispatch, or
    (is-project-task, resolve deadline, arrival order) for earliest-deadline-first.
    """

    item: Ticket | Task
    stage: Stage
    effort_hours: float
    rank: int
    key: tuple[float, ...] = field(default=())
    quality: float = 1.0  # reopen-probability multiplier of the person who finished it
    queued: bool = False  # in a queue's heap (False once popped or withdrawn)
