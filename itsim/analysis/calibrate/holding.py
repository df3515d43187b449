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
from itsim.analysis.calibrate.vocab import PRIORITIES

MIN_CELL = 30  # fewer tickets in a cell: use the stage's fit pooled over priorities
PAUSE_KINDS = ("user", "vendor", "other")
STAGES = {"desk": ("desk", False), "desk_escalated": ("desk", True), "tier2": ("tier2", True)}


def paused(tickets: pd.DataFrame) -> pd.Series:
    """Whether each ticket waited on the user, a vendor or anything else."""
    return tickets[[f"pause_{k}_count" for k in PAUSE_KINDS]].sum(axis=1) > 0


def fit_delays(done: pd.DataFrame, what: str, rng: np.random.Generator) -> dict[str, Any]:
    """``{stage: {priority: delay}}`` for ``what`` = ``held`` (holding) or ``queued`` (pick-up).

    A delay is ``{"probability", "office_hours", "off_hours_probability", "off_hours",
    "paused": {same four}}`` with fits as :class:`DistFit` (None when never positive).
    """
    is_paused = paused(done)
    out: dict[str, Any] = {}
    for stage, (column, escalated) in STAGES.items():
        cell = done[done["escalated"] == escalated]
        parts = _parts(cell, column, what)
        out[stage] = {}
        for priority in PRIORITIES:
            own = cell["priority"] == priority
            plain = _delay(parts, ~is_paused[cell.index], own, rng)
            with_pause = _delay(parts, is_paused[cell.index], own, rng)
            if plain is not None:
                out[stage][priority] = plain | {"paused": with_pause}
    return out


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
        "office_hours": fit_positive(office[office >= MIN_HOURS], rng),
        "off_hours_probability": float((off >= MIN_HOURS).mean()),
        "off_hours": fit_positive(off[off >= MIN_HOURS], rng),
        "n": len(chosen),
    }


def delay_block(delay: dict[str, Any]) -> dict[str, Any] | None:
    """The scenario's block for one fitted delay (None when it is never positive)."""
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
            block = delay_block(delay)
            if block is None:
                continue
            with_pause = delay_block(delay["paused"]) if delay.get("paused") else None
            if with_pause is not None:
                block["paused"] = with_pause
            blocks.setdefault(stage, {})[priority] = block
    return blocks
