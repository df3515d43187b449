"""KPI cards: each KPI's mean with its 95% CI, and its paired difference to the base."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from itsim.api import Result
from itsim.api.present import (
    better_direction,
    diff_half_text,
    diff_text,
    half_text,
    kpi_label,
    value_text,
)
from itsim.results import catalog


@dataclass(frozen=True)
class Card:
    """What one card shows: ``st.metric`` (label, value, delta and its colour rule: green for
    a change for the better, red for the worse, grey when the 95% CI of the paired difference
    includes zero or the KPI has no better direction) and a caption with the 95% CIs."""

    kpi: str
    label: str
    value: str
    delta: str | None
    delta_color: str
    caption: str


def _delta_color(kpi: str) -> str:
    """Streamlit's colour rule: green up (normal), green down (inverse), or grey (off)."""
    return {"higher": "normal", "lower": "inverse"}.get(better_direction(kpi) or "", "off")


def card_kpis(result: Result, first: tuple[str, ...] = ()) -> list[str]:
    """The KPIs of the catalogue's ``web`` view that this result measured (a number in some
    replication; an operating-model KPI only when it is not zero), ``first`` in front."""
    summary = result.summary
    measured = summary[summary["mean"].notna()]
    shown = [
        kpi for kpi, mean in zip(measured["kpi"], measured["mean"], strict=True)
        if not ((entry := catalog.lookup(kpi)) and entry.when_nonzero and mean == 0)
    ]  # fmt: skip
    cards = catalog.in_view(shown, "web")
    return [*(k for k in first if k in set(measured["kpi"])), *(k for k in cards if k not in first)]


def build_cards(result: Result, deltas: pd.DataFrame | None, kpis: list[str]) -> list[Card]:
    """One card per KPI; ``deltas`` (paired, vs the base) adds the change, or None for the base."""
    means = _by_kpi(result.summary, "mean")
    diffs = _by_kpi(deltas, "diff") if deltas is not None and len(deltas) else None
    cards = []
    for kpi in kpis:
        mean, half = means[kpi]
        caption = f"95% CI {half_text(kpi, half) or 'n/a'}"
        delta, colour = None, _delta_color(kpi)
        if diffs is not None and kpi in diffs:
            diff, dhalf = diffs[kpi]
            delta = None if math.isnan(diff) else f"{diff_text(kpi, diff)} vs base"
            caption += f" · Δ {diff_half_text(kpi, dhalf) or 'n/a'}" if delta else ""
            if delta and _within_noise(diff, dhalf):  # not told apart from zero: no colour
                caption += " (noise)"
                colour = "off"
        cards.append(Card(kpi, kpi_label(kpi), value_text(kpi, mean), delta, colour, caption))
    return cards


def _by_kpi(frame: pd.DataFrame, column: str) -> dict[str, tuple[float, float]]:
    """``kpi → (value, half_width)`` from a summary or deltas frame."""
    pairs = zip(frame["kpi"], frame[column], frame["half_width"], strict=True)
    return {str(k): (float(v), float(h)) for k, v, h in pairs}


def _within_noise(diff: float, half: float) -> bool:
    """Whether the 95% CI of a paired difference includes zero."""
    return math.isnan(half) or abs(diff) <= half
