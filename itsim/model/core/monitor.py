"""Daily observation: team counters, backlog, busy and available hours; daily cost accrual."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, NamedTuple

import simpy

from itsim.model.core.flow import WipMonitor
from itsim.model.core.ledger import CostLedger
from itsim.model.core.teams import Team
from itsim.model.core.units import DAYS_PER_YEAR, HOURS_PER_DAY


#: Columns of a team-day row, in order.
class TeamDay(NamedTuple):
    """One team on one day: people, jobs in and out, queue at day end, hours busy and on shift."""

    team: str
    day: int
    headcount: int
    arrivals: int
    resolved: int
    backlog: int
    busy_hours: float
    available_hours: float


#: Columns of a team-day row, in order.
TEAM_DAY_FIELDS = TeamDay._fields


class DailyMonitor:
    """Process that closes each day: records team rows and posts the day's staff cost.

    Parameters
    ----------
    loaded_usd_per_year : dict[str, float]
        Loaded annual cost of one person in each team (USD).
    warmup_days : int
        Day at which the ticket-in-system integral starts being measured.
    """

    def __init__(
        self,
        env: simpy.Environment,
        teams: dict[str, Team],
        ledger: CostLedger,
        loaded_usd_per_year: dict[str, float],
        wip: WipMonitor,
        warmup_days: int,
    ) -> None:
        self.env = env
        self.teams = teams
        self.ledger = ledger
        self.loaded = loaded_usd_per_year
        self.wip = wip
        self.warmup_days = warmup_days
        self.rows: list[TeamDay] = []
        self.wip_area_at_warmup = 0.0
        self._last = {name: (0, 0, 0.0) for name in teams}

    def run(self, horizon_days: int) -> Generator[simpy.Event, Any, None]:
        """Observe the end of every day of the horizon."""
        for day in range(horizon_days):
            if day == self.warmup_days:
                self.wip_area_at_warmup = self.wip.area_until(self.env.now)
            self._post_costs(day)
            yield self.env.timeout((day + 1) * HOURS_PER_DAY - self.env.now)
            self._record(day)

    def close(self, horizon_days: int) -> None:
        """Record the last day, whose closing event falls on the horizon and so is not run."""
        last = horizon_days - 1
        if not self.rows or self.rows[-1].day < last:
            self._record(last)

    def _post_costs(self, day: int) -> None:
        for name, team in self.teams.items():
            usd = team.headcount * self.loaded[name] / DAYS_PER_YEAR
            self.ledger.post(day, "staff", name, usd)

    def _record(self, day: int) -> None:
        for name, team in self.teams.items():
            arrivals, done, busy = team.arrivals, team.completed, team.busy_hours_total()
            last_arrivals, last_done, last_busy = self._last[name]
            self._last[name] = (arrivals, done, busy)
            self.rows.append(TeamDay(
                name, day, team.headcount, arrivals - last_arrivals, done - last_done,
                len(team.queue), busy - last_busy, team.available_hours_on_day(day),
            ))  # fmt: skip
