"""Plain-text rendering of KPI summaries for the terminal."""

from __future__ import annotations

import math

import pandas as pd

from itsim.results.catalog import fmt_half, fmt_value, label
from itsim.results.kpis import HEADLINE
from itsim.results.supply_kpis import SUPPLY_HEADLINE


def headline_kpis(summary: pd.DataFrame) -> list[str]:
    """Headline KPIs present in ``summary``, then per-team utilisation and cost categories."""
    present = list(summary["kpi"])
    order = [k for k in HEADLINE if k in present]
    order += sorted(k for k in present if k.startswith("utilisation_"))
    order += [k for k in SUPPLY_HEADLINE if k in present]
    order += sorted(k for k in present if k.startswith(("departures_", "turnover_rate_")))
    order += sorted(k for k in present if k.startswith("cost_") and k.endswith("_usd")
                    and k != "cost_per_ticket_usd" and k != "cost_per_employee_usd")  # fmt: skip
    return order


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
