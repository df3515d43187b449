"""Speed classes: delay classes that keep a ticket's pick-up, holding and pauses together.

Fitted one by one, a ticket's pick-up and holding delays at each stage (and its pauses) are
independent in the simulation, while in a log they are not: a ticket picked up at once is
usually resolved at once too, and one left waiting is left waiting at every step. Summed
independently, the parts make "quick in every part" too rare and resolution too slow at the
short end of the distribution (the share resolved within an hour).

A *speed class* groups fit-period tickets by how long they were delayed in all: the office and
off-hours parts of their pick-up and holding at every stage, summed (not the calendar time, so
that a ticket logged on a Friday evening is not "slow" for the weekend its office part spans;
what the calendar adds comes from the business clock and the parts' after-hours variants).
Within each *stratum* — whether the ticket was escalated and whether it paused, which the
simulator knows when a ticket arrives — tickets with no delay form one class and the rest are
cut into classes at quantiles of the sum. Each class then gets its own holding and pick-up fits
per stage and priority (see :mod:`holding`), and its share of each priority's tickets in the
stratum, which is what the simulator draws a ticket's class from — and its own hands-on effort
per stage and priority (``handle_hours``: a ticket resolved within a minute of opening was
also worked for a minute, which the teams' effort over all tickets does not show). The more
classes, the closer
this comes to drawing each simulated ticket's delays together from one fit-period ticket;
:data:`MIN_CLASS_TICKETS` keeps each class's fits on enough tickets.

Logged pauses can be kept with the delays (:func:`fold_pauses`, the default of ``itsim
calibrate``): a ticket's pause hours then join the holding of the stage that resolved it (the
first line's for a ticket resolved at first contact, tier 2's for an escalated one) as calendar
hours, as the simulator times a pause, and count in its total delay. A class then carries the
pick-up, holding and pauses of its tickets together: a ticket that waits on its user briefly is
usually quick everywhere else too, which pauses drawn on their own cannot show. The price: the
scenario has no ``flow.pauses``, so a what-if on pauses (a vendor that answers faster) needs
``--pauses apart``.

A class's cell with too few tickets of its priority takes the class's fit pooled over
priorities, then over the delay's start (office or after hours), then over whether the ticket
paused — never the fit over all tickets, which would put slow tickets into a quick class.
"""

from __future__ import annotations

from typing import Any, get_args

import numpy as np
import pandas as pd

from itsim.analysis.calibrate.distfit import MIN_HOURS, DistFit, fit_positive
from itsim.analysis.calibrate.holding import (
    STAGES,
    _parts,
    paused,
    share_strata,
    starts_in_office,
    stratum_shares,
)
from itsim.analysis.calibrate.reduce import in_office_hours
from itsim.analysis.calibrate.vocab import PRIORITIES
from itsim.analysis.calibrate.worktime import WorkWeek
from itsim.config.schema import ArrivalPeriod

MIN_CLASS_TICKETS = 150  # tickets per class at least (a stratum with fewer is one class)
MAX_BINS = 4  # delayed classes per stratum at most, cut at quantiles of the total delay
MIN_CELL = 20  # fewer tickets than this in a cell: pool (priority, then start, then pause)
STRATA = ((False, False), (True, False), (False, True), (True, True))  # (escalated, paused)


PAUSE_KINDS = ("user", "vendor", "other")


def fold_pauses(done: pd.DataFrame) -> pd.DataFrame:
    """``done`` with each ticket's pause hours moved into the holding of its resolving stage.

    The pause's calendar hours join ``<stage>_held_off_hours`` (timed as calendar hours, as the
    simulator times a pause); the pause counts become 0, so no ticket is "paused" after.
    """
    out = done.copy()
    calendar = out[[f"pause_{k}_hours" for k in PAUSE_KINDS]].fillna(0.0).sum(axis=1)
    escalated = out["escalated"].astype(bool)
    for stage, mine in (("desk", ~escalated), ("tier2", escalated)):
        off = out[f"{stage}_held_off_hours"].fillna(0.0)
        out[f"{stage}_held_off_hours"] = off + calendar.where(mine, 0.0)
    for kind in PAUSE_KINDS:
        out[f"pause_{kind}_count"] = 0
        out[f"pause_{kind}_hours"] = 0.0
        out[f"pause_{kind}_work_hours"] = 0.0
    return out


def total_delay_hours(done: pd.DataFrame) -> pd.Series:
    """Each ticket's total delay: the office and off-hours parts of its pick-up and holding
    (with the pauses folded in by :func:`fold_pauses`), summed over the stages it went through
    — its elapsed delay less the nights and weekends its office parts ran across."""

    def stage(name: str) -> pd.Series:
        columns = [f"{name}_queued_{p}_hours" for p in ("work", "off")]
        columns += [f"{name}_held_{p}_hours" for p in ("office", "off")]
        return done[columns].fillna(0.0).sum(axis=1)

    return stage("desk") + stage("tier2").where(done["escalated"].astype(bool), 0.0)


def speed_labels(done: pd.DataFrame) -> pd.Series:
    """Each ticket's speed class, ``s<stratum>_<bin>`` (bin 0: no delay), from its stratum.

    A stratum's delayed tickets are cut into as many quantile bins as give each at least
    :data:`MIN_CLASS_TICKETS` tickets (at most :data:`MAX_BINS`); the undelayed tickets are a
    class of their own when there are that many of them, else they join the quickest bin.
    """
    score = total_delay_hours(done)
    is_paused = paused(done)
    escalated = done["escalated"].astype(bool)
    labels = pd.Series("", index=done.index, dtype=object)
    for number, (esc, with_pause) in enumerate(STRATA, start=1):
        member = (escalated == esc) & (is_paused == with_pause)
        if not member.any():
            continue
        own = score[member]
        delayed = own >= MIN_HOURS
        bins = int(np.clip(delayed.sum() // MIN_CLASS_TICKETS, 1, MAX_BINS))
        if delayed.sum() > 0:
            ranks = own[delayed].rank(method="first") / delayed.sum()
            cut = np.minimum(np.ceil(ranks.to_numpy() * bins).astype(int), bins)
            labels.loc[own[delayed].index] = pd.Series(
                [f"s{number}_{b}" for b in cut], index=own[delayed].index
            )
        quick = own.index[~delayed]
        if (~delayed).sum() >= MIN_CLASS_TICKETS or delayed.sum() == 0:
            labels[quick] = f"s{number}_0"
        else:
            labels[quick] = f"s{number}_1"
    return labels


def fit_speed_classes(
    done: pd.DataFrame, rng: np.random.Generator, week: WorkWeek, by_arrival: bool = False
) -> dict[str, dict[str, Any]]:
    """One delay class per speed class (see the module docstring); {} without resolved tickets.

    With ``by_arrival`` each class also gets its shares among the tickets opened in the office
    morning, afternoon and after hours (``by_arrival``, for cells of :data:`MIN_PERIOD_CELL`
    tickets), so that the class a ticket draws depends on when it arrives.

    Returns
    -------
    dict
        ``{class: {"group", "n", "share", "share_escalated", "share_paused",
        "share_escalated_paused", "holding", "pickup", "handle"}}``, as
        :func:`holding.class_blocks` writes them (``handle``: :func:`class_effort`).
    """
    if done.empty:
        return {}
    labels = speed_labels(done)
    strata = share_strata(done)
    period = arrival_period(done["opened_at"], week)
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(labels.unique()):
        member = labels == name
        own = done[member]
        fitted: dict[str, Any] = {"group": _describe(name, total_delay_hours(own)), "n": len(own)}
        fitted |= stratum_shares(done, member, strata=strata)
        fitted["by_arrival"] = _period_shares(done, member, period, strata) if by_arrival else {}
        for kind, what in (("holding", "held"), ("pickup", "queued")):
            fitted[kind] = class_delays(own, what, rng, week)
        out[name] = fitted
    for name, fitted in out.items():  # after every delay fit, which then use the rng as before
        fitted["handle"] = class_effort(done[labels == name], rng)
    return out


#: A stratum's tickets of one priority arriving in one part of the day: with fewer, the
#: class's share over the whole day is drawn for them.
MIN_PERIOD_CELL = 100
ARRIVAL_PERIODS: tuple[str, ...] = get_args(ArrivalPeriod)


def _period_shares(
    done: pd.DataFrame, member: pd.Series, period: pd.Series, strata: dict[str, pd.Series]
) -> dict[str, dict[str, dict[str, float]]]:
    """The class's shares among the tickets opened in each part of the day, for the periods
    with a cell of :data:`MIN_PERIOD_CELL` tickets at least."""
    out = {}
    for when in ARRIVAL_PERIODS:
        timed = stratum_shares(done, member, period == when, strata, MIN_PERIOD_CELL)
        if any(timed.values()):
            out[when] = timed
    return out


def arrival_period(opened: pd.Series, week: WorkWeek) -> pd.Series:
    """Each opening time's part of the office day, as the simulator names it
    (:meth:`itsim.model.core.calendar.Calendar.arrival_periods`)."""
    hour = opened.dt.hour + opened.dt.minute / 60.0
    midday = week.open_hour + (week.close_hour - week.open_hour) / 2.0
    half = np.where(hour < midday, "morning", "afternoon")
    inside = in_office_hours(opened, week)
    return pd.Series(np.where(inside, half, "after_hours"), index=opened.index)


MIN_EFFORT_TICKETS = 30  # fewer tickets of a priority in a class: the class's pooled effort
EFFORT_COLUMNS = {"incident": "desk_touch_work_hours", "escalation": "tier2_touch_work_hours"}


def class_effort(own: pd.DataFrame, rng: np.random.Generator) -> dict[str, DistFit]:
    """The hands-on effort of one class's tickets, as ``handle_hours`` keys: ``incident`` (the
    first line's work) and ``escalation`` (tier 2's, escalated tickets only), pooled over the
    class's priorities, and ``<work>.<priority>`` for priorities with
    :data:`MIN_EFFORT_TICKETS` tickets; {} where the class has too few (the teams' effort)."""
    out: dict[str, DistFit] = {}
    escalated = own["escalated"].astype(bool)
    for work, column in EFFORT_COLUMNS.items():
        cell = own[escalated] if work == "escalation" else own
        pooled = fit_positive(cell[column].to_numpy(float), rng)
        if pooled is None:
            continue
        out[work] = pooled
        for priority in PRIORITIES:
            values = cell.loc[cell["priority"] == priority, column].to_numpy(float)
            fit = fit_positive(values, rng) if values.size >= MIN_EFFORT_TICKETS else None
            if fit is not None:
                out[f"{work}.{priority}"] = fit
    return out


def _describe(name: str, score: pd.Series) -> str:
    esc, with_pause = STRATA[int(name[1]) - 1]
    kind = ("escalated" if esc else "first line") + (", paused" if with_pause else "")
    if name.endswith("_0"):
        return f"{kind}: no delay"
    return f"{kind}: {score.min():.3g}-{score.max():.3g} h delayed"


def class_delays(
    own: pd.DataFrame, what: str, rng: np.random.Generator, week: WorkWeek
) -> dict[str, Any]:
    """``{stage: {priority: delay}}`` for one class's tickets, in the shape of
    :func:`holding.fit_delays`, pooling thin cells within the class."""
    is_paused = paused(own)
    out: dict[str, Any] = {}
    for stage, (column, escalated) in STAGES.items():
        cell = own[own["escalated"].astype(bool) == escalated]
        if cell.empty:
            continue
        parts = _parts(cell, column, what)
        office = starts_in_office(cell, column, what, week)
        pause = is_paused[cell.index]
        by_priority = {}
        for priority in PRIORITIES:
            mine = cell["priority"] == priority
            if not mine.any():
                continue
            plain = _case(parts, pause, ~pause, mine, office, rng)
            with_pause = _case(parts, pause, pause, mine, office, rng)
            base = plain or with_pause
            if base is not None:
                by_priority[priority] = base | {"paused": with_pause or plain}
        if by_priority:
            out[stage] = by_priority
    return out


def _case(parts, pause, subset, mine, office, rng) -> dict[str, Any] | None:
    """A delay with its after-hours variant for the tickets in ``subset``; None when the class
    has none of them."""
    if not subset.any():
        return None
    in_office = _delay(parts, pause, subset, mine, office, rng)
    after = _delay(parts, pause, subset, mine, ~office, rng)
    main = in_office or after
    if main is None:
        return None
    return main | {"after_hours": after or in_office}


def _delay(parts, pause, subset, mine, start, rng) -> dict[str, Any] | None:
    """One two-part delay, from the narrowest pool with :data:`MIN_CELL` tickets: the
    priority's own, all priorities, both starts, then paused or not alike."""
    if not (subset & start).any():
        return None
    for pool in (subset & start & mine, subset & start, subset, pause | ~pause):
        if pool.sum() >= MIN_CELL:
            return _two_parts(parts[pool], rng)
    return _two_parts(parts[pause | ~pause], rng)


def _two_parts(chosen: pd.DataFrame, rng: np.random.Generator) -> dict[str, Any]:
    office, off = chosen["office"].to_numpy(float), chosen["off"].to_numpy(float)
    return {
        "probability": float((office >= MIN_HOURS).mean()),
        "office_hours": _fit(office[office >= MIN_HOURS], rng),
        "off_hours_probability": float((off >= MIN_HOURS).mean()),
        "off_hours": _fit(off[off >= MIN_HOURS], rng),
        "n": len(chosen),
    }


def _fit(values: np.ndarray, rng: np.random.Generator):
    """The parametric fit, or with fewer than 5 values their mean as a fixed time (None: none)."""
    fitted = fit_positive(values, rng, keep_mean=False)
    if fitted is not None or values.size == 0:
        return fitted
    return _Fixed(float(values.mean()), values.size)


class _Fixed:
    """A delay part seen fewer than 5 times: its mean, always."""

    def __init__(self, mean: float, n: int) -> None:
        self.mean_hours, self.cv, self.n, self.dist = mean, 0.0, n, "fixed"
        self.median_hours = mean

    def as_scenario_dist(self) -> dict[str, float | str]:
        return {"dist": "fixed", "mean": round(max(self.mean_hours, MIN_HOURS), 4), "cv": 0.0}
