"""The replication context: what every part of one replication shares, built once by build.py.

One context per replication holds the scenario, the seed and replication number, the SimPy
environment, the calendar, the one set of named random streams and the cost ledger. Wings take
it instead of a list of loose arguments; they never build their own streams.
"""

from __future__ import annotations

from dataclasses import dataclass

import simpy

from itsim.config.schema import Scenario
from itsim.model.core.calendar import Calendar
from itsim.model.core.ledger import CostLedger
from itsim.model.core.streams import RandomStreams
from itsim.model.core.units import HOURS_PER_DAY


@dataclass(frozen=True)
class Replication:
    """Shared state of replication ``rep`` of ``scenario`` under experiment seed ``seed``."""

    scenario: Scenario
    seed: int
    rep: int
    env: simpy.Environment
    calendar: Calendar
    streams: RandomStreams
    ledger: CostLedger

    @property
    def horizon_hours(self) -> float:
        """Length of the run (hours)."""
        return self.scenario.horizon_days * HOURS_PER_DAY
