"""What the decision commands need to know about a KPI: its label, unit and better direction.

A thin accessor over the KPI catalogue (:mod:`itsim.results.catalog`), so ``optimise``,
``breakeven``, ``sensitivity`` and the decision report never hard-code a KPI's meaning.
Directions and units are read from prefixes here until the catalogue carries them.
"""

from __future__ import annotations

from typing import Literal

from itsim.results import catalog

Direction = Literal["higher", "lower"]

#: Prefixes of KPIs where a larger value is better (the rest: smaller is better, or neutral).
_HIGHER = ("sla_", "net_value", "value_delivered", "projects_delivered", "mean_energy",
           "deflected_share", "msp_credits", "vendor_savings")  # fmt: skip
#: Prefixes of KPIs where a smaller value is better.
_LOWER = ("wait_hours", "resolve_hours", "backlog", "annual_cost", "total_cost", "cost_",
          "share_burned_out", "overtime_hours", "departures", "turnover_rate", "vacancy_days",
          "sick_days", "project_lead_time")  # fmt: skip


def direction(kpi: str) -> Direction | None:
    """Whether a higher or a lower value of ``kpi`` is better (None: neither, e.g. utilisation)."""
    if kpi.startswith(_HIGHER):
        return "higher"
    if kpi.startswith(_LOWER):
        return "lower"
    return None


def is_share(kpi: str) -> bool:
    """Whether ``kpi`` is a proportion in [0, 1] (shown as a percentage)."""
    return catalog.is_share(kpi)


def unit(kpi: str) -> str:
    """The unit of ``kpi`` as printed after a value."""
    if kpi.endswith("_usd"):
        return "USD"
    if is_share(kpi):
        return "%"
    if "hours" in kpi:
        return "h"
    if kpi.endswith("_days") or "days_" in kpi:
        return "days"
    return ""


def label(kpi: str) -> str:
    """A readable name of ``kpi``."""
    return catalog.label(kpi)
