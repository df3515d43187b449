"""Plain-text rendering of KPI summaries for the terminal."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from itsim.results import catalog
from itsim.results.catalog import LOWER_BOUND_NOTE, fmt_interval, fmt_value, label
from itsim.results.columns import Columns

if TYPE_CHECKING:
    import pandas as pd


def headline_kpis(summary: pd.DataFrame | Columns) -> list[str]:
    """The KPIs of the catalogue's ``run`` view present in ``summary``, in catalogue order."""
    return catalog.in_view(summary["kpi"], "run")


def render_summary(summary: pd.DataFrame | Columns, kpis: list[str] | None = None) -> str:
    """A two-column table of KPI means with 95% CI half-widths."""
    means = dict(zip(summary["kpi"], summary["mean"].astype(float), strict=True))
    columns = [summary[c].astype(float).tolist() for c in ("half_width", "lower", "upper")]
    bounds = dict(zip(summary["kpi"], zip(*columns, strict=True), strict=True))
    lines = [f"{'KPI':<34} {'mean':>14}  95% CI"]
    for kpi in kpis if kpis is not None else headline_kpis(summary):
        if kpi not in means or math.isnan(means[kpi]):
            continue
        ci = fmt_interval(kpi, *bounds[kpi])
        lines.append(f"{label(kpi):<34} {fmt_value(kpi, means[kpi]):>14}  {ci}".rstrip())
    if any("≥" in line for line in lines):
        lines.append(LOWER_BOUND_NOTE)
    return "\n".join(lines)
