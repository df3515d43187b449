"""What each KPI means to a reader: its label, whether it is a share, how it is formatted.

Read by the console, ``compare``, ``sweep``, the HTML report and the plots, so that a KPI is
described in one place.
"""

from __future__ import annotations

import math

from itsim.results.supply_kpis import SUPPLY_LABELS

LABELS = {
    "sla_resolve_all": "SLA attainment, resolve (all)",
    "sla_response_all": "SLA attainment, response (all)",
    "resolve_hours_p50": "time to resolve p50 (h)",
    "resolve_hours_p90": "time to resolve p90 (h)",
    "resolve_hours_mean": "time to resolve mean (h)",
    "wait_hours_mean": "wait for first touch, mean (h)",
    "backlog_mean": "open tickets at day end",
    "projects_delivered": "projects delivered",
    "project_lead_time_days_mean": "project lead time (days)",
    "value_delivered_usd": "project value delivered ($)",
    "total_cost_usd": "cost in window ($)",
    "annual_cost_usd": "cost per year ($)",
    "cost_per_ticket_usd": "cost per resolved ticket ($)",
    "cost_per_employee_usd": "IT cost per employee per year ($)",
    "net_value_usd": "net value: project value - cost ($)",
    "deflected_share": "tickets deflected or prevented",
    "msp_resolved_share": "tickets resolved by the MSP",
    "msp_credits_usd": "MSP service credits ($)",
    "vendor_savings_usd": "vendor management savings ($)",
    "mean_energy": "mean energy (0-1)",
    "share_burned_out": "share of person-days burned out",
    "overtime_hours_per_fte_month": "overtime h per FTE per month",
    "departures": "departures",
    "turnover_rate": "turnover rate (per head per year)",
    "hires": "hires",
    "vacancy_days": "vacancy-days",
    "sick_days": "sick days",
} | SUPPLY_LABELS


def label(kpi: str) -> str:
    """A readable name for a KPI column."""
    if kpi in LABELS:
        return LABELS[kpi]
    for prefix, text in (("sla_resolve_", "SLA resolve "), ("sla_response_", "SLA response "),
                         ("utilisation_", "utilisation "), ("cost_", "cost "),
                         ("departures_", "departures "), ("turnover_rate_", "turnover rate "),
                         ("mean_energy_", "mean energy "),
                         ("share_burned_out_", "share of person-days burned out, ")):  # fmt: skip
        if kpi.startswith(prefix):
            return text + kpi.removeprefix(prefix).removesuffix("_usd")
    return kpi


def is_share(kpi: str) -> bool:
    """Whether a KPI is a proportion shown as a percentage."""
    return kpi.startswith(
        (
            "sla_",
            "utilisation_",
            "p_wait",
            "escalation_share",
            "share_",
            "fill_rate",
            "turnover_rate",
        )
    ) or (kpi.endswith("_share"))


def fmt_number(
    kpi: str, value: float, sign: str = "", share_unit: str = "%", pt_digits: int = 1
) -> str:
    """A KPI value in its unit: shares in percent (or points), money to the dollar, else 2 dp.

    ``sign`` is a format sign flag (``"+"`` for differences); ``share_unit`` is ``"%"`` for a
    level or ``" pt"`` for a difference or half-width; ``pt_digits`` the decimals of shares.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if is_share(kpi):
        return f"{100 * value:{sign}.{pt_digits}f}{share_unit}"
    if kpi.endswith("_usd"):
        return f"{value:{sign},.0f}"
    return f"{value:{sign},.2f}"


def fmt_value(kpi: str, value: float) -> str:
    """Format one KPI value with its unit."""
    return fmt_number(kpi, value)


def fmt_half(kpi: str, half: float, pt_digits: int = 1) -> str:
    """Format a CI half-width in the KPI's unit (percentage points for shares)."""
    if half is None or math.isnan(half):
        return ""
    return "± " + fmt_number(kpi, half, share_unit=" pt", pt_digits=pt_digits)
