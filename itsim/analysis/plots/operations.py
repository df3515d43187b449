"""Figures of how the department runs over time: backlog, utilisation by team and by hour of
week, headcount and burnout trajectories. Each takes tidy tables and returns a Figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from itsim.analysis.plots import new_figure

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HOURS_PER_DAY = 24


def _colours(n: int) -> list:
    cmap = plt.get_cmap("tab10")
    return [cmap(i % 10) for i in range(n)]


def daily_lines(
    series: pd.DataFrame, variants: Sequence[str], ylabel: str, title: str, warmup_days: int
) -> Figure:
    """One line per variant over days, with a 95% CI band; a dotted line at the warm-up end.

    ``series`` has columns variant, day, mean, half_width.
    """
    fig, ax = new_figure(9.0, 4.2)
    for colour, variant in zip(_colours(len(variants)), variants, strict=True):
        part = series[series["variant"] == variant].sort_values("day")
        half = part["half_width"].fillna(0)
        ax.plot(part["day"], part["mean"], color=colour, lw=1.3, label=variant)
        ax.fill_between(
            part["day"], part["mean"] - half, part["mean"] + half, color=colour, alpha=0.15, lw=0
        )
    _mark_warmup(ax, warmup_days)
    ax.set(xlabel="day", ylabel=ylabel, title=title)
    ax.set_ylim(bottom=0)
    peaks = series.groupby("variant")["mean"].max()
    if len(peaks) > 1 and peaks.max() > 30 * max(1.0, peaks.min()):
        # overloaded variants grow without bound: keep the others readable
        ax.set_yscale("symlog", linthresh=10)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}"))
    if len(variants) > 1:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def _mark_warmup(ax: Any, warmup_days: int) -> None:
    if warmup_days:
        ax.axvline(warmup_days, color="black", ls=":", lw=1)
        ax.annotate(
            "end of warm-up",
            (warmup_days, 1),
            xycoords=("data", "axes fraction"),
            xytext=(4, -12),
            textcoords="offset points",
            fontsize=8,
        )


def utilisation_by_team(
    means: pd.DataFrame, halves: pd.DataFrame, variants: Sequence[str]
) -> Figure:
    """Grouped bars: utilisation of each team (rows of ``means``) for each variant (columns)."""
    teams = list(means.index)
    fig, ax = new_figure(9.0, 4.2)
    width = 0.8 / max(1, len(variants))
    x = np.arange(len(teams))
    for i, (colour, variant) in enumerate(zip(_colours(len(variants)), variants, strict=True)):
        mean, half = means[variant], halves[variant].fillna(0)
        # utilisation lies in [0, 1]: clip the CI (and float noise just above 1) to match
        yerr = np.clip(np.vstack([np.minimum(half, mean), np.minimum(half, 1.0 - mean)]), 0, None)
        yerr = np.nan_to_num(yerr)
        ax.bar(
            x + (i - (len(variants) - 1) / 2) * width,
            mean,
            width,
            yerr=yerr,
            color=colour,
            capsize=2,
            label=variant,
        )
    ax.set_xticks(x, teams)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel("busy ÷ on-shift hours")
    ax.set_title("Utilisation by team (mean over the measured window, 95% CI)")
    ax.set_ylim(0, max(1.0, float(np.nanmax(means.to_numpy(dtype=float))) * 1.1))
    if len(variants) > 1:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def utilisation_hour_of_week(table: pd.DataFrame, variant: str) -> Figure:
    """Utilisation of each team by hour of the week (0 = Monday 00:00), one line per team.

    ``table`` has columns team, hour_of_week, busy_hours, available_hours summed over runs;
    hours when nobody is on shift are gaps.
    """
    fig, ax = new_figure(10.0, 4.0)
    for colour, (team, part) in zip(_colours(8), table.groupby("team", sort=True), strict=False):
        part = part.sort_values("hour_of_week")
        avail = part["available_hours"].where(part["available_hours"] > 0)
        ax.plot(part["hour_of_week"], part["busy_hours"] / avail, color=colour, lw=1.4, label=team)
    for day in range(1, 7):
        ax.axvline(day * HOURS_PER_DAY, color="grey", lw=0.6, alpha=0.5)
    ax.set_xticks([d * HOURS_PER_DAY + 12 for d in range(7)], WEEKDAY_NAMES)
    ax.set_xlim(0, 7 * HOURS_PER_DAY)
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel("busy ÷ on-shift hours")
    ax.set_title(f"Utilisation by hour of week: {variant}")
    ax.legend(fontsize=8, loc="upper right", ncols=4)
    return fig


def team_lines(series: pd.DataFrame, ylabel: str, title: str, stacked: bool = False) -> Figure:
    """Small multiples: one panel per variant, one line (or stacked area) per team.

    ``series`` has columns variant, team, day, value.
    """
    variants = list(dict.fromkeys(series["variant"]))
    cols = min(3, len(variants))
    rows = -(-len(variants) // cols)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(max(7.0, 3.6 * cols + 1.5), 2.8 * rows + 0.9),
        layout="constrained",
        squeeze=False,
        sharey=True,
    )
    teams = sorted(series["team"].unique())
    colours = dict(zip(teams, _colours(len(teams)), strict=True))
    for ax, variant in zip(axes.flat, variants, strict=False):
        _team_panel(ax, series[series["variant"] == variant], colours, stacked)
        ax.set_title(variant, fontsize=9)
    for ax in list(axes.flat)[len(variants) :]:
        ax.set_visible(False)
    axes[0][0].set_ylabel(ylabel)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=min(6, len(labels)),
        fontsize=8,
        frameon=False,
    )
    fig.suptitle(title, fontsize=11)
    return fig


def _team_panel(ax: Any, part: pd.DataFrame, colours: dict[str, Any], stacked: bool) -> None:
    if stacked:  # headcounts add up; stacking keeps equal-sized teams visible
        wide = part.pivot_table(index="day", columns="team", values="value").fillna(0)
        ax.stackplot(
            wide.index,
            wide.T.to_numpy(),
            labels=list(wide.columns),
            colors=[colours[t] for t in wide.columns],
            alpha=0.85,
        )
    else:
        for team, lines in part.groupby("team"):
            ax.plot(lines["day"], lines["value"], color=colours[str(team)], lw=1.3, label=team)
    ax.set_xlabel("day")
    ax.grid(True, alpha=0.3)
