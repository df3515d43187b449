"""How the API names and formats a KPI (label, value text, better direction), read from the KPI
catalogue so that the API, the web app and the command line describe a KPI the same way.
"""

from __future__ import annotations

import pandas as pd

from itsim.results import catalog


def kpi_label(kpi: str) -> str:
    """A readable name of a KPI column."""
    return catalog.label(kpi)


def value_text(kpi: str, value: float) -> str:
    """A KPI value in its unit (percent for shares, dollars, else two decimals)."""
    return catalog.fmt_value(kpi, value)


def half_text(kpi: str, half: float) -> str:
    """A CI half-width, ``± …`` in the KPI's unit (points for shares); empty if unknown."""
    return catalog.fmt_half(kpi, half)


def diff_text(kpi: str, diff: float) -> str:
    """A signed paired difference in the KPI's unit (percentage points for shares)."""
    return catalog.fmt_number(kpi, diff, sign="+", share_unit=" pt", pt_digits=2)


def diff_half_text(kpi: str, half: float) -> str:
    """The CI half-width of a difference (small share differences need two decimals)."""
    return catalog.fmt_half(kpi, half, pt_digits=2)


def better_direction(kpi: str) -> str | None:
    """``"higher"``, ``"lower"`` or None (utilisation and counts are neither good nor bad)."""
    return catalog.direction(kpi)


def headline(summary: pd.DataFrame) -> list[str]:
    """The KPIs worth a first look that ``summary`` has a value for: the catalogue's ``run``
    view, in its order (what ``itsim run`` prints)."""
    measured = summary.loc[summary["mean"].notna(), "kpi"]
    return catalog.in_view(measured, "run")


def labelled(summary: pd.DataFrame) -> pd.DataFrame:
    """``summary`` with the catalogue's ``label`` and ``unit`` columns after ``kpi``."""
    out = summary.copy()
    position = list(out.columns).index("kpi") + 1
    out.insert(position, "unit", [catalog.unit(str(k)) for k in out["kpi"]])
    out.insert(position, "label", [kpi_label(str(k)) for k in out["kpi"]])
    return out
