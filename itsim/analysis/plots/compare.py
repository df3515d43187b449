"""Comparison figure: what each arm costs against the service it gives, and the strain on staff.

Left: annual cost against SLA attainment (resolve, all tickets) per arm; middle: the same cost
against P1 SLA attainment; right: burnout — the share of person-days burned out, on the desk and
over all staff — where the people model reports it (results/staff.py), otherwise desk
utilisation. Points and bars are arm means, whiskers 95% confidence intervals across
replications.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from itsim.analysis.plots import save

USD_PER_THOUSAND = 1000.0
#: Burnout KPIs plotted side by side when measured: (KPI, bar label).
BURNOUT_KPIS = (("share_burned_out_desk", "desk"), ("share_burned_out", "all staff"))
#: Plotted in place of burnout when the people model is off.
FALLBACK_KPI = "utilisation_desk"


def _kpi(summary: pd.DataFrame, arm: str, kpi: str) -> tuple[float, float, float]:
    """Mean of ``kpi`` for ``arm`` and its 95% CI as distances below and above the mean.

    The summary's own interval bounds when it has them (a share's interval is not symmetric
    and stays inside 0-100%, as the printed table shows it), else mean ± half-width.
    """
    row = summary[(summary["scenario"] == arm) & (summary["kpi"] == kpi)]
    if row.empty:
        return float("nan"), float("nan"), float("nan")
    mean = float(row["mean"].iloc[0])
    half = float(row["half_width"].fillna(0).iloc[0])
    lower = float(row["lower"].iloc[0]) if "lower" in row else float("nan")
    upper = float(row["upper"].iloc[0]) if "upper" in row else float("nan")
    below = half if math.isnan(lower) else mean - lower  # no bound (one replication): the half
    above = half if math.isnan(upper) else upper - mean
    return mean, max(below, 0.0), max(above, 0.0)


def _cost_vs(ax: Axes, summary: pd.DataFrame, arms: list[str], sla_kpi: str, title: str) -> None:
    for i, arm in enumerate(arms):
        cost, cost_below, cost_above = _kpi(summary, arm, "annual_cost_usd")
        sla, sla_below, sla_above = _kpi(summary, arm, sla_kpi)
        ax.errorbar(
            cost / USD_PER_THOUSAND, 100 * sla,
            xerr=[[cost_below / USD_PER_THOUSAND], [cost_above / USD_PER_THOUSAND]],
            yerr=[[100 * sla_below], [100 * sla_above]], fmt="o", capsize=3, color=f"C{i}",
            label=arm,
        )  # fmt: skip
    ax.set_xlabel("cost per year ($ thousand)")
    ax.set_ylabel(f"{title} (%)")
    ax.set_title(f"cost vs {title}")
    ax.grid(True, alpha=0.3)


def strain_kpis(summary: pd.DataFrame) -> list[tuple[str, str]]:
    """The (KPI, label) pairs of the strain panel: burnout if measured, else desk utilisation."""
    measured = set(summary.loc[summary["mean"].notna(), "kpi"])
    burnout = [(k, text) for k, text in BURNOUT_KPIS if k in measured]
    return burnout or [(FALLBACK_KPI, "desk")]


def _strain(ax: Axes, summary: pd.DataFrame, arms: list[str]) -> None:
    kpis = strain_kpis(summary)
    width = 0.8 / len(kpis)
    for j, (kpi, _text) in enumerate(kpis):
        values = [_kpi(summary, arm, kpi) for arm in arms]
        x = [i + (j - (len(kpis) - 1) / 2) * width for i in range(len(arms))]
        ax.bar(
            x, [100 * v for v, _, _ in values], width,
            yerr=[[100 * below for _, below, _ in values], [100 * above for _, _, above in values]],
            color=[f"C{i}" for i in range(len(arms))], alpha=1.0 - 0.45 * j, capsize=3,
        )  # fmt: skip
    ax.set_xticks(range(len(arms)), arms, rotation=30, ha="right")
    if kpis[0][0] == FALLBACK_KPI:
        ax.set_title("desk utilisation (%)")
    else:
        shades = ("solid", "pale")[: len(kpis)]
        keys = ", ".join(f"{shade}: {text}" for shade, (_k, text) in zip(shades, kpis, strict=True))
        ax.set_title(f"person-days burned out (%)\n{keys}")
    ax.grid(True, axis="y", alpha=0.3)


def comparison_plot(summary: pd.DataFrame, arms: list[str]) -> Figure:
    """The comparison figure of ``summary`` (one row per scenario and KPI)."""
    fig, axes = plt.subplots(1, 3, figsize=(14.0, 4.5), layout="constrained")
    _cost_vs(axes[0], summary, arms, "sla_resolve_all", "SLA resolve, all")
    _cost_vs(axes[1], summary, arms, "sla_resolve_P1", "SLA resolve, P1")
    _strain(axes[2], summary, arms)
    axes[0].legend(fontsize="small")
    return fig


def comparison_figure(summary: pd.DataFrame, arms: list[str], path: Path) -> Path:
    """Write the comparison figure of ``summary`` (one row per scenario and KPI) as PNG."""
    return save(comparison_plot(summary, arms), path)
