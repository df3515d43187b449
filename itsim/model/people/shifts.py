"""Rosters: when one person is at work, day by day, and the overtime and call-outs on top.

Scenario: each person follows their team's shift pattern — the team's business hours, a
staggered window (early/late) on business days, or a 24x7 rotation of crews with days off
staggered by person. A roster may name its own weekdays (``days``), independent of the business
days that drive the SLA clocks: a 7-day desk roster where each person works ``days_on_per_week``
of the seven, days off staggered by person. A day marked off (leave, training, sickness, or
after leaving) has no periods. Shrinkage — meetings and admin — is a block at the start or end
of each shift during which the person takes no tickets. At the end of the day's last period a
person stays on in steps while the team backlog is above the overtime threshold, within the
daily and weekly work limits. A call-out (on-call P1 outside hours) opens a period that lasts
while a P1 heads the queue.

A ``Roster`` is the person's shift function: ``roster(now) -> (start, end)`` of the period that
contains ``now`` or comes next, the same contract as ``Team.shift``.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from itsim.config.people_schema import Overtime, ShiftPattern
from itsim.config.schema import WEEKDAYS, parse_clock
from itsim.model.core.calendar import Calendar
from itsim.model.core.units import DAYS_PER_YEAR, HOURS_PER_DAY

if TYPE_CHECKING:
    from itsim.model.core.queue import WorkQueue

INF = math.inf
TIME_TOLERANCE_HOURS = 1e-9
P1_RANK = 0
Period = tuple[float, float]
#: ``parse_clock``, remembered: a plan asks for its window's bounds again every day
_clock_hours = functools.cache(parse_clock)


def day_windows(pattern: ShiftPattern, cal: Calendar, index: int, day: int) -> list[Period]:
    """Clock hours (within the day) the person with roster ``index`` is on shift on ``day``."""
    if pattern.pattern == "rotation":
        crews = int(HOURS_PER_DAY // pattern.shift_hours)
        crew = index % crews
        if (day + index) % 7 >= pattern.days_on_per_week:
            return []
        return [(crew * pattern.shift_hours, (crew + 1) * pattern.shift_hours)]
    if not on_roster_day(pattern, cal, index, day):
        return []
    if pattern.pattern == "staggered":
        start, end = pattern.windows[index % len(pattern.windows)]
        return [(_clock_hours(start), _clock_hours(end))]
    return [(cal.open_hour, cal.close_hour)]


def on_roster_day(pattern: ShiftPattern, cal: Calendar, index: int, day: int) -> bool:
    """Whether roster position ``index`` of a ``team`` or ``staggered`` roster works on ``day``.

    Without ``days`` that is every business day. With ``days``, the k-th roster weekday of a week
    is worked by the positions with (k + index) mod n < ``days_on_per_week`` (n roster weekdays),
    so colleagues' days off are staggered across the week; holidays only if ``work_holidays``.
    """
    if pattern.days is None:
        return bool(cal.is_business_day[day])
    if cal.is_holiday[day] and not pattern.work_holidays:
        return False
    weekday = WEEKDAYS[day % 7]  # the clock starts on a Monday
    if weekday not in pattern.days:
        return False
    k = pattern.days.index(weekday)
    return (k + index) % len(pattern.days) < pattern.days_on_per_week


def split_for_shrinkage(start: float, end: float, shrinkage: float, index: int) -> list[Period]:
    """The work period of a shift less an admin block of ``shrinkage`` × its length.

    Even roster positions take the block at the end of their shift, odd ones at the start, so
    that staggered colleagues cover each other and a shift stays one period (one wake-up).
    """
    if shrinkage <= 0:
        return [(start, end)]
    block = shrinkage * (end - start)
    return [(start, end - block)] if index % 2 == 0 else [(start + block, end)]


class Roster:
    """One person's shift function, with days off, shrinkage, overtime and call-outs.

    Parameters
    ----------
    periods : list of list of (float, float)
        Work periods (absolute hours) of each day of the horizon, before days off.
    present_hours : list of float
        Hours at work each day when not off (periods plus the admin block).
    queue : WorkQueue
        The team queue (its backlog drives overtime; its head ends a call-out).
    team_size : callable
        Current number of people in the team.
    overtime : Overtime or None
        The overtime policy, or None for none.
    open_hours : list of float, optional
        Hours of each day's periods (see :func:`open_hours_of`), which may be shared by
        rosters with the same periods; worked out from ``periods`` when not given.
    """

    # one per person, asked after every job: without an instance dict a roster is smaller
    # and its attributes are read directly
    __slots__ = (
        "_found",
        "anchor",
        "callout_hours",
        "callout_started",
        "extra_until",
        "min_callout_hours",
        "off",
        "open_hours",
        "overtime",
        "overtime_hours",
        "periods",
        "present_hours",
        "queue",
        "team_size",
        "week_hours",
        "work_days_per_year",
    )  # fmt: skip

    def __init__(self, periods, present_hours, queue, team_size, overtime, open_hours=None) -> None:
        self.periods: list[list[Period]] = periods
        self.present_hours: list[float] = present_hours
        self.open_hours: list[float] = (
            open_hours if open_hours is not None else open_hours_of(periods)
        )
        self.off = bytearray(len(periods))  # 1: not at work that day
        self.queue: WorkQueue = queue
        self.team_size = team_size
        self.overtime: Overtime | None = overtime
        self.extra_until = -INF  # end of the overtime step or call-out in progress
        self.callout_started = INF
        self.anchor = -INF  # when an overtime step may start (end of the day's last period)
        self.overtime_hours = 0.0  # today, granted
        self.callout_hours = 0.0  # today
        self.week_hours = 0.0  # worked this calendar week before today
        self.min_callout_hours = 0.0  # set by the on-call rota
        #: the last period :meth:`next_period` found by a scan: (asked at, day, start, end,
        #: last of its day); the clock only moves on, so it answers until it has ended
        self._found: tuple[float, int, float, float, bool] = (INF, 0, INF, INF, False)
        work_days = sum(1 for todays in periods if todays)
        self.work_days_per_year = max(work_days * DAYS_PER_YEAR / max(len(periods), 1), 1.0)

    def __call__(self, now: float) -> Period:
        """(start, end) of the period containing ``now`` or the next one."""
        in_extra = now < self.extra_until - TIME_TOLERANCE_HOURS
        if in_extra and (self.callout_started == INF or self.queue.head_rank() == P1_RANK):
            return now, self.extra_until
        if self.callout_started != INF:
            self.end_callout(now)
        # abs(now - anchor) <= tolerance, as a chained comparison: asked after every job
        if (
            self.overtime is not None
            and -TIME_TOLERANCE_HOURS <= now - self.anchor <= TIME_TOLERANCE_HOURS
        ):
            step = self._overtime_step(now)
            if step > 0:
                self.overtime_hours += step
                self.extra_until = self.anchor = now + step
                return now, self.extra_until
        return self.next_period(now)

    def next_period(self, now: float) -> Period:
        """The next regular period at or after ``now`` (``(inf, inf)`` when there is none)."""
        asked, day, start, end, last = self._found
        # the period found for an earlier ``asked`` is still the answer until it ends: the
        # periods skipped then had all ended by ``asked``, and a day marked off stays off, so
        # only its own day can have been taken off since
        if asked <= now < end and not self.off[day]:
            if last:
                self.anchor = end
            return (start if start > now else now), end
        return self._look_up_period(now)

    def _look_up_period(self, now: float) -> Period:
        """:meth:`next_period` by a scan of the days from ``now`` on; remembers the answer."""
        day = max(int(now // HOURS_PER_DAY), 0)
        periods, off = self.periods, self.off
        while day < len(periods):
            if not off[day]:
                todays = periods[day]
                for i, (start, end) in enumerate(todays):
                    if end > now:
                        last = i == len(todays) - 1
                        if last:
                            self.anchor = end
                        self._found = (now, day, start, end, last)
                        return max(start, now), end
            day += 1
        return INF, INF

    def on_shift(self, now: float) -> bool:
        """Whether the person is at work (a period, overtime or a call-out) at ``now``."""
        if now < self.extra_until:
            return True
        day = int(now // HOURS_PER_DAY)
        if day >= len(self.periods) or self.off[day]:
            return False
        return any(start <= now < end for start, end in self.periods[day])

    def worked_today(self, day: int) -> float:
        """Hours at work on ``day`` so far: present hours, overtime, call-outs."""
        regular = 0.0 if self.off[day] else self.present_hours[day]
        return regular + self.overtime_hours + self.callout_hours

    def _overtime_step(self, now: float) -> float:
        ot = self.overtime
        assert ot is not None
        if len(self.queue) < ot.backlog_per_person * max(self.team_size(), 1):
            return 0.0
        day = int(now // HOURS_PER_DAY)
        worked = self.worked_today(day)
        # the rest of the week's rostered hours are already spoken for
        rostered_later = sum(self.present_hours[day + 1 : (day // 7 + 1) * 7])
        week_room = ot.max_hours_per_week - self.week_hours - worked - rostered_later
        room = min(ot.max_hours_per_day - worked, week_room)
        step = min(ot.step_hours, room, (day + 1) * HOURS_PER_DAY - now)
        return step if step > TIME_TOLERANCE_HOURS else 0.0

    def start_callout(self, now: float, max_hours: float) -> None:
        """Open a call-out period now, ending at the latest after ``max_hours`` or at the next
        regular period."""
        start, _ = self.next_period(now)
        self.callout_started = now
        self.extra_until = min(now + max_hours, start)

    def end_callout(self, now: float) -> None:
        """Close the call-out in progress and book its hours (at least the minimum paid)."""
        self.callout_hours += max(now - self.callout_started, self.min_callout_hours)
        self.callout_started = INF
        self.extra_until = min(self.extra_until, now)

    def available_today(self, day: int) -> float:
        """Hours on ``day`` in which the person could take tickets (periods, overtime and
        call-outs)."""
        regular = 0.0 if self.off[day] else self.open_hours[day]
        return regular + self.overtime_hours + self.callout_hours


def roster_key(pattern: ShiftPattern, index: int) -> int:
    """Roster positions with the same key have the same periods (so they can share them)."""
    if pattern.pattern == "rotation":
        cycle = math.lcm(int(HOURS_PER_DAY // pattern.shift_hours), 7, 2)
    elif pattern.pattern == "staggered":
        cycle = math.lcm(len(pattern.windows), 2)
    else:
        cycle = 2
    if pattern.days is not None:
        cycle = math.lcm(cycle, len(pattern.days))
    return index % cycle


#: A roster position's plan: work periods, hours at work and hours of the periods, by day.
DayPlan = tuple[list[list[Period]], list[float], list[float]]
#: Plans made in this process, by everything a plan is made from (see :func:`shared_day_plan`).
_PLANS: dict[tuple[object, ...], DayPlan] = {}
#: Plans kept at most; the oldest goes first.
PLANS_KEPT = 64


def shared_day_plan(
    pattern: ShiftPattern, cal: Calendar, index: int, n_days: int, shrinkage: float
) -> DayPlan:
    """:func:`day_plan` with :func:`open_hours_of` its periods, made once per process.

    Every replication of a scenario (and every arm that keeps its rosters) makes the same plans,
    a day at a time for each roster key (about 3 ms of CPU a run for the baseline's rosters):
    they are kept, keyed by everything they are made from (the pattern, the position's roster
    key, the calendar's open hours and days, the horizon and the shrinkage). The lists are
    read-only, as they already are for the positions of one run that share them.
    """
    key = (
        pattern.model_dump_json(), roster_key(pattern, index), cal.open_hour, cal.close_hour,
        cal.is_business_day[:n_days].tobytes(), cal.is_holiday[:n_days].tobytes(), n_days,
        shrinkage,
    )  # fmt: skip
    plan = _PLANS.get(key)
    if plan is None:
        periods, present = day_plan(pattern, cal, index, n_days, shrinkage)
        plan = (periods, present, open_hours_of(periods))
        if len(_PLANS) >= PLANS_KEPT:
            del _PLANS[next(iter(_PLANS))]
        _PLANS[key] = plan
    return plan


def open_hours_of(periods: list[list[Period]]) -> list[float]:
    """Hours in the periods of each day (hours): asked for every person every day, and the
    same each time, so summed once."""
    return [sum(end - start for start, end in todays) for todays in periods]


def day_plan(
    pattern: ShiftPattern, cal: Calendar, index: int, n_days: int, shrinkage: float
) -> tuple[list[list[Period]], list[float]]:
    """Work periods (absolute hours) and hours at work of each day, for roster position
    ``index``; read-only, shared by every position with the same ``roster_key``."""
    periods: list[list[Period]] = []
    present: list[float] = []
    for day in range(n_days):
        base = day * HOURS_PER_DAY
        todays: list[Period] = []
        hours = 0.0
        for start, end in day_windows(pattern, cal, index, day):
            hours += end - start
            todays += split_for_shrinkage(base + start, base + end, shrinkage, index)
        periods.append(todays)
        present.append(hours)
    return periods, present
