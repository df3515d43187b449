"""Plain-text rendering of KPI summaries for the terminal."""

from __future__ import annotations

import math

import pandas as pd

from itsim.results import catalog
from itsim.results.catalog import fmt_half, fmt_value, label


def headline_kpis(summary: pd.DataFrame) -> list[str]:
    """The KPIs of the catalogue's ``run`` view present in ``summary``, in catalogue order."""
    return catalog.in_view(summary["kpi"], "run")


def render_summary(summary: pd.DataFrame, kpis: list[str] | None = None) -> str:
    """A two-column table of KPI means with 95% CI half-widths."""
    means = dict(zip(summary["kpi"], summary["mean"].astype(float), strict=True))
    halves = dict(zip(summary["kpi"], summary["half_width"].astype(float), strict=True))
    lines = [f"{'KPI':<34} {'mean':>14}  95% CI"]
    for kpi in kpis if kpis is not None else headline_kpis(summary):
        if kpi not in means or math.isnan(means[kpi]):
            continue
        mean, half = means[kpi], halves[kpi]
        lines.append(f"{label(kpi):<34} {fmt_value(kpi, mean):>14}  {fmt_half(kpi, half)}")
    return "\n".join(lines)
