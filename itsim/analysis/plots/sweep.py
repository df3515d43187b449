"""Figures that compare variants of a sweep: SLA against cost with the Pareto front, and
response curves (a KPI against a swept parameter, with 95% CI bands).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from itsim.analysis.plots import new_figure
from itsim.results import catalog

PARETO_COLOUR = "#c0392b"
OTHER_COLOUR = "#7f8c8d"

MAX_CURVES = 10


def thousands(value: float, _pos: int) -> str:
    """Axis formatter: dollars as $k."""
    return f"{value / 1000:,.0f}"


def sla_vs_cost(table: pd.DataFrame, pareto: list[str], short: Mapping[str, str]) -> Figure:
    """Scatter of SLA attainment against annual cost per variant, Pareto-optimal ones marked.

    ``table`` is indexed by variant with columns cost, cost_half, sla, sla_half (95% CI
    half-widths); Pareto points are annotated with ``short[variant]``.
    """
    fig, ax = new_figure(8.5, 5.0)
    table = table[table["sla"].notna()]
    others = table[~table.index.isin(pareto)]
    _scatter(ax, others, OTHER_COLOUR, "dominated")
    front = table.loc[[v for v in pareto if v in table.index]]
    _scatter(ax, front, PARETO_COLOUR, "Pareto-optimal")
    ax.plot(front["cost"], front["sla"], "-", color=PARETO_COLOUR, alpha=0.5, lw=1.5)
    for i, name in enumerate(_spread(list(front.index), 12)):
        ax.annotate(
            short.get(name, name),
            (front.loc[name, "cost"], front.loc[name, "sla"]),
            textcoords="offset points",
            xytext=(6, -12 if i % 2 else 6),
            fontsize=8,
            color=PARETO_COLOUR,
        )  # alternate offsets: neighbours stay apart
    ax.xaxis.set_major_formatter(FuncFormatter(thousands))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("cost per year ($k)")
    ax.set_ylabel("SLA attainment, resolve (all tickets)")
    ax.set_title("SLA attainment against cost (95% CI); lower right is worse")
    ax.legend(loc="lower right")
    return fig


def _scatter(ax: Any, part: pd.DataFrame, colour: str, label: str) -> None:
    """Points with CI bars; the SLA bar is clipped to [0, 1] like the share it is."""
    if part.empty:
        return
    sla, half = part["sla"], part["sla_half"].fillna(0)
    low = np.clip(np.minimum(half, sla), 0, None)
    high = np.clip(np.minimum(half, 1.0 - sla), 0, None)
    ax.errorbar(
        part["cost"],
        sla,
        xerr=part["cost_half"].fillna(0),
        yerr=np.vstack([np.asarray(low), np.asarray(high)]),
        fmt="o",
        color=colour,
        ecolor=colour,
        alpha=0.85,
        capsize=2,
        ms=6,
        label=label,
    )


def _spread(names: Sequence[str], limit: int) -> list[str]:
    """At most ``limit`` names, evenly spread, so labels do not pile up."""
    if len(names) <= limit:
        return list(names)
    picks = np.linspace(0, len(names) - 1, limit).round().astype(int)
    return [names[i] for i in sorted(set(picks.tolist()))]


def response_curves(
    summary: pd.DataFrame, points: Mapping[str, Mapping[str, Any]], key: str, short: str
) -> Figure:
    """KPIs against the swept ``key``, one line (with a 95% CI band) per arm and other factors.

    ``summary`` has columns scenario, point, kpi, mean, half_width; ``points`` maps a point
    label to its overrides. Points that share no other factor levels are drawn as dots.
    """
    frame = _with_levels(summary, points, key)
    panels = [_panel(kpi) for kpi in catalog.in_view(pd.unique(frame["kpi"]), "curve")]
    rows = max(1, -(-len(panels) // 2))
    fig, axes = plt.subplots(rows, 2, figsize=(10, 3.4 * rows), layout="constrained", squeeze=False)
    groups = list(dict.fromkeys(frame["group"]))
    for ax, panel in zip(axes.flat, panels, strict=False):
        _response_panel(ax, frame, panel, groups, short)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    _shared_legend(fig, axes.flat[0], len(groups))
    fig.suptitle(f"Response to {key} (mean and 95% CI over replications)", fontsize=11)
    return fig


def _panel(kpi: str) -> tuple[str, str, bool]:
    """(KPI, title, is a share) of one response-curve panel; money is drawn in $ thousand."""
    title = catalog.label(kpi)
    if catalog.kind(kpi) == "usd":
        title = title.replace("($)", "($k)")
    return kpi, title, catalog.is_share(kpi)


def _response_panel(
    ax: Any, frame: pd.DataFrame, panel: tuple[str, str, bool], groups: list[str], short: str
) -> None:
    kpi, title, share = panel
    colours = plt.get_cmap("tab10")
    for i, group in enumerate(groups[:MAX_CURVES]):
        part = frame[(frame["kpi"] == kpi) & (frame["group"] == group)].sort_values("x")
        _draw_curve(ax, part, colours(i % 10), group, share)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(short)
    ax.grid(True, alpha=0.3)
    if np.allclose(frame["x"], frame["x"].round()):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if share:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    elif catalog.kind(kpi) == "usd":
        ax.yaxis.set_major_formatter(FuncFormatter(thousands))


def _with_levels(
    summary: pd.DataFrame, points: Mapping[str, Mapping[str, Any]], key: str
) -> pd.DataFrame:
    """Add x (the swept value) and group (arm and the other factors' levels) columns."""
    frame = summary[summary["point"].isin(list(points))].copy()
    frame["x"] = [float(points[p][key]) for p in frame["point"]]
    arms = frame["scenario"].nunique() > 1

    def group(row: Any) -> str:
        others = [f"{k.split('.')[-1]}={v}" for k, v in points[row.point].items() if k != key]
        parts = ([row.scenario] if arms else []) + others
        return ", ".join(parts) or "all"

    frame["group"] = [group(row) for row in frame.itertuples(index=False)]
    return frame


def _draw_curve(ax: Any, part: pd.DataFrame, colour: Any, label: str, share: bool) -> None:
    x, mean, half = part["x"], part["mean"], part["half_width"].fillna(0)
    # every KPI drawn here is non-negative, and shares are at most 1: clip the CI to match
    low = np.maximum(mean - half, 0.0)
    high = np.minimum(mean + half, 1.0) if share else mean + half
    if len(part) >= 2:
        ax.plot(x, mean, "o-", color=colour, ms=3.5, lw=1.5, label=label)
        ax.fill_between(x, low, high, color=colour, alpha=0.18, lw=0)
    else:
        yerr = np.vstack([(mean - low).to_numpy(), (high - mean).to_numpy()])
        ax.errorbar(x, mean, yerr=yerr, fmt="o", color=colour, ms=4, capsize=2, label=label)


def _shared_legend(fig: Figure, ax: Any, n_groups: int) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if n_groups <= 1 or not handles:
        return
    title = None if n_groups <= MAX_CURVES else f"first {MAX_CURVES} of {n_groups}"
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=max(1, min(5, len(labels), 110 // max(len(text) for text in labels))),
        fontsize=8,
        title=title,
        frameon=False,
    )
