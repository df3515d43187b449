"""The hiring pipeline: requisitions, time to fill, and the ramp-up of new hires.

Scenario: planned hires join on their date. Under ``backfill`` each departure opens a
requisition; under ``capacity`` a weekly review opens one for a team whose trailing utilisation
or share of burned-out people passes a threshold, up to a cap above its starting headcount. A
requisition is filled after a time to fill drawn per role from the team's own stream; the seat
is empty (a vacancy, no salary) until then. A new hire ramps up linearly from
``ramp_start_productivity`` to 1 over ``ramp_months``, and during the first ``mentor_months``
one experienced colleague loses ``mentor_tax`` of their productivity to mentoring.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

from itsim.config.people_schema import Hiring, PlannedHire, RolePeople
from itsim.model.core.distributions import quantile
from itsim.model.core.streams import RandomStreams
from itsim.model.core.units import DAYS_PER_MONTH


class HiringAdvice(Protocol):
    """What another wing may change in hiring and ramp-up (leadership levers implement it).

    The people wing declares this and never imports its implementation: ``build.py`` passes
    one in (``itsim.model.opmodels.hr_levers.HrLevers``) when leaders run such levers.
    """

    def policy(self, day: int, own: str) -> str:
        """Hiring policy in force on ``day`` given the scenario's ``own``."""

    def max_extra_headcount(self, day: int, own: str, cap: int) -> int:
        """Seats above the starting headcount the capacity policy may add on ``day``."""

    def ramp_months_factor(self, day: int) -> float:
        """Multiplier of ``ramp_months`` for a person joining on ``day``."""


def ramp_factor(tenure_days: float, role: RolePeople, ramp_scale: float = 1.0) -> float:
    """Share of full productivity of a person ``tenure_days`` after joining.

    ``ramp_scale`` multiplies the role's ``ramp_months`` (below 1 under knowledge management).
    """
    ramp_days = role.ramp_months * ramp_scale * DAYS_PER_MONTH
    if ramp_days <= 0 or tenure_days >= ramp_days:
        return 1.0
    start = role.ramp_start_productivity
    return start + (1.0 - start) * max(tenure_days, 0.0) / ramp_days


def needs_mentor(tenure_days: float, role: RolePeople) -> bool:
    """Whether a new hire still takes a share of a senior colleague's time."""
    return role.mentor_tax > 0 and 0 <= tenure_days < role.mentor_months * DAYS_PER_MONTH


@dataclass
class Requisition:
    """An open seat in ``team``, to be filled on ``fill_day``."""

    team: str
    opened_day: int
    fill_day: int
    reason: str  # "backfill" | "capacity" | "planned"


@dataclass
class Pipeline:
    """Open requisitions and the hiring decisions of one replication.

    Parameters
    ----------
    spec : Hiring
        Policy, planned hires and capacity trigger.
    roles : dict[str, RolePeople]
        HR figures of each team's role, keyed by team name.
    streams : RandomStreams
        Source of the ``people.hiring.<team>`` streams.
    levers : HiringAdvice or None
        Advice that may switch the policy to ``capacity`` (leadership's capacity planning).
    """

    spec: Hiring
    roles: dict[str, RolePeople]
    streams: RandomStreams
    levers: HiringAdvice | None = None
    open: list[Requisition] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)  # seats added by the capacity policy

    def policy(self, day: int) -> str:
        """The hiring policy in force on ``day`` (the scenario's, unless a lever changes it)."""
        own = self.spec.policy
        return own if self.levers is None else self.levers.policy(day, own)

    def planned_on(self, day: int) -> list[PlannedHire]:
        """Planned hires joining on ``day``."""
        return [h for h in self.spec.planned if h.day == day]

    def on_departure(self, team: str, day: int) -> None:
        """A person left ``team``: open a requisition under the backfill policy."""
        if self.policy(day) == "backfill":
            self._open(team, day, "backfill")

    def review(self, team: str, day: int, base_headcount: int, headcount: int,
               utilisation: float, share_burned_out: float) -> bool:  # fmt: skip
        """Capacity policy: open a requisition when a trigger fires and the cap allows it."""
        trigger = self.spec.capacity
        if self.policy(day) != "capacity":
            return False
        pending = sum(r.team == team for r in self.open)
        # hires on the way will share the load: judge both signals as if they had joined, so a
        # trailing signal that lags the time to fill does not open a requisition every week
        joined = headcount / (headcount + pending) if headcount + pending > 0 else 1.0
        fired = (utilisation * joined > trigger.utilisation
                 or share_burned_out * joined > trigger.share_burned_out)  # fmt: skip
        cap = trigger.max_extra_headcount
        if self.levers is not None:
            cap = self.levers.max_extra_headcount(day, self.spec.policy, cap)
        if not fired or headcount + pending >= base_headcount + cap:
            return False
        # the establishment grows to the largest team this plan has asked for; a requisition
        # that refills a seat vacated since an earlier one adds no seat
        self.extra[team] = max(self.extra.get(team, 0), headcount + pending + 1 - base_headcount)
        self._open(team, day, "capacity")
        return True

    def due(self, day: int) -> list[Requisition]:
        """Requisitions filled on ``day`` (removed from the open list)."""
        filled = [r for r in self.open if r.fill_day <= day]
        self.open = [r for r in self.open if r.fill_day > day]
        return filled

    def open_count(self, team: str) -> int:
        """Open requisitions of ``team``."""
        return sum(r.team == team for r in self.open)

    def _open(self, team: str, day: int, reason: str) -> None:
        rng = self.streams.rng(f"people.hiring.{team}")
        days = float(quantile(self.roles[team].time_to_fill_days, rng.random(1))[0])
        self.open.append(Requisition(team, day, day + max(1, math.ceil(days)), reason))
