"""Fit the simulator's inputs from one row per ticket.

Demand (arrival rate, 168-hour week profile, trend, priority mix), flow (first-contact resolution,
escalation and routing between support lines, reopen rate), work (handle time per priority at the
desk and in tier 2, chosen by AIC) and pauses (waiting on user, vendor or other, with their own
distributions). Resolution times are fitted too, but only to describe the log: they are outputs of
the simulation, not inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from itsim.analysis.calibrate.distfit import DistFit, fit_positive
from itsim.analysis.calibrate.holding import fit_delay_classes, fit_delays
from itsim.analysis.calibrate.profile import hour_of_week_profile, profile_rate, uncovered_note
from itsim.analysis.calibrate.reduce import in_office_hours
from itsim.analysis.calibrate.routing import (
    first_contact_by_priority,
    group_routing,
    tier2_group_shares,
    tier3_share,
    transition_matrix,
)
from itsim.analysis.calibrate.sla import fit_sla_targets
from itsim.analysis.calibrate.speed import fit_speed_classes, fold_pauses
from itsim.analysis.calibrate.vocab import PRIORITIES
from itsim.analysis.calibrate.window import (
    holdout_cut,
    resolution_regime_shift,
    start_up_days,
    start_up_weeks,
)
from itsim.analysis.calibrate.worktime import WorkWeek

HOURS_PER_WEEK = 168
MIN_PER_PRIORITY = 30  # fewer tickets than this: use the fit pooled over priorities
STEADY_SHARE = 0.25  # a week belongs to the steady window if it has 25% of the busiest week
PAUSE_KINDS = ("user", "vendor", "other")
LAST_ARRIVAL_MARGIN = pd.Timedelta(minutes=1)  # the window's end, just after its last arrival


@dataclass
class Calibration:
    """Everything fitted from one log (times in hours)."""

    window_start: pd.Timestamp
    window_end: pd.Timestamp
    tickets_in_window: int
    rate_per_hour: float
    week_profile: list[float]
    growth_per_year: float
    priority_mix: dict[str, float]
    escalation_share: float
    escalation_by_priority: dict[str, float]
    tier3_share_of_escalated: float | None
    level_routing: dict[str, dict[str, float]]
    group_routing: dict[str, dict[str, float]]
    reopen_share: float
    handle: dict[str, dict[str, DistFit]]  # stage -> priority -> fit
    effort: dict[str, dict[str, DistFit]]  # active time only, same keys
    pauses: dict[str, dict[str, Any]]
    resolution: dict[str, DistFit]
    observed_queue_hours_median: float
    log_end: pd.Timestamp | None = None  # last event of the log: tickets resolved later are unseen
    fcr_by_priority: dict[str, float] = field(default_factory=dict)
    touch: dict[str, dict[str, DistFit]] = field(default_factory=dict)  # hands-on effort per stage
    tier2_groups: dict[str, float] = field(default_factory=dict)  # share of escalations resolved
    queued_hours_by_priority: dict[str, float] = field(default_factory=dict)  # median, calendar
    off_hours_resolution_share: float = 0.0  # first-line resolutions outside the office day
    tier2_off_hours_share: float = 0.0  # the same for escalated tickets
    start_up_weeks_dropped: int = 0  # leading weeks left out as a start-up transient
    start_up_days_dropped: int = 0  # the same in days, for a window too short for weeks
    notes: list[str] = field(default_factory=list)  # warnings for the report and the terminal
    holding: dict[str, Any] = field(default_factory=dict)  # stage -> priority -> delay fit
    pickup: dict[str, Any] = field(default_factory=dict)  # same, for the wait to be picked up
    delay_classes: dict[str, dict[str, Any]] = field(default_factory=dict)  # speed or group
    sla_targets: dict[str, dict[str, Any]] = field(default_factory=dict)  # from made_sla
    office_week: WorkWeek = field(default_factory=WorkWeek)
    priority_mix_by_time: dict[str, dict[str, float]] = field(default_factory=dict)  # office/after
    holdout_start: pd.Timestamp | None = None  # held-out tickets: opened in [start, end)
    holdout_end: pd.Timestamp | None = None
    pauses_folded: bool = False  # pauses fitted with the delays (speed classes), not apart
    first_resolution: bool = False  # the log's resolution is a ticket's first, not its last

    @property
    def sim_origin(self) -> pd.Timestamp:
        """The log time the simulation's first hour after the warm-up stands for: Monday 00:00
        of the window's first week (the simulated week starts on a Monday; a window whose
        leading days were dropped starts later in that week)."""
        day = self.window_start.normalize()
        return day - pd.Timedelta(days=int(day.day_of_week))


def fit_all(
    tickets: pd.DataFrame,
    seed: int = 0,
    log_end: pd.Timestamp | None = None,
    drop_start_up: bool = True,
    holdout: float = 0.0,
    week: WorkWeek | None = None,
    sla_clocks: dict[str, str] | None = None,
    delay_classes: str = "speed",
    pauses_with_delays: bool = True,
    shares_by_arrival: bool = False,
) -> Calibration:
    """Fit a :class:`Calibration` from reduced tickets (see :func:`reduce.reduce_tickets`).

    Everything is fitted on the tickets opened in the steady window (see :func:`steady_window`),
    the same tickets the fidelity check compares with. With ``holdout`` > 0 the last ``holdout``
    share of the window's tickets (by open time) is left out of every fit, for scoring.
    ``delay_classes`` is ``speed`` (:mod:`speed`), ``group`` (one per busy first-line group,
    :func:`holding.fit_delay_classes`) or ``none``; ``pauses_with_delays`` fits the logged
    pauses into the holding delays (:func:`speed.fold_pauses`) instead of as pauses;
    ``shares_by_arrival`` gives speed classes shares by the part of the day a ticket opens in.
    """
    rng = np.random.default_rng(seed)
    week = week or WorkWeek()
    start, end = steady_window(tickets["opened_at"])

    def fit_end(begin: pd.Timestamp) -> pd.Timestamp:
        """Where the fit part of a window starting at ``begin`` ends."""
        return holdout_cut(tickets["opened_at"], begin, end, holdout) if holdout > 0 else end

    # a start-up transient is judged on the fit part only: the held-out tickets stay unseen
    skipped = start_up_weeks(tickets, start, fit_end(start)) if drop_start_up else 0
    start += pd.Timedelta(weeks=skipped)
    skipped_days = start_up_days(tickets, start, fit_end(start)) if drop_start_up else 0
    start += pd.Timedelta(days=skipped_days)
    cut = fit_end(start)
    opened = tickets["opened_at"]
    in_window = tickets[(opened >= start) & (opened < cut)]
    done = in_window[in_window["resolved"]]
    profile = hour_of_week_profile(in_window["opened_at"], start, cut, opened[opened < cut])
    cal = Calibration(
        window_start=start,
        window_end=cut,
        tickets_in_window=len(in_window),
        rate_per_hour=profile_rate(len(in_window), profile, start, cut),
        week_profile=profile,
        growth_per_year=weekly_trend(in_window["opened_at"], start, cut),
        priority_mix=shares(in_window["priority"], PRIORITIES),
        escalation_share=float(done["escalated"].mean()),
        escalation_by_priority={
            str(k): float(v) for k, v in done.groupby("priority")["escalated"].mean().items()
        },
        tier3_share_of_escalated=tier3_share(done[done["escalated"]]),
        level_routing=transition_matrix(in_window["level_path"]),
        group_routing=group_routing(in_window),
        reopen_share=float((done["reopened"] > 0).mean()),
        handle=_stage_fits(done, "hold", rng),
        effort=_stage_fits(done, "active", rng),
        pauses=_pause_fits(done, rng),
        resolution=_by_priority(done, done["resolve_hours"], rng),
        observed_queue_hours_median=float(done["queued_hours"].median()),
        log_end=log_end,
        start_up_weeks_dropped=skipped,
        start_up_days_dropped=skipped_days,
    )
    _fit_more(cal, done, rng, week, sla_clocks)
    _fit_delays(cal, done, rng, week, delay_classes, pauses_with_delays, shares_by_arrival)
    cal.priority_mix_by_time = mix_by_time_of_day(in_window, week)
    if holdout > 0:
        cal.holdout_start, cal.holdout_end = cut, end
    notes = [resolution_regime_shift(tickets, start, end), uncovered_note(start, cut)]
    cal.notes.extend(note for note in notes if note)
    return cal


def _fit_more(
    cal: Calibration,
    done: pd.DataFrame,
    rng: np.random.Generator,
    week: WorkWeek,
    sla_clocks: dict[str, str] | None,
) -> None:
    """The fits added after the first version: flow shares, delays, SLA targets, office day."""
    cal.fcr_by_priority = first_contact_by_priority(done)
    cal.touch = _stage_fits(done, "touch", rng)
    cal.tier2_groups = tier2_group_shares(done[done["escalated"]])
    escalated = done["escalated"].to_numpy(dtype=bool)
    cal.off_hours_resolution_share = off_hours_share(done["resolved_at"][~escalated], week)
    cal.tier2_off_hours_share = off_hours_share(done["resolved_at"][escalated], week)
    cal.queued_hours_by_priority = {
        str(k): float(v) for k, v in done.groupby("priority")["queued_hours"].median().items()
    }
    clocks = sla_clocks or {"P1": "24x7"}
    cal.sla_targets = fit_sla_targets(done, clocks, week)
    cal.office_week = week


DELAY_CLASS_KINDS = ("speed", "group", "none")


def _fit_delays(
    cal: Calibration,
    done: pd.DataFrame,
    rng: np.random.Generator,
    week: WorkWeek,
    delay_classes: str,
    pauses_with_delays: bool,
    shares_by_arrival: bool = False,
) -> None:
    """Holding and pick-up delays, their classes, and whether the pauses are among them."""
    if delay_classes not in DELAY_CLASS_KINDS:
        raise ValueError(f"delay_classes must be one of {DELAY_CLASS_KINDS}, got {delay_classes!r}")
    cal.pauses_folded = pauses_with_delays
    delayed = fold_pauses(done) if pauses_with_delays else done
    cal.holding = fit_delays(delayed, "held", rng, week)
    cal.pickup = fit_delays(delayed, "queued", rng, week)
    base = {"holding": cal.holding, "pickup": cal.pickup}
    if delay_classes == "speed":
        cal.delay_classes = fit_speed_classes(delayed, rng, week, shares_by_arrival)
    elif delay_classes == "group":
        cal.delay_classes = fit_delay_classes(delayed, rng, week, base)


MIN_AFTER_HOURS_TICKETS = 100  # fewer arrivals outside office hours: one mix for all hours


def mix_by_time_of_day(tickets: pd.DataFrame, week: WorkWeek) -> dict[str, dict[str, float]]:
    """Priority mix of arrivals in and outside office hours ({} with too few after hours)."""
    inside = pd.Series(in_office_hours(tickets["opened_at"], week), index=tickets.index)
    if (~inside).sum() < MIN_AFTER_HOURS_TICKETS or inside.sum() < MIN_AFTER_HOURS_TICKETS:
        return {}
    return {
        "office": shares(tickets.loc[inside, "priority"], PRIORITIES),
        "after_hours": shares(tickets.loc[~inside, "priority"], PRIORITIES),
    }


def off_hours_share(times: pd.Series, week: WorkWeek | None = None) -> float:
    """Share of ``times`` outside the office day (default 08:00-18:00, Monday-Friday)."""
    week = week or WorkWeek()
    times = times.dropna()
    if times.empty:
        return 0.0
    weekday = times.dt.day_of_week < week.days
    hour = times.dt.hour + times.dt.minute / 60.0
    office = weekday & (hour >= week.open_hour) & (hour < week.close_hour)
    return float(1.0 - office.mean())


def urgent_served_first(cal: Calibration) -> bool:
    """Whether P1 and P2 wait in queue less (median) than P3 and P4 (else the log is
    dispatched in arrival order, whatever the priority)."""
    waits, mix = cal.queued_hours_by_priority, cal.priority_mix

    def mean_wait(priorities: tuple[str, ...]) -> float:
        weight = sum(mix.get(p, 0.0) for p in priorities if p in waits)
        total = sum(mix.get(p, 0.0) * waits[p] for p in priorities if p in waits)
        return total / weight if weight > 0 else float("nan")

    urgent, routine = mean_wait(("P1", "P2")), mean_wait(("P3", "P4"))
    return not (urgent >= routine)  # NaN (a class absent): keep priority dispatch


def steady_window(opened: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From the Monday of the first week with >= 25% of the busiest week's arrivals to just
    after the last arrival of the last such week (never past the data: a window rounded up to
    whole weeks would dilute the arrival rate with days the log does not cover)."""
    weeks = opened.dt.to_period("W-SUN")
    counts = weeks.value_counts().sort_index()
    busy = counts[counts >= STEADY_SHARE * counts.max()].index
    start = busy.min().start_time
    last_week = busy.max()
    end = opened[weeks == last_week].max() + LAST_ARRIVAL_MARGIN
    return start, end


def weekly_trend(opened: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Yearly growth from a log-linear fit of weekly counts (0 with fewer than 4 weeks)."""
    week_index = ((opened - start).dt.days // 7).to_numpy()
    n_weeks = round((end - start).days / 7)
    if n_weeks < 4:
        return 0.0
    counts = np.bincount(week_index, minlength=n_weeks)[:n_weeks].astype(float)
    slope = np.polyfit(np.arange(n_weeks), np.log(np.maximum(counts, 1.0)), 1)[0]
    return float(np.clip(np.expm1(slope * 52.0), -0.5, 2.0))


def shares(values: pd.Series, labels: tuple[str, ...]) -> dict[str, float]:
    """Share of each label among the non-missing values (labels absent from the data get 0)."""
    counts = values.value_counts().reindex(list(labels), fill_value=0).astype(float)
    total = counts.sum()
    return {str(k): float(v / total) if total else 0.0 for k, v in counts.items()}


def _stage_fits(done: pd.DataFrame, kind: str, rng) -> dict[str, dict[str, DistFit]]:
    fits = {"desk": _by_priority(done, done[f"desk_{kind}_work_hours"], rng)}
    escalated = done[done["escalated"]]
    fits["tier2"] = _by_priority(escalated, escalated[f"tier2_{kind}_work_hours"], rng)
    return fits


def _by_priority(tickets: pd.DataFrame, hours: pd.Series, rng) -> dict[str, DistFit]:
    """One fit per priority; priorities with few tickets take the pooled fit."""
    pooled = fit_positive(hours.to_numpy(), rng)
    fits: dict[str, DistFit] = {}
    for priority in PRIORITIES:
        own = hours[tickets["priority"] == priority].to_numpy()
        fit = fit_positive(own, rng) if own.size >= MIN_PER_PRIORITY else None
        chosen = fit or pooled
        if chosen is not None:
            fits[priority] = chosen
    return fits


def _pause_fits(done: pd.DataFrame, rng) -> dict[str, dict[str, Any]]:
    """Per kind: share of tickets paused (overall and per priority), pauses per paused ticket,
    hours per pause, and total hours per paused ticket (what the simulator draws)."""
    out: dict[str, dict[str, Any]] = {}
    for kind in PAUSE_KINDS:
        count = done[f"pause_{kind}_count"]
        paused = done[count > 0]
        per_pause = paused[f"pause_{kind}_hours"] / paused[f"pause_{kind}_count"]
        was_paused = count > 0
        pooled = float(was_paused.mean())
        escalated = done["escalated"].to_numpy(dtype=bool)
        out[kind] = {
            "probability": pooled,
            "probability_by_priority": _share_by_priority(was_paused[~escalated], done[~escalated]),
            "probability_by_priority_escalated": _share_by_priority(
                was_paused[escalated], done[escalated]
            ),
            "pauses_per_paused_ticket": float(count[count > 0].mean()) if len(paused) else 0.0,
            "hours": fit_positive(per_pause.to_numpy(), rng),
            "total_hours": fit_positive(paused[f"pause_{kind}_hours"].to_numpy(), rng),
        }
    return out


def _share_by_priority(flags: pd.Series, tickets: pd.DataFrame) -> dict[str, float]:
    """Share of ``flags`` per priority; the pooled share for priorities with few tickets."""
    pooled = float(flags.mean()) if len(flags) else 0.0
    out = {}
    for priority in PRIORITIES:
        own = flags[tickets["priority"] == priority]
        out[priority] = float(own.mean()) if own.size >= MIN_PER_PRIORITY else pooled
    return out
