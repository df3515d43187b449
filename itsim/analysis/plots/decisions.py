"""Figures of the decision commands: a break-even response curve and a sensitivity tornado."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from itsim.analysis.plots import new_figure, save
from itsim.results.kpi_info import label


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
    ax.set_ylabel(f"gain in {label(kpi)} (arm − base)")
    ax.legend(loc="best", fontsize=8)
    return save(fig, path)


def tornado_figure(ranking: pd.DataFrame, kpi: str, path: Path, most: int = 15) -> Path:
    """Horizontal bars: the KPI's change when each assumption swings low and high."""
    top = ranking.head(most).iloc[::-1]
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
