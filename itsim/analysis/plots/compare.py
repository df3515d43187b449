"""Comparison figure: what each arm costs against the service it gives, and the strain on staff.

Left: annual cost against SLA attainment (resolve, all tickets) per arm; middle: the same cost
against P1 SLA attainment; right: burnout where the model reports it, otherwise desk utilisation.
Points are arm means, bars 95% confidence intervals across replications.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from itsim.analysis.plots import save

USD_PER_THOUSAND = 1000.0
#: Strain KPIs in order of preference (the first one measured is plotted).
STRAIN_KPIS = ("burnout_share", "energy_mean", "utilisation_desk")


def _kpi(summary: pd.DataFrame, arm: str, kpi: str) -> tuple[float, float]:
    row = summary[(summary["scenario"] == arm) & (summary["kpi"] == kpi)]
    if row.empty:
        return float("nan"), float("nan")
    return float(row["mean"].iloc[0]), float(row["half_width"].fillna(0).iloc[0])


def _cost_vs(ax: Axes, summary: pd.DataFrame, arms: list[str], sla_kpi: str, title: str) -> None:
    for i, arm in enumerate(arms):
        cost, cost_half = _kpi(summary, arm, "annual_cost_usd")
        sla, sla_half = _kpi(summary, arm, sla_kpi)
        ax.errorbar(
            cost / USD_PER_THOUSAND, 100 * sla, xerr=cost_half / USD_PER_THOUSAND,
            yerr=100 * sla_half, fmt="o", capsize=3, color=f"C{i}", label=arm,
        )  # fmt: skip
    ax.set_xlabel("cost per year ($ thousand)")
    ax.set_ylabel(f"{title} (%)")
    ax.set_title(f"cost vs {title}")
    ax.grid(True, alpha=0.3)


def _strain(ax: Axes, summary: pd.DataFrame, arms: list[str]) -> None:
    measured = set(summary["kpi"])
    kpi = next((k for k in STRAIN_KPIS if k in measured), STRAIN_KPIS[-1])
    values = [_kpi(summary, arm, kpi) for arm in arms]
    scale = 1.0 if kpi == "energy_mean" else 100.0
    ax.bar(
        range(len(arms)), [scale * v for v, _ in values], yerr=[scale * h for _, h in values],
        color=[f"C{i}" for i in range(len(arms))], capsize=3,
    )  # fmt: skip
    ax.set_xticks(range(len(arms)), arms, rotation=30, ha="right")
    ax.set_title(kpi.replace("_", " ") + ("" if scale == 1.0 else " (%)"))
    ax.grid(True, axis="y", alpha=0.3)


def comparison_figure(summary: pd.DataFrame, arms: list[str], path: Path) -> Path:
    """Write the comparison figure of ``summary`` (one row per scenario and KPI) as PNG."""
    fig, axes = plt.subplots(1, 3, figsize=(14.0, 4.5), layout="constrained")
    _cost_vs(axes[0], summary, arms, "sla_resolve_all", "SLA resolve, all")
    _cost_vs(axes[1], summary, arms, "sla_resolve_P1", "SLA resolve, P1")
    _strain(axes[2], summary, arms)
    axes[0].legend(fontsize="small")
    return save(fig, path)
