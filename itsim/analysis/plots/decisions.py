"""Figures of the decision commands: break-even curve, sensitivity tornado, optimiser trials."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from itsim.analysis.plots import new_figure, save
from itsim.results.kpi_info import is_share, label


def breakeven_figure(curve: pd.DataFrame, lever: str, kpi: str, root: float | None,
                     path: Path) -> Path:  # fmt: skip
    """The arm's gain over the base against the lever, with its 95% band and the root."""
    fig, ax = new_figure(7.5, 4.2)
    ax.fill_between(curve["level"], curve["gain_lower"], curve["gain_upper"], alpha=0.25,
                    label="95% CI (paired, common random numbers)")  # fmt: skip
    ax.plot(curve["level"], curve["gain_mean"], "o-", label="mean gain")
    ax.axhline(0.0, color="black", linewidth=0.8)
    if root is not None:
        ax.axvline(root, color="C3", linestyle="--", label=f"break-even {root:,.4g}")
    ax.set_xlabel(lever)
    ax.set_ylabel("gain (arm − base)")
    ax.set_title(label(kpi), fontsize=10)
    _thousands(ax)
    ax.legend(loc="best", fontsize=8)
    return save(fig, path)


def tornado_figure(ranking: pd.DataFrame, kpi: str, path: Path, most: int = 15) -> Path:
    """Horizontal bars: the KPI's change when each assumption swings low and high."""
    top = ranking[ranking["span"] > 0].head(most).iloc[::-1]
    fig, ax = new_figure(8.0, 0.35 * len(top) + 1.4)
    y = np.arange(len(top))
    ax.barh(y, top["delta_low"], color="C0", label="assumption low")
    ax.barh(y, top["delta_high"], color="C1", label="assumption high")
    ax.set_yticks(y, [f"{k} ({g})" for k, g in zip(top["key"], top["grade"], strict=True)],
                  fontsize=7)  # fmt: skip
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.set_xlabel(f"change in {label(kpi)} vs the scenario as given")
    ax.legend(loc="lower right", fontsize=8)
    return save(fig, path)


def trials_figure(
    trials: pd.DataFrame, x_kpi: str, y_kpi: str, pick: str | None, pick_label: str = "pick"
) -> Figure:
    """Every candidate of a search: one KPI against another, feasible ones in colour."""
    fig, ax = new_figure(7.0, 4.2)
    distinct = trials.drop_duplicates("candidate")
    ok = distinct["feasible"] == "yes"
    scale_x = 100.0 if is_share(x_kpi) else 1.0
    scale_y = 100.0 if is_share(y_kpi) else 1.0
    for mask, colour, name in ((ok, "C0", "meets every target"), (~ok, "0.6", "misses a target")):
        part = distinct[mask]
        ax.scatter(scale_x * part[f"{x_kpi}_mean"], scale_y * part[f"{y_kpi}_mean"], c=colour,
                   label=name, s=28)  # fmt: skip
    chosen = distinct[distinct["candidate"] == pick]
    if len(chosen):
        ax.scatter(scale_x * chosen[f"{x_kpi}_mean"], scale_y * chosen[f"{y_kpi}_mean"],
                   marker="*", s=220, c="C3", label=pick_label, zorder=3)  # fmt: skip
    _thousands(ax)
    ax.set_xlabel(label(x_kpi) + (" (%)" if scale_x == 100.0 else ""))
    ax.set_ylabel(label(y_kpi) + (" (%)" if scale_y == 100.0 else ""))
    ax.legend(loc="best", fontsize=8)
    return fig


def _thousands(ax: Any) -> None:
    """Plain axis numbers with thousands separators (no 1e6 offset)."""
    from matplotlib.ticker import FuncFormatter

    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda v, _pos: _short(v)))


def _short(value: float) -> str:
    """An axis number short enough not to collide: 2.75M, 350k, 0.5."""
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:,.3g}M"
    if size >= 1e4:
        return f"{value / 1e3:,.4g}k"
    return f"{value:,.6g}"


def monthly_figure(monthly: pd.DataFrame, arms: list[str]) -> Figure:
    """Resolve-SLA attainment per month and arm, with 95% bands across replications."""
    fig, ax = new_figure(7.5, 3.8)
    for i, arm in enumerate(arms):
        part = monthly[monthly["scenario"] == arm].sort_values("month")
        mean, half = 100 * part["mean"], 100 * part["half_width"].fillna(0.0)
        ax.plot(part["month"], mean, "o-", color=f"C{i}", label=arm, markersize=3)
        ax.fill_between(part["month"], mean - half, mean + half, color=f"C{i}", alpha=0.15)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("month of the run")
    ax.set_ylabel("SLA attainment, resolve (%)")
    ax.legend(loc="best", fontsize=8)
    return fig
