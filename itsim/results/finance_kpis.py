"""Finance and operating-model KPIs of one replication: net value, credits, savings, shares.

Cost by category, cost per ticket and cost per employee are in :mod:`itsim.results.kpis`; this
module adds what the operating models need: the MSP's service credits and vendor management's
savings as their own (negative) lines, net value, projects turned away, and the shares of tickets
deflected or resolved by the provider.

Net value = value delivered by projects + business impact avoided - IT's cost, all in the
measured window. Impact avoided = the do-nothing reference's impact - the business impact; with
no reference (or no ``impact:`` block) the reference is 0, so net value = project value - cost -
business impact (docs/model/value.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

#: Ledger items also reported as KPIs of their own: money returned, as a positive amount (the
#: ledger holds them as negative lines in their category, so totals already net them off).
NEGATIVE_ITEMS = {"credits": "msp_credits_usd", "vendor_management": "vendor_savings_usd"}
MSP_RESOLVER = "msp"


def finance_kpis(tables: Mapping[str, pd.DataFrame], kpis: Mapping[str, float]) -> dict:
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
        out[name] = -float(costs.loc[costs["item"] == item, "measured_usd"].sum())
    win = tickets[tickets["in_window"]]
    resolved = win[win["status"] == "resolved"]
    out["deflected_share"] = _share(win["status"] == "deflected")
    out["msp_resolved_share"] = _share(resolved["resolver"] == MSP_RESOLVER)
    return out


def _share(flags: pd.Series) -> float:
    """Share of True values (NaN when there are none to count)."""
    return float(flags.mean()) if len(flags) else math.nan
