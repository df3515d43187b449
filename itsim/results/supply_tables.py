"""Tidy tables of the supply model: inventory by item and day, units asked for, licences, fleet.

Only built when the scenario has a supply block. Grains: ``inventory_daily`` one row per item
and day (stock at day end, flows during the day); ``stock_units`` one row per unit a ticket asked
for; ``licence_daily`` one row per product and day; ``fleet_daily`` one row per day.
"""

from __future__ import annotations

import numpy as np

from itsim.model.core.units import DAYS_PER_YEAR, MONTHS_PER_YEAR
from itsim.model.records import ModelOutput
from itsim.model.supply.records import (
    INVENTORY_DAY_FIELDS,
    LICENCE_DAY_FIELDS,
    STOCK_UNIT_FIELDS,
    FleetDay,
    SupplyRecords,
)
from itsim.results.columns import Columns, infer_column


def inventory_daily_table(records: SupplyRecords) -> Columns:
    """One row per item per day; ``stockout`` when nothing is on hand or demand is waiting."""
    frame = Columns.from_rows(records.inventory_days, INVENTORY_DAY_FIELDS)
    frame["stockout"] = (frame["on_hand"] <= 0) | (frame["backorders"] > 0)
    return frame


def stock_units_table(out: ModelOutput, records: SupplyRecords) -> Columns:
    """One row per unit a ticket asked for: when, when issued, and the ticket it was for."""
    rows = [(u.ticket_id, u.item, u.requested_hours, u.issued_hours) for u in records.stock_units]
    frame = Columns.from_rows(rows, STOCK_UNIT_FIELDS)
    for name, dtype in (("ticket_id", np.int64), ("requested_hours", float),
                        ("issued_hours", float)):  # fmt: skip
        frame[name] = frame[name].astype(dtype)
    by_id = {t.id: t for t in out.tickets}
    tickets = [by_id[i] for i in frame["ticket_id"].tolist()]
    frame["kind"] = infer_column([t.kind for t in tickets])
    frame["category"] = infer_column([t.category for t in tickets])
    frame["created_hours"] = np.array([t.created for t in tickets], dtype=float)
    frame["wait_hours"] = frame["issued_hours"] - frame["requested_hours"]
    frame["in_window"] = frame["created_hours"] >= out.warmup_hours
    return frame


def licence_daily_table(out: ModelOutput, records: SupplyRecords) -> Columns:
    """One row per licence product per day: seats contracted and in use, shelfware cost."""
    frame = Columns.from_rows(records.licence_days, LICENCE_DAY_FIELDS)
    supply = out.scenario.supply
    assert supply is not None
    prices = {n: p.seat_month_usd for n, p in supply.licences.items()}
    price = np.array([prices.get(p, np.nan) for p in frame["product"].tolist()], dtype=float)
    in_use, contracted = frame["seats_in_use"], frame["seats_contracted"]
    frame["seats_over"] = np.clip(in_use - contracted, 0, None)
    frame["seats_shelfware"] = np.clip(contracted - in_use, 0, None)
    frame["shelfware_usd"] = frame["seats_shelfware"] * price * MONTHS_PER_YEAR / DAYS_PER_YEAR
    return frame


def fleet_daily_table(records: SupplyRecords) -> Columns:
    """One row per day: the fleet's mean age (years) and the hardware-incident factor."""
    return Columns.from_rows(records.fleet_days, FleetDay._fields)


def supply_tables(out: ModelOutput) -> dict[str, Columns]:
    """The supply tables of one replication (none when the supply block is off)."""
    records = out.supply
    if records is None:
        return {}
    return {
        "inventory_daily": inventory_daily_table(records),
        "stock_units": stock_units_table(out, records),
        "licence_daily": licence_daily_table(out, records),
        "fleet_daily": fleet_daily_table(records),
    }
