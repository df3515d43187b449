"""How the API names and formats a KPI (label, unit, value text) in tables and HTML."""

from __future__ import annotations

import pandas as pd

from itsim.cli.show import fmt_half, fmt_number, fmt_value, headline_kpis, label


def kpi_label(kpi: str) -> str:
    """A readable name of a KPI column."""
    return label(kpi)


def value_text(kpi: str, value: float) -> str:
    """A KPI value in its unit (percent for shares, dollars, else two decimals)."""
    return fmt_value(kpi, value)


def half_text(kpi: str, half: float) -> str:
    """A CI half-width, ``± …`` in the KPI's unit (points for shares); empty if unknown."""
    return fmt_half(kpi, half)


def diff_text(kpi: str, diff: float) -> str:
    """A signed paired difference in the KPI's unit (percentage points for shares)."""
    return fmt_number(kpi, diff, sign="+", share_unit=" pt", pt_digits=2)


def diff_half_text(kpi: str, half: float) -> str:
    """The CI half-width of a difference (small share differences need two decimals)."""
    return fmt_half(kpi, half, pt_digits=2)


def headline(summary: pd.DataFrame) -> list[str]:
    """The KPIs worth a first look, in display order, that ``summary`` has a value for."""
    measured = summary[summary["mean"].notna()]
    return headline_kpis(measured)


def labelled(summary: pd.DataFrame) -> pd.DataFrame:
    """``summary`` with a ``label`` column after ``kpi``."""
    out = summary.copy()
    position = list(out.columns).index("kpi") + 1
    out.insert(position, "label", [kpi_label(str(k)) for k in out["kpi"]])
    return out


#: KPI name fragments whose lower values are better (waits, backlog, money spent, strain).
_LOWER_BETTER = ("wait_", "resolve_hours", "backlog", "cost", "burned_out", "turnover",
                 "departures", "vacancy", "sick_days", "overtime", "open_end", "lead_time")  # fmt: skip
#: KPI name fragments whose higher values are better (service met, value returned, energy).
_HIGHER_BETTER = ("sla_", "value_delivered", "net_value", "energy", "projects_delivered",
                  "deflected", "savings", "credits", "fill_rate")  # fmt: skip


def better_direction(kpi: str) -> str | None:
    """``"higher"``, ``"lower"`` or None (utilisation and counts are neither good nor bad)."""
    if any(part in kpi for part in _HIGHER_BETTER):
        return "higher"
    if any(part in kpi for part in _LOWER_BETTER):
        return "lower"
    return None
