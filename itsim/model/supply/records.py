"""The supply wing's records: item-days, units asked for by tickets, licence-days, fleet-days."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

NOT_YET = float("nan")


class InventoryDay(NamedTuple):
    """One stocked item at one day end: stock levels, and flows during the day (units)."""

    item: str
    day: int
    on_hand: int
    on_order: int
    backorders: int
    received: int
    returned: int
    consumed: int
    ordered: int


@dataclass(slots=True)
class StockUnit:
    """One unit a ticket asked for; ``issued_hours`` stays NaN until it is handed out."""

    ticket_id: int
    item: str
    requested_hours: float
    issued_hours: float = NOT_YET


class LicenceDay(NamedTuple):
    """One licence product on one day: company headcount, seats contracted and in use."""

    product: str
    day: int
    headcount: int
    seats_contracted: int
    seats_in_use: int


class FleetDay(NamedTuple):
    """The device fleet on one day: mean age (years) and the hardware-incident factor."""

    day: int
    mean_age_years: float
    incident_factor: float


#: Columns of each row type, in order.
INVENTORY_DAY_FIELDS = InventoryDay._fields
STOCK_UNIT_FIELDS = ("ticket_id", "item", "requested_hours", "issued_hours")
LICENCE_DAY_FIELDS = LicenceDay._fields


@dataclass
class SupplyRecords:
    """Plain records of the supply model for the results layer."""

    inventory_days: list[InventoryDay] = field(default_factory=list)
    stock_units: list[StockUnit] = field(default_factory=list)
    licence_days: list[LicenceDay] = field(default_factory=list)
    fleet_days: list[FleetDay] = field(default_factory=list)
    opening_stock: dict[str, int] = field(default_factory=dict)
