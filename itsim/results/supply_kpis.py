"""Supply KPIs of one replication: fill rate, stockouts, delay caused by stock, fleet, licences.

Window as for every KPI: units and tickets created after warm-up, days after warm-up. A unit still
not issued at the horizon counts as not filled, and its wait is counted up to the horizon (so the
stock delay is a lower bound when demand is still waiting at the end).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from itsim.model.core.units import HOURS_PER_DAY


def _mean(values: pd.Series) -> float:
    values = values.dropna()
    return float(values.mean()) if len(values) else math.nan


def stock_unit_kpis(units: pd.DataFrame, horizon_hours: float) -> dict[str, float]:
    """Fill rate and the delay that waiting for stock added to each ticket."""
    win = units[units["in_window"]]
    waited = win["issued_hours"].fillna(horizon_hours) - win["requested_hours"]
    per_ticket = waited.groupby(win["ticket_id"]).max()
    return {
        "stock_units_requested": float(len(win)),
        "fill_rate": _mean((waited <= 0).astype(float)) if len(win) else math.nan,
        "stock_units_open_end": float(units["issued_hours"].isna().sum()),
        "stock_delay_hours_mean": _mean(per_ticket),
        "share_tickets_waiting_for_stock": _mean((per_ticket > 0).astype(float)),
    }


def stocked_ticket_kpis(units: pd.DataFrame, tickets: pd.DataFrame) -> dict[str, float]:
    """SLA attainment and resolve time of the tickets that needed stock."""
    ids = units.loc[units["in_window"], "ticket_id"].unique()
    stocked = tickets[tickets["ticket_id"].isin(ids)]
    resolved = stocked[stocked["status"] == "resolved"]
    return {
        "sla_resolve_stocked": _mean(stocked["sla_resolve_met"]),
        "fulfil_hours_mean_stocked": _mean(resolved["resolve_hours"]),
    }


def inventory_kpis(inventory: pd.DataFrame, warmup_days: int) -> dict[str, float]:
    """Stockout item-days in the window, in total and per item; mean units on hand."""
    win = inventory[inventory["day"] >= warmup_days]
    per_item = win.groupby("item", sort=True)["stockout"].sum()
    kpis = {"stockout_item_days": float(per_item.sum()),
            "units_on_hand_mean": float(win.groupby("day")["on_hand"].sum().mean())}  # fmt: skip
    kpis |= {f"stockout_days_{item}": float(days) for item, days in per_item.items()}
    return kpis


def supply_kpis(
    tables: Mapping[str, pd.DataFrame], warmup_days: int, horizon_days: int
) -> dict[str, float]:
    """Every supply KPI of one replication."""
    kpis = inventory_kpis(tables["inventory_daily"], warmup_days)
    units = tables["stock_units"]
    kpis |= stock_unit_kpis(units, horizon_days * HOURS_PER_DAY)
    kpis |= stocked_ticket_kpis(units, tables["tickets"])
    fleet = tables["fleet_daily"]
    fleet_win = fleet[fleet["day"] >= warmup_days]
    kpis["fleet_age_years_mean"] = _mean(fleet_win["mean_age_years"])
    licences = tables["licence_daily"]
    kpis["shelfware_usd"] = float(licences.loc[licences["day"] >= warmup_days,
                                               "shelfware_usd"].sum())  # fmt: skip
    costs = tables["costs"]
    spend = costs["category"].isin(["licences", "licence_true_up"])
    kpis["licence_spend_usd"] = float(np.sum(costs.loc[spend, "measured_usd"]))
    return kpis
