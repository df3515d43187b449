"""Leadership levers that act on the workforce: capacity planning and shorter ramp-up.

Scenario: a leader who runs capacity planning replaces the department's hiring policy with the
``capacity`` policy from the lever's start month on: a weekly review opens a requisition for a
team whose trailing utilisation or share of burned-out people passes the thresholds of
``people.hiring.capacity`` (0.85 and 0.25 by default). The seats the plan may add above a team's
starting headcount grow with the lever's ramp, as budget for them is won:
floor(``max_extra_headcount`` × magnitude × r(t)). Seats below the starting headcount (vacancies)
are refilled whenever the trigger fires. A knowledge base also shortens the ramp-up of new
hires: a person who joins at time t ramps up over ``ramp_months`` × (1 − ``ramp_up_cut`` × r(t)),
r being the knowledge-management lever's ramp. Both need the people model (``people`` block
active); without it headcounts are fixed and neither lever has anything to act on.
"""

from __future__ import annotations

import math

from itsim.model.core.units import HOURS_PER_DAY, HOURS_PER_MONTH
from itsim.model.opmodels.leadership import LeverSet, effect, ramp_fraction

CAPACITY = "capacity"


class HrLevers:
    """What the leaders' levers change in hiring and ramp-up, by day.

    Parameters
    ----------
    levers : LeverSet
        The levers of every leader (the strongest of each kind counts).
    """

    def __init__(self, levers: LeverSet) -> None:
        self.capacity = levers.get("capacity_planning")
        self.knowledge = levers.get("knowledge_management")

    def policy(self, day: int, own: str) -> str:
        """Hiring policy on ``day``: ``capacity`` once capacity planning starts, else ``own``."""
        lever = self.capacity
        if lever is None or day * HOURS_PER_DAY < lever.start_month * HOURS_PER_MONTH:
            return own
        return CAPACITY

    def max_extra_headcount(self, day: int, own: str, cap: int) -> int:
        """Seats above the starting headcount the capacity policy may add on ``day``.

        A department that runs the capacity policy itself keeps its own ``cap``; under the
        lever the cap ramps in with the lever (rounded down, so a seat is added only once the
        ramp has earned it).
        """
        if self.capacity is None or own == CAPACITY:
            return cap
        return math.floor(cap * effect(self.capacity, day * HOURS_PER_DAY) + 1e-9)

    def ramp_months_factor(self, day: int) -> float:
        """Multiplier of ``ramp_months`` for a person joining on ``day`` (1 without the lever)."""
        lever = self.knowledge
        if lever is None:
            return 1.0
        return 1.0 - lever.ramp_up_cut * ramp_fraction(lever, day * HOURS_PER_DAY)
