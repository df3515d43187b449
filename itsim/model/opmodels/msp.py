"""The managed service provider: which tickets it takes, its own agents, and its quality.

Scenario: the provider has its own agents, a team named ``msp`` on a 24x7 shift by default,
built with the same Team and Person machinery as our teams. Depending on its scope it takes a
new ticket when our desk's expected wait passes a threshold (``overflow``), when our desk is
closed (``after_hours``), always (``tier1``), or always and for tier 2 too (``full``). It works a
ticket for the ticket's own desk effort times its ``handle_time_factor``, and resolves an incident
at first contact when the ticket's arrival uniform is below its FCR; otherwise it hands the
ticket back, after a hand-off delay, to our tier-2 team for the category (in ``full`` scope, to
its own agents). In its first months it does not know our estate: a knowledge penalty p(t) that
fades linearly to zero over ``penalty_fade_months`` multiplies FCR by (1 - p(t)) and handle time
by (1 + p(t)). Money is in :mod:`itsim.model.opmodels.msp_billing`.
"""

from __future__ import annotations

import math

import simpy

from itsim.config.msp_schema import Msp
from itsim.config.schema import Team as TeamSpec
from itsim.model.core.calendar import Calendar
from itsim.model.core.routing import Onward
from itsim.model.core.teams import Team
from itsim.model.core.units import HOURS_PER_MONTH
from itsim.model.core.work import Ticket
from itsim.model.opmodels.msp_billing import MspBilling

TEAM_NAME = "msp"
#: Role name of the provider's agents (they are not on our payroll: no staff cost).
ROLE = "msp_agent"


def knowledge_penalty(spec: Msp, now_hours: float) -> float:
    """The provider's knowledge gap at ``now_hours``: linear fade from its initial value to 0."""
    quality = spec.quality
    if quality.penalty_fade_months <= 0:
        return 0.0
    left = 1.0 - now_hours / HOURS_PER_MONTH / quality.penalty_fade_months
    return quality.knowledge_penalty * max(0.0, left)


def expected_wait_hours(team: Team, now: float) -> float:
    """A team's expected wait for a new job: hours until it opens plus queued work per person.

    An estimate from the queue's state (deterministic, so arms stay comparable); a person waiting
    for work means no wait while the team is open.
    """
    people = len(team.people)
    if people == 0:
        return math.inf
    start, _end = team.shift(now)
    if start <= now and team.queue.idle_waiting:
        return 0.0
    queued_hours = sum(job.effort_hours for job in team.queue.jobs())
    return max(0.0, start - now) + queued_hours / people


class MspProvider:
    """The provider's team, scope decision and quality for one replication.

    Parameters
    ----------
    env : simpy.Environment
    spec : Msp
        The ``msp:`` block.
    calendar : Calendar
        Our business hours (after-hours scope and billing).
    desk : Team
        Our first-line team, whose wait triggers overflow.
    billing : MspBilling
        The provider's invoice.
    """

    def __init__(
        self, env: simpy.Environment, spec: Msp, calendar: Calendar, desk: Team, billing: MspBilling
    ) -> None:
        self.spec = spec
        self.calendar = calendar
        self.desk = desk
        self.billing = billing
        capacity = spec.capacity
        team_spec = TeamSpec(role=ROLE, headcount=capacity.agents, shift=capacity.shift)
        self.team = Team(env, TEAM_NAME, team_spec, calendar)

    @property
    def full_scope(self) -> bool:
        """Whether the provider also works tier 2."""
        return self.spec.mode == "full"

    def takes(self, now: float) -> bool:
        """Whether the provider takes a ticket arriving at ``now``."""
        mode = self.spec.mode
        if mode in ("tier1", "full"):
            return True
        if mode == "after_hours":
            return self.desk.shift(now)[0] > now
        queue_jobs, wait_hours = self.spec.overflow_queue_jobs, self.spec.overflow_wait_hours
        if queue_jobs is not None and len(self.desk.queue) >= queue_jobs:
            return True
        return wait_hours is not None and expected_wait_hours(self.desk, now) >= wait_hours

    def take(self, ticket: Ticket, now: float) -> Team:
        """Take a ticket: set its effort at the provider, bill it, return the provider's team."""
        factor = self.spec.capacity.handle_time_factor * (1.0 + knowledge_penalty(self.spec, now))
        ticket.desk_hours *= factor
        after_hours = self.calendar.next_open(now) > now
        self.billing.charge(ticket, now, ticket.desk_hours, after_hours)
        return self.team

    def first_contact_resolution(self, now: float) -> float:
        """The provider's FCR at ``now``, lowered by its knowledge gap."""
        return self.spec.quality.first_contact_resolution * (
            1.0 - knowledge_penalty(self.spec, now)
        )

    def onward(
        self, ticket: Ticket, now: float, teams: dict[str, Team], handoff_hours: float
    ) -> Onward:
        """Where a ticket the provider did not resolve at first contact goes next.

        ``handoff_hours`` is our own internal hand-off delay, used when the provider passes a
        ticket to its own tier 2 in ``full`` scope.
        """
        assert ticket.tier2_team is not None
        if self.full_scope:
            factor = self.spec.capacity.handle_time_factor * (
                1.0 + knowledge_penalty(self.spec, now)
            )
            ticket.tier2_hours *= factor
            after_hours = self.calendar.next_open(now) > now
            self.billing.charge_hours(now, ticket.tier2_hours, after_hours)
            return Onward(self.team, handoff_hours)
        return Onward(teams[ticket.tier2_team], self.spec.quality.handoff_hours)
