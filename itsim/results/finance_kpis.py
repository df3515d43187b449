"""Finance and operating-model KPIs of one replication: net value, credits, savings, shares.

Cost by category, cost per ticket and cost per employee are in :mod:`itsim.results.kpis`; this
module adds what the operating models need: the MSP's service credits and vendor management's
savings as their own (negative) lines, net value, projects turned away, the shares of tickets
deflected or resolved by the provider, and the benchmark cost per ticket.

Net value = value delivered by projects + business impact avoided - IT's cost, all in the
measured window. Impact avoided = the do-nothing reference's impact - the business impact; with
no reference (or no ``impact:`` block) the reference is 0, so net value = project value - cost -
business impact (docs/model/value.md).

Two costs per ticket are reported, labelled apart. ``cost_per_ticket_usd`` spreads the whole
department (developers, projects, leadership) over resolved tickets. ``cost_per_desk_ticket_usd``
is MetricNet's definition [MN-CPT] (domain-figures §9.1): service-desk cost ÷ tickets the desk
handled — the desk team's ledger lines (salaries, overtime, on-call, hiring, turnover) plus
what an MSP charges for desk work, over the window's tickets that got a first touch. Indirect
costs MetricNet also counts (supervisors, ACD, facilities; ×1.35 on staff cost, §3) are not in
the ledger, so compare it with benchmarks on that basis.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from itsim.results.columns import Columns
from itsim.results.rows import rows_with

#: Ledger items also reported as KPIs of their own: money returned, as a positive amount (the
#: ledger holds them as negative lines in their category, so totals already net them off).
NEGATIVE_ITEMS = {"credits": "msp_credits_usd", "vendor_management": "vendor_savings_usd"}
MSP_RESOLVER = "msp"
MSP_CATEGORY = "msp"


def finance_kpis(
    tables: Mapping[str, Columns], kpis: Mapping[str, float], desk_team: str = "desk"
) -> dict:
    """KPIs derived from the costs, tickets and projects tables and the KPIs already computed."""
    costs, tickets, projects = tables["costs"], tables["tickets"], tables["projects"]
    impact = kpis.get("business_impact_usd", 0.0)
    reference = tables.get("impact_reference")
    avoided = -impact if reference is None else float(reference["measured_usd"].sum()) - impact
    out: dict[str, float] = {
        "net_value_usd": kpis["value_delivered_usd"] + avoided - kpis["total_cost_usd"],
        "projects_rejected": float(
            (projects["in_window"] & (projects["status"] == "rejected")).sum()
        ),
    }
    if reference is not None:
        out["impact_avoided_usd"] = avoided
    for item, name in NEGATIVE_ITEMS.items():
        out[name] = -float(costs["measured_usd"][costs["item"] == item].sum())
    win = rows_with(tickets, tickets["in_window"], ("status", "resolver", "responded_hours"))
    resolvers = win["resolver"][win["status"] == "resolved"]
    out["deflected_share"] = _share(win["status"] == "deflected")
    out["msp_resolved_share"] = _share(resolvers == MSP_RESOLVER)
    out["cost_per_desk_ticket_usd"] = desk_cost_per_ticket(costs, win, desk_team)
    return out


def desk_cost_per_ticket(costs: Columns, window: Columns, desk_team: str) -> float:
    """Service-desk cost in the window ÷ the window's tickets the desk (or its MSP) touched."""
    desk = (costs["item"] == desk_team) | (costs["category"] == MSP_CATEGORY)
    handled = int((~np.isnan(window["responded_hours"])).sum())
    return float(costs["measured_usd"][desk].sum()) / handled if handled else math.nan


def _share(flags: np.ndarray) -> float:
    """Share of True values (NaN when there are none to count)."""
    return float(flags.astype(np.float64).mean()) if len(flags) else math.nan
