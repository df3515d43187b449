"""The KPI catalogue: what each KPI means to a reader, in one place.

Every KPI a run table can carry has one entry: its label, unit kind (which fixes the unit and
the format), the better direction, its group and the views that show it by default. A family
entry (``utilisation_<team>``, ``cost_<category>_usd`` …) stands for every KPI with its prefix
and suffix. The console (``itsim run``), ``compare``, ``sweep``, the HTML report and the plots all
read this module, so adding a KPI is one entry here plus its computation in ``results/``.
The order of the entries is the order in which KPIs are shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["share", "usd", "hours", "days", "years", "count", "number"]
Better = Literal["higher", "lower"] | None
View = Literal["run", "compare", "sweep", "report", "curve", "web"]
#: Unit printed after a value of each kind.
UNITS: dict[str, str] = {"share": "%", "usd": "USD", "hours": "h", "days": "days",
                         "years": "years", "count": "", "number": ""}  # fmt: skip
ALL: frozenset[View] = frozenset(("run", "compare"))  # the default views of an entry
FAMILY_MARK = "<"


@dataclass(frozen=True)
class Kpi:
    """One catalogue entry; ``name`` is a column or a family pattern (``cost_<category>_usd``).

    ``views`` lists where the KPI is shown by default (any KPI can be asked for with ``--kpi``);
    ``when_nonzero`` hides it in ``compare`` when every arm measured zero (an operating-model
    KPI in a comparison without one).
    """

    name: str
    label: str
    kind: Kind
    better: Better
    group: str
    views: frozenset[View] = ALL
    when_nonzero: bool = False

    @property
    def unit(self) -> str:
        """Unit printed after a value (``%`` for shares, ``USD`` for money, ``h`` for hours…)."""
        return UNITS[self.kind]

    @property
    def is_family(self) -> bool:
        """Whether the entry stands for many columns (a ``<placeholder>`` in the name)."""
        return FAMILY_MARK in self.name

    def matches(self, column: str) -> str | None:
        """The placeholder's value if ``column`` belongs to this entry, else None."""
        if not self.is_family:
            return "" if column == self.name else None
        prefix, _, rest = self.name.partition("<")
        suffix = rest.partition(">")[2]
        if column.startswith(prefix) and column.endswith(suffix) and len(column) > len(prefix):
            return column[len(prefix) : len(column) - len(suffix)]
        return None


def _k(name: str, label: str, kind: Kind, better: Better, group: str,
       views: Iterable[View] = ALL, when_nonzero: bool = False) -> Kpi:  # fmt: skip
    return Kpi(name, label, kind, better, group, frozenset(views), when_nonzero)


RUN: View = "run"
CMP: View = "compare"
SWEEP: View = "sweep"
REPORT: View = "report"
CURVE: View = "curve"
WEB: View = "web"  # the KPI cards of itsim web
CATALOG: tuple[Kpi, ...] = (
    _k("sla_resolve_all", "SLA attainment, resolve (all)", "share", "higher", "service",
       (RUN, CMP, SWEEP, REPORT, CURVE)),
    _k("sla_resolve_stocked", "SLA resolve, tickets needing stock", "share", "higher", "supply"),
    _k("sla_resolve_P1", "SLA resolve P1", "share", "higher", "service",
       (RUN, CMP, SWEEP, REPORT, WEB)),
    _k("sla_resolve_P2", "SLA resolve P2", "share", "higher", "service",
       (RUN, CMP, SWEEP, REPORT, WEB)),
    _k("sla_resolve_<class>", "SLA resolve {}", "share", "higher", "service", (RUN, CMP, WEB)),
    _k("sla_response_all", "SLA attainment, response (all)", "share", "higher", "service",
       (RUN, CMP, REPORT)),
    _k("sla_response_<class>", "SLA response {}", "share", "higher", "service", ()),
    # waits and times to resolve count tickets open at the horizon so far: lower bounds (≥)
    _k("resolve_hours_p50", "time to resolve p50 (h, ≥)", "hours", "lower", "service", (RUN,)),
    _k("resolve_hours_p90", "time to resolve p90 (h, ≥)", "hours", "lower", "service",
       (RUN, CMP, REPORT)),
    _k("resolve_hours_mean", "time to resolve mean (h, ≥)", "hours", "lower", "service", ()),
    _k("resolve_hours_p50_<class>", "time to resolve p50, {} (h, ≥)", "hours", "lower",
       "service", ()),
    _k("wait_hours_mean", "wait for first touch, mean (h, ≥)", "hours", "lower", "service",
       (RUN, CMP, SWEEP, REPORT, CURVE, WEB)),
    _k("p_wait", "share of tickets that wait (≥)", "share", "lower", "service", ()),
    _k("wait_censored_share", "not started by the horizon", "share", None, "service", (RUN,)),
    _k("resolve_censored_share", "not resolved by the horizon", "share", None, "service",
       (RUN,)),
    _k("escalation_share", "tickets escalated", "share", None, "service", ()),
    _k("backlog_mean", "open tickets at day end", "number", "lower", "service",
       (RUN, CMP, REPORT, CURVE, WEB)),
    # occupancy = busy ÷ on-shift hours (burnout acts on it); utilisation = busy ÷ paid hours
    _k("occupancy_desk", "occupancy desk (busy/on shift)", "share", None, "service",
       (RUN, CMP, SWEEP, REPORT, WEB)),
    _k("utilisation_desk", "utilisation desk (busy/paid)", "share", None, "service",
       (RUN, CMP, SWEEP, REPORT, WEB)),
    _k("occupancy_<team>", "occupancy {}", "share", None, "service", (RUN,)),
    _k("utilisation_<team>", "utilisation {} (paid)", "share", None, "service",
       (RUN, CMP, WEB)),
    _k("deflected_share", "tickets deflected or prevented", "share", "higher", "operating",
       (CMP, WEB), when_nonzero=True),
    _k("msp_resolved_share", "tickets resolved by the MSP", "share", None, "operating",
       (CMP, WEB), when_nonzero=True),
    _k("projects_delivered", "projects delivered", "count", "higher", "projects",
       (RUN, CMP, REPORT)),
    _k("project_lead_time_days_mean", "project lead time (days)", "days", "lower", "projects"),
    _k("value_delivered_usd", "project value delivered ($)", "usd", "higher", "projects"),
    _k("total_cost_usd", "cost in window ($)", "usd", "lower", "cost", (RUN,)),
    _k("annual_cost_usd", "cost per year ($)", "usd", "lower", "cost",
       (RUN, CMP, SWEEP, REPORT, CURVE, WEB)),
    _k("cost_per_ticket_usd", "dept cost per resolved ticket ($)", "usd", "lower", "cost",
       (RUN, CMP, REPORT, WEB)),
    _k("cost_per_desk_ticket_usd", "desk cost per desk ticket ($)", "usd", "lower", "cost",
       (RUN, CMP, REPORT)),
    _k("cost_per_employee_usd", "IT cost per employee per year ($)", "usd", "lower", "cost",
       (CMP,)),
    _k("net_value_usd", "net value: project value + impact avoided - cost ($)", "usd", "higher",
       "cost", (CMP, WEB)),
    _k("business_impact_usd", "business impact of open tickets ($)", "usd", "lower", "value",
       (RUN, CMP, REPORT, WEB)),
    _k("impact_avoided_usd", "business impact avoided vs doing nothing ($)", "usd", "higher",
       "value", (RUN, CMP)),
    _k("abandon_rate_all", "abandonment rate (all)", "share", "lower", "service",
       (RUN, CMP, REPORT)),
    _k("abandon_rate_<class>", "abandonment rate {}", "share", "lower", "service", ()),
    _k("tickets_abandoned", "tickets abandoned before first touch", "count", "lower", "volume",
       ()),
    _k("recontacts", "re-contacts after abandoning", "count", None, "volume", ()),
    _k("lost_demand", "needs given up for good", "count", "lower", "service", (RUN, CMP)),
    _k("lost_demand_share", "share of needs given up for good", "share", "lower", "service", ()),
    _k("auto_closed", "tickets auto-closed, no reply from user", "count", None, "service",
       (RUN,)),
    _k("answered_wait_hours_mean", "wait for first touch of answered tickets, mean (h)", "hours",
       "lower", "service", ()),
    _k("msp_credits_usd", "MSP service credits ($)", "usd", "higher", "operating", (CMP,),
       when_nonzero=True),
    _k("vendor_savings_usd", "vendor management savings ($)", "usd", "higher", "operating",
       (CMP,), when_nonzero=True),
    _k("mean_energy", "mean energy (0-1)", "number", "higher", "people"),
    _k("mean_energy_<team>", "mean energy {}", "number", "higher", "people", (CMP,)),
    _k("share_burned_out", "share of person-days burned out", "share", "lower", "people",
       (RUN, CMP, SWEEP, REPORT, WEB)),
    _k("share_burned_out_<team>", "share of person-days burned out, {}", "share", "lower",
       "people", (CMP,)),
    _k("overtime_hours_per_fte_month", "overtime h per FTE per month", "hours", "lower",
       "people"),
    _k("departures", "departures", "count", "lower", "people"),
    _k("departures_<team>", "departures {}", "count", "lower", "people"),
    _k("turnover_rate", "turnover rate (per head per year)", "share", "lower", "people",
       (RUN, CMP, REPORT, WEB)),
    _k("turnover_rate_<team>", "turnover rate {}", "share", "lower", "people"),
    _k("hires", "hires", "count", None, "people"),
    _k("vacancy_days", "vacancy-days", "days", "lower", "people"),
    _k("sick_days", "sick days", "days", "lower", "people"),
    _k("fill_rate", "stock fill rate (units at once)", "share", "higher", "supply"),
    _k("stockout_item_days", "stockout item-days", "days", "lower", "supply"),
    _k("stock_delay_hours_mean", "delay for stock, mean (h)", "hours", "lower", "supply"),
    _k("share_tickets_waiting_for_stock", "tickets waiting for stock", "share", "lower", "supply",
       (CMP,)),
    _k("fulfil_hours_mean_stocked", "resolve time needing stock (h)", "hours", "lower", "supply"),
    _k("fleet_age_years_mean", "fleet mean age (years)", "years", None, "supply"),
    _k("licence_spend_usd", "licence spend incl. true-up ($)", "usd", "lower", "supply"),
    _k("shelfware_usd", "licence shelfware ($)", "usd", "lower", "supply"),
    _k("stockout_days_<item>", "stockout days, {}", "days", "lower", "supply", ()),
    _k("cost_<category>_usd", "cost {}", "usd", "lower", "cost", when_nonzero=True),
    # volumes and levels: context for the KPIs above, shown only when asked for (--kpi)
    _k("tickets_arrived", "tickets arrived", "count", None, "volume", ()),
    _k("tickets_resolved", "tickets resolved", "count", None, "volume", ()),
    _k("tickets_deflected", "tickets deflected or prevented", "count", None, "volume", ()),
    _k("tickets_open_end", "tickets open at the horizon", "count", "lower", "volume", ()),
    _k("wip_time_average", "tickets in the system, time average", "number", "lower", "volume",
       ()),
    _k("projects_arrived", "projects arrived", "count", None, "volume", ()),
    _k("projects_waiting_end", "projects waiting at the horizon", "count", "lower", "volume", ()),
    _k("projects_rejected", "projects turned away at intake", "count", None, "volume", ()),
    _k("callout_hours", "call-out hours", "hours", "lower", "volume", ()),
    _k("headcount_mean", "headcount, mean", "number", None, "volume", ()),
    _k("units_on_hand_mean", "stock units on hand, mean", "number", None, "volume", ()),
    _k("stock_units_requested", "stock units requested", "count", None, "volume", ()),
    _k("stock_units_open_end", "stock units still owed at the horizon", "count", "lower",
       "volume", ()),
)  # fmt: skip


def lookup(column: str) -> Kpi | None:
    """The entry of ``column`` (an exact entry before a family), or None if uncatalogued."""
    for entry in CATALOG:
        if not entry.is_family and entry.name == column:
            return entry
    for entry in CATALOG:
        if entry.is_family and entry.matches(column) is not None:
            return entry
    return None


def label(kpi: str) -> str:
    """A readable name for a KPI column (the column itself when uncatalogued)."""
    entry = lookup(kpi)
    if entry is None:
        return kpi
    value = entry.matches(kpi)
    return entry.label.format(value) if entry.is_family else entry.label


def kind(kpi: str) -> Kind:
    """The unit kind of a KPI; uncatalogued columns are read by their name (``_usd``, shares)."""
    entry = lookup(kpi)
    if entry is not None:
        return entry.kind
    if kpi.endswith("_usd"):
        return "usd"
    if kpi.endswith("_share") or kpi.startswith("share_"):
        return "share"
    return "number"


def is_share(kpi: str) -> bool:
    """Whether a KPI is a proportion shown as a percentage."""
    return kind(kpi) == "share"


def direction(kpi: str) -> Better:
    """Whether a higher or a lower value is better (None: neither, or uncatalogued)."""
    entry = lookup(kpi)
    return entry.better if entry is not None else None


def unit(kpi: str) -> str:
    """The unit printed after a value of ``kpi``."""
    return UNITS[kind(kpi)]


def group(kpi: str) -> str | None:
    """The catalogue group of ``kpi`` (service, operating, projects, cost, people, supply)."""
    entry = lookup(kpi)
    return entry.group if entry is not None else None


def in_view(columns: Iterable[str], view: View) -> list[str]:
    """Catalogued ``columns`` that ``view`` shows by default, in catalogue order."""
    return ordered(c for c in columns if (e := lookup(c)) is not None and view in e.views)


def ordered(columns: Iterable[str]) -> list[str]:
    """Catalogued ``columns`` in catalogue order (a family's members sorted by name)."""
    position = {e.name: i for i, e in enumerate(CATALOG)}
    found = []
    for column in dict.fromkeys(columns):
        entry = lookup(column)
        if entry is not None:
            found.append((position[entry.name], column if entry.is_family else "", column))
    return [column for *_, column in sorted(found)]


def fmt_number(
    kpi: str, value: float, sign: str = "", share_unit: str = "%", pt_digits: int = 1
) -> str:
    """A KPI value in its unit: shares in percent (or points), money to the dollar, else 2 dp.

    ``sign`` is a format sign flag (``"+"`` for differences); ``share_unit`` is ``"%"`` for a
    level or ``" pt"`` for a difference or half-width; ``pt_digits`` the decimals of shares.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    value_kind = kind(kpi)
    if value_kind == "share":
        return f"{100 * value:{sign}.{pt_digits}f}{share_unit}"
    if value_kind == "usd":
        return f"{value:{sign},.0f}"
    return f"{value:{sign},.2f}"


def fmt_value(kpi: str, value: float) -> str:
    """Format one KPI value with its unit."""
    return fmt_number(kpi, value)


#: Printed under a table that shows a censored KPI (a label marked ≥).
LOWER_BOUND_NOTE = "≥ lower bound: tickets still open at the horizon count with their time so far"


def fmt_interval(kpi: str, half: float, lower: float, upper: float) -> str:
    """A level's 95% CI: ``[lower, upper]`` in percent for a share (kept inside 0-100%), else
    ``± half-width`` in the KPI's unit."""
    if not is_share(kpi):
        return fmt_half(kpi, half)
    if any(v is None or math.isnan(v) for v in (lower, upper)):
        return ""
    return f"[{100 * lower:.1f}, {100 * upper:.1f}]%"


def fmt_half(kpi: str, half: float, pt_digits: int = 1) -> str:
    """Format a CI half-width in the KPI's unit (percentage points for shares)."""
    if half is None or math.isnan(half):
        return ""
    return "± " + fmt_number(kpi, half, share_unit=" pt", pt_digits=pt_digits)
