"""Finance and operating-model KPIs of one replication: net value, credits, savings, shares.

Cost by category, cost per ticket and cost per employee are in :mod:`itsim.results.kpis`; this
module adds what the operating models need: the MSP's service credits and vendor management's
savings as their own (negative) lines, net value (project value delivered less cost, both in
the measured window), projects turned away, and the shares of tickets deflected or resolved by
the provider.
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
    out: dict[str, float] = {
        "net_value_usd": kpis["value_delivered_usd"] - kpis["total_cost_usd"],
        "projects_rejected": float(
            (projects["in_window"] & (projects["status"] == "rejected")).sum()
        ),
    }
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
