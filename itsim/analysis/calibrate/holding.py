"""Fit the holding and pick-up delays: time a ticket spends neither worked nor paused.

In real logs most of a ticket's elapsed time is neither hands-on work nor a logged pause: it
sits *active* with an analyst who works on other tickets (held), or *queued* until someone picks
it up. The simulator models both as non-occupying timers (``flow.holding`` and ``flow.pickup``):
people work at full speed and these delays add elapsed time, not work.

Each delay is fitted per *stage* — ``desk`` (the first line resolves the ticket),
``desk_escalated`` (the first line's part of an escalated ticket) and ``tier2`` — and priority,
separately for tickets that also pause (paused tickets are held much longer in both logs). A
delay has two parts, both zero-inflated:

- ``office_hours``: office hours held; the simulator runs them on the business clock, so the
  nights and weekends they span come from the calendar;
- ``off_hours``: calendar hours the business clock does not span (a ticket held from 18:00 to
  22:00 by a desk that answers at night).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from itsim.analysis.calibrate.distfit import MIN_HOURS, fit_positive
from itsim.analysis.calibrate.reduce import in_office_hours
from itsim.analysis.calibrate.vocab import PRIORITIES
from itsim.analysis.calibrate.worktime import WorkWeek

MIN_CELL = 30  # fewer tickets in a cell: use the stage's fit pooled over priorities
PAUSE_KINDS = ("user", "vendor", "other")
STAGES = {"desk": ("desk", False), "desk_escalated": ("desk", True), "tier2": ("tier2", True)}


def paused(tickets: pd.DataFrame) -> pd.Series:
    """Whether each ticket waited on the user, a vendor or anything else."""
    return tickets[[f"pause_{k}_count" for k in PAUSE_KINDS]].sum(axis=1) > 0


def fit_delays(
    done: pd.DataFrame, what: str, rng: np.random.Generator, week: WorkWeek
) -> dict[str, Any]:
    """``{stage: {priority: delay}}`` for ``what`` = ``held`` (holding) or ``queued`` (pick-up).

    A delay part is ``{"probability", "office_hours", "off_hours_probability", "off_hours",
    "n"}`` with fits as :class:`DistFit` (None when never positive); a case is a part for delays
    that start in office hours plus ``"after_hours"`` (a part for those that start outside); a
    delay is a case plus ``"paused"`` (the case for tickets that also pause).
    """
    is_paused = paused(done)
    out: dict[str, Any] = {}
    for stage, (column, escalated) in STAGES.items():
        cell = done[done["escalated"] == escalated]
        parts = _parts(cell, column, what)
        office = starts_in_office(cell, column, what, week)
        out[stage] = {}
        for priority in PRIORITIES:
            own = cell["priority"] == priority
            plain = _case(parts, ~is_paused[cell.index], own, office, rng)
            with_pause = _case(parts, is_paused[cell.index], own, office, rng)
            if plain is not None:
                out[stage][priority] = plain | {"paused": with_pause}
    return out


def starts_in_office(cell: pd.DataFrame, column: str, what: str, week: WorkWeek) -> pd.Series:
    """Whether the stage's first interval of this kind started in office hours (else whether
    the stage did: the ticket's opening for the desk, its escalation for tier 2)."""
    name = "held" if what == "held" else "queued"
    first = cell[f"{column}_{name}_starts_in_office"]
    stage_start = cell["opened_at"] if column == "desk" else cell["escalated_at"]
    fallback = pd.Series(in_office_hours(stage_start, week).astype(float), index=cell.index)
    return first.fillna(fallback).astype(bool)


def _case(parts, subset, own, office, rng) -> dict[str, Any] | None:
    """A delay for the tickets in ``subset``, with its after-hours variant."""
    in_office = _delay(parts, subset & office, own, rng)
    after_hours = _delay(parts, subset & ~office, own, rng)
    if in_office is None:
        return after_hours
    return in_office | {"after_hours": after_hours}


def _parts(cell: pd.DataFrame, column: str, what: str) -> pd.DataFrame:
    if what == "held":
        office, off = f"{column}_held_office_hours", f"{column}_held_off_hours"
        return pd.DataFrame({"office": cell[office], "off": cell[off]})
    return queued_parts(cell, column)


def queued_parts(cell: pd.DataFrame, column: str) -> pd.DataFrame:
    """Queued time as office hours (working hours queued) and the calendar rest."""
    office = cell[f"{column}_queued_work_hours"]
    return pd.DataFrame({"office": office, "off": cell[f"{column}_queued_off_hours"]})


def _delay(
    parts: pd.DataFrame, subset: pd.Series, own: pd.Series, rng: np.random.Generator
) -> dict[str, Any] | None:
    """One zero-inflated two-part delay, from the priority's own tickets when there are enough."""
    chosen = parts[subset & own]
    if len(chosen) < MIN_CELL:
        chosen = parts[subset]
    if len(chosen) < MIN_CELL:
        return None
    office, off = chosen["office"].to_numpy(float), chosen["off"].to_numpy(float)
    return {
        "probability": float((office >= MIN_HOURS).mean()),
        "office_hours": fit_positive(office[office >= MIN_HOURS], rng, keep_mean=False),
        "off_hours_probability": float((off >= MIN_HOURS).mean()),
        "off_hours": fit_positive(off[off >= MIN_HOURS], rng, keep_mean=False),
        "n": len(chosen),
    }


def case_block(case: dict[str, Any] | None) -> dict[str, Any] | None:
    """A delay with its after-hours variant, as the scenario writes it."""
    if not case:
        return None
    block = delay_block(case) or {}
    after = delay_block(case["after_hours"]) if case.get("after_hours") else None
    if after is not None:
        block["after_hours"] = after
    return block or None


def delay_block(delay: dict[str, Any]) -> dict[str, Any] | None:
    """The scenario's block for one fitted delay part (None when it is never positive)."""
    block: dict[str, Any] = {}
    for part, probability in (
        ("office_hours", "probability"),
        ("off_hours", "off_hours_probability"),
    ):
        fit = delay.get(part)
        if fit is not None and delay[probability] > 0:
            block[probability] = round(delay[probability], 4)
            block[part] = fit.as_scenario_dist()
    return block or None


def delay_blocks(fitted: dict[str, Any]) -> dict[str, Any]:
    """``flow.holding`` / ``flow.pickup`` from :func:`fit_delays`: stage -> priority -> block."""
    blocks: dict[str, Any] = {}
    for stage, by_priority in fitted.items():
        for priority, delay in by_priority.items():
            block = case_block(delay)
            if block is None:
                continue
            with_pause = case_block(delay.get("paused"))
            if with_pause is not None:
                block["paused"] = with_pause
            blocks.setdefault(stage, {})[priority] = block
    return blocks


CLASS_COVERAGE = 0.8  # first-line groups taking 80% of the tickets get their own delays
MAX_CLASSES = 8
MIN_CLASS_TICKETS = 100


def fit_delay_classes(
    done: pd.DataFrame, rng: np.random.Generator, week: WorkWeek, base: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """One delay class per busy first-line group, plus ``other`` for the rest ({} if none).

    Parameters
    ----------
    done : pandas.DataFrame
        Resolved tickets of the fit window, with ``first_group``.
    base : dict
        ``{"holding": ..., "pickup": ...}`` fitted on all tickets: a class's cell without enough
        tickets of its own takes these.

    Returns
    -------
    dict
        ``{class: {"group", "share", "share_escalated", "holding", "pickup", "n"}}``.
    """
    group = done["first_group"].astype("object").where(done["first_group"].notna(), None)
    counts = group.value_counts()
    keep = counts[counts >= MIN_CLASS_TICKETS]
    keep = keep[(keep.cumsum() / len(done)).shift(fill_value=0.0) < CLASS_COVERAGE]
    keep = keep.iloc[:MAX_CLASSES]
    if keep.empty:
        return {}
    label = group.where(group.isin(keep.index), "other")
    out = {}
    for i, name in enumerate([*keep.index, "other"], start=1):
        own = done[label == name]
        if own.empty:
            continue
        key = "other" if name == "other" else f"desk_{i:02d}"
        out[key] = {"group": str(name), "n": len(own)} | stratum_shares(done, label == name)
        for kind, what in (("holding", "held"), ("pickup", "queued")):
            out[key][kind] = _with_fallback(fit_delays(own, what, rng, week), base[kind])
    return out


#: The share table of each stratum, by (escalated, paused).
SHARE_KEYS = {
    (False, False): "share",
    (True, False): "share_escalated",
    (False, True): "share_paused",
    (True, True): "share_escalated_paused",
}


def share_strata(done: pd.DataFrame) -> dict[str, pd.Series]:
    """Each share table's tickets: ``share``, ``share_escalated``... (see :data:`SHARE_KEYS`)."""
    is_paused = paused(done)
    escalated = done["escalated"].astype(bool)
    return {
        key: (escalated == esc) & (is_paused == with_pause)
        for (esc, with_pause), key in SHARE_KEYS.items()
    }


def stratum_shares(
    done: pd.DataFrame,
    member: pd.Series,
    among: pd.Series | None = None,
    strata: dict[str, pd.Series] | None = None,
    min_cell: int = 1,
) -> dict[str, dict[str, float]]:
    """A class's share (``member``) of the ``among`` tickets (default: all) of each stratum and
    priority, for the cells with ``min_cell`` tickets at least."""
    strata = strata if strata is not None else share_strata(done)
    among = among if among is not None else pd.Series(True, index=done.index)
    out: dict[str, dict[str, float]] = {}
    for key, stratum in strata.items():
        out[key] = {}
        for priority in PRIORITIES:
            cell = among & stratum & (done["priority"] == priority)
            if cell.sum() >= min_cell:
                out[key][priority] = round(float(member[cell].mean()), 4)
    return out


def _with_fallback(own: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """``own`` with every stage and priority it lacks taken from ``base``."""
    merged = {stage: dict(by_priority) for stage, by_priority in base.items()}
    for stage, by_priority in own.items():
        merged.setdefault(stage, {}).update(by_priority)
    return merged


def class_blocks(classes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``flow.delay_classes`` from :func:`fit_delay_classes` or :func:`speed.fit_speed_classes`
    (whose classes carry their own effort, ``handle_hours``)."""
    blocks: dict[str, Any] = {}
    for key, fitted in classes.items():
        block = {
            "share": fitted["share"],
            "share_escalated": fitted["share_escalated"],
            "share_paused": fitted["share_paused"],
            "share_escalated_paused": fitted["share_escalated_paused"],
            "holding": delay_blocks(fitted["holding"]),
            "pickup": delay_blocks(fitted["pickup"]),
        }
        if fitted.get("by_arrival"):
            block["by_arrival"] = fitted["by_arrival"]
        handle = fitted.get("handle")
        if handle:
            block["handle_hours"] = {work: fit.as_scenario_dist() for work, fit in handle.items()}
        blocks[key] = block
    return blocks
