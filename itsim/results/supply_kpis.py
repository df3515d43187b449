"""Supply KPIs of one replication: fill rate, stockouts, delay caused by stock, fleet, licences.

Window as for every KPI: units and tickets created after warm-up, days after warm-up. A unit still
not issued at the horizon counts as not filled, and its wait is counted up to the horizon (so the
stock delay is a lower bound when demand is still waiting at the end).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from itsim.model.core.units import HOURS_PER_DAY
from itsim.results.columns import Columns, group_sum


def _mean(values: np.ndarray) -> float:
    values = values.astype(np.float64, copy=False)
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else math.nan


def stock_unit_kpis(units: Columns, horizon_hours: float) -> dict[str, float]:
    """Fill rate and the delay that waiting for stock added to each ticket."""
    win = units.rows(units["in_window"])
    issued = win["issued_hours"]
    waited = np.where(np.isnan(issued), horizon_hours, issued) - win["requested_hours"]
    per_ticket = _max_by(win["ticket_id"], waited)
    return {
        "stock_units_requested": float(len(win)),
        "fill_rate": _mean(waited <= 0) if len(win) else math.nan,
        "stock_units_open_end": float(np.isnan(units["issued_hours"]).sum()),
        "stock_delay_hours_mean": _mean(per_ticket),
        "share_tickets_waiting_for_stock": _mean(per_ticket > 0),
    }


def _max_by(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The largest of ``values`` per distinct key, in key order."""
    if keys.size == 0:
        return np.array([], dtype=np.float64)
    order = np.lexsort((values, keys))  # by key, largest value last in each key
    ordered = keys[order]
    last = np.flatnonzero(np.append(ordered[1:] != ordered[:-1], True))
    return values[order][last].astype(np.float64)


def stocked_ticket_kpis(units: Columns, tickets: Columns) -> dict[str, float]:
    """SLA attainment and resolve time of the tickets that needed stock."""
    ids = np.unique(units["ticket_id"][units["in_window"]])
    stocked = tickets.rows(np.isin(tickets["ticket_id"], ids))
    resolved = stocked["resolve_hours"][stocked["status"] == "resolved"]
    return {
        "sla_resolve_stocked": _mean(stocked["sla_resolve_met"]),
        "fulfil_hours_mean_stocked": _mean(resolved),
    }


def inventory_kpis(inventory: Columns, warmup_days: int) -> dict[str, float]:
    """Stockout item-days in the window, in total and per item; mean units on hand."""
    win = inventory.rows(inventory["day"] >= warmup_days)
    items, per_item = group_sum((win["item"],), win["stockout"])
    _, on_hand = group_sum((win["day"],), win["on_hand"])
    kpis = {"stockout_item_days": float(per_item.sum()),
            "units_on_hand_mean": float(on_hand.mean())}  # fmt: skip
    kpis |= {
        f"stockout_days_{item[0]}": float(days) for item, days in zip(items, per_item, strict=True)
    }
    return kpis


def supply_kpis(
    tables: Mapping[str, Columns], warmup_days: int, horizon_days: int
) -> dict[str, float]:
    """Every supply KPI of one replication."""
    kpis = inventory_kpis(tables["inventory_daily"], warmup_days)
    units = tables["stock_units"]
    kpis |= stock_unit_kpis(units, horizon_days * HOURS_PER_DAY)
    kpis |= stocked_ticket_kpis(units, tables["tickets"])
    fleet = tables["fleet_daily"]
    kpis["fleet_age_years_mean"] = _mean(fleet["mean_age_years"][fleet["day"] >= warmup_days])
    licences = tables["licence_daily"]
    kpis["shelfware_usd"] = float(licences["shelfware_usd"][licences["day"] >= warmup_days]
                                  .sum())  # fmt: skip
    costs = tables["costs"]
    spend = np.isin(costs["category"], ["licences", "licence_true_up"])
    kpis["licence_spend_usd"] = float(np.sum(costs["measured_usd"][spend]))
    return kpis
