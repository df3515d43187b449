"""Utilisation by hour of the week: busy and on-shift person-hours per team, hour by hour.

Scenario: at the end of every clock hour of the measured window, the monitor reads each team's
cumulative busy person-hours (which include the jobs in progress) and adds the hour's increase,
and the person-hours the team was on shift in that hour, to the team's bucket for that hour of
the week. The clock starts on a Monday at 00:00, so hour ``h`` falls in bucket ``h % 168``
(0 = Monday 00:00-01:00). The monitor only reads state, so it leaves every other result unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, NamedTuple

import simpy

from itsim.model.core.people import Person
from itsim.model.core.teams import Team
from itsim.model.core.units import HOURS_PER_DAY, HOURS_PER_WEEK


#: Columns of a team hour-of-week row, in order.
class HourOfWeekRow(NamedTuple):
    """One team and hour of the week (0 = Monday 00:00), summed over the measured window."""

    team: str
    hour_of_week: int
    busy_hours: float
    available_hours: float


HOUR_OF_WEEK_FIELDS = HourOfWeekRow._fields


class HourOfWeekMonitor:
    """Process that accumulates busy and on-shift person-hours per team and hour of week.

    Parameters
    ----------
    env : simpy.Environment
    teams : dict[str, Team]
        Teams to observe; teams that take no tickets are skipped.
    warmup_days : int
        Hours before the end of warm-up are not counted.
    """

    def __init__(self, env: simpy.Environment, teams: dict[str, Team], warmup_days: int) -> None:
        self.env = env
        self.teams = {name: team for name, team in teams.items() if team.spec.pulls_work}
        self.warmup_hours = warmup_days * int(HOURS_PER_DAY)  # whole hours index the buckets
        self.busy = {name: [0.0] * HOURS_PER_WEEK for name in self.teams}
        self.available = {name: [0.0] * HOURS_PER_WEEK for name in self.teams}
        self._watches = [
            _TeamWatch(team, self.busy[name], self.available[name])
            for name, team in self.teams.items()
        ]
        self._next_hour = self._end_hour = 0
        # each person's current or next on-shift period, reused until it has ended: asking a
        # roster every hour for every person would cost more than the rest of the model
        self._periods: dict[Person, tuple[float, float]] = {}

    def run(self, horizon_days: int) -> Generator[simpy.Event, Any, None]:
        """Observe every hour from the end of warm-up to the horizon."""
        env = self.env
        self._end_hour = horizon_days * int(HOURS_PER_DAY)
        if self.warmup_hours > env.now:
            yield env.timeout(self.warmup_hours - env.now)
        for watch in self._watches:
            watch.last_busy_hours = watch.team.busy_hours_total()
        self._next_hour = self.warmup_hours
        # from here each hour is a timeout whose callback observes and sets the next one, at
        # the point a process resuming there would: the same order of events, without a
        # generator resumed every simulated hour
        self._tick(None)

    def _tick(self, event: simpy.Event | None) -> None:
        if event is not None:
            self._observe()
        if self._next_hour < self._end_hour:
            self.env.timeout(self._next_hour + 1 - self.env.now).callbacks.append(self._tick)

    def _observe(self) -> None:
        """Add the hour that has just ended to its bucket."""
        hour, self._next_hour = self._next_hour, self._next_hour + 1
        bucket = hour % HOURS_PER_WEEK
        for watch in self._watches:  # in the order of the teams
            team = watch.team
            # nights and weekends nobody is in hand: the reading is the closed hours, and when
            # it has not moved (or nobody is on shift) adding 0.0 would leave the bucket as it is
            busy_hours = team.busy_hours_total() if team.busy_people else team.busy_closed_hours
            if busy_hours != watch.last_busy_hours:
                watch.busy[bucket] += busy_hours - watch.last_busy_hours
                watch.last_busy_hours = busy_hours
            if hour >= watch.stable_until or watch.members_version != team.members_version:
                self._refresh(watch, hour)
            if watch.on_shift_hours:
                watch.available[bucket] += watch.on_shift_hours

    def _refresh(self, watch: _TeamWatch, hour: int) -> None:
        """Work out the team's on-shift person-hours in ``hour`` and until when they hold.

        The figure of :meth:`_on_shift_hours` stays the same, to the last bit, from one hour to
        the next until some period it was built from starts or ends inside or at the start of an
        hour, or someone joins or leaves. Until then the look-ups are skipped; they resume at
        that hour, which is never later than the hour at which a cached period has ended and
        its owner's roster is asked again, so rosters are asked at the same times as before.
        """
        team = watch.team
        total, following = self._on_shift_hours(team, float(hour))
        # the first hour that a period boundary after this one falls in (floor is monotonic,
        # so the floor of the earliest boundary is the earliest floor)
        watch.stable_until = math.floor(following) if following < math.inf else math.inf
        watch.on_shift_hours = total
        watch.members_version = team.members_version

    def _on_shift_hours(self, team: Team, hour_start: float) -> tuple[float, float]:
        """Person-hours the team is on shift during [hour_start, hour_start + 1), and the
        earliest start or end after ``hour_start`` of the periods it was built from (``inf``
        when there is none).

        People on the team's shift share one look-up; a person on a roster of their own
        (staggered shifts, absences) is looked up when their last known period has ended, so an
        absence decided after that look-up is not seen and shrinkage is not taken off: this
        table's on-shift hours can exceed team_daily's ``available_hours`` by a few per cent.
        """
        hour_end = hour_start + 1.0
        team_shift, shared, total = team.shift, 0, 0.0
        following = math.inf
        periods = self._periods
        for person in team.people:
            shift = person.shift
            if shift == team_shift:
                shared += 1
                continue
            period = periods.get(person)
            if period is None or period[1] <= hour_start:
                period = periods[person] = shift(hour_start)
            start, end = period
            # the overlap of [start, end) with the hour, as max(0, min(..) - max(..)) gives it
            overlap = (end if end < hour_end else hour_end) - (
                start if start > hour_start else hour_start
            )
            if overlap > 0.0:  # adding max(0, overlap) = 0 would leave the total as it is
                total += overlap
            if hour_start < start < following:
                following = start
            if hour_start < end < following:
                following = end
        if shared:
            start, end = team_shift(hour_start)
            total += shared * max(0.0, min(end, hour_end) - max(start, hour_start))
            if end != math.inf:  # a 24x7 shift is "from now on": it never starts or ends
                if hour_start < start < following:
                    following = start
                if hour_start < end < following:
                    following = end
        return total, following

    def rows(self) -> list[HourOfWeekRow]:
        """One row per team and hour of week (see ``HOUR_OF_WEEK_FIELDS``).

        The run stops before events at the horizon itself are processed, so the final hour is
        added here when the clock has reached its end.
        """
        while self._next_hour < self._end_hour and self._next_hour + 1 <= self.env.now:
            self._observe()
        return [
            HourOfWeekRow(name, bucket, self.busy[name][bucket], self.available[name][bucket])
            for name in self.teams
            for bucket in range(HOURS_PER_WEEK)
        ]


@dataclass(slots=True, eq=False)
class _TeamWatch:
    """What the monitor keeps of one team: its buckets, its last busy-hours reading and its
    last on-shift figure with the hour until which that holds."""

    team: Team
    busy: list[float]  # busy person-hours by hour of week (the monitor's own list)
    available: list[float]  # on-shift person-hours by hour of week
    last_busy_hours: float = 0.0
    on_shift_hours: float = 0.0
    stable_until: float = -math.inf  # nothing worked out yet
    members_version: int = -1  # the team's membership it was worked out for
