"""The supply-chain block of a scenario: stock, suppliers, reorder policies, fleet, licences.

Off by default (``Scenario.supply`` is None): a scenario without the block runs exactly as before.
Lead times are calendar days; money is USD; rates carry their period in the name.
docs/model/supply.md explains the model and docs/assumptions.md the source of each default.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from itsim.config.types import (
    MIN_REVIEW_DAYS,
    Count,
    Dist,
    Model,
    NonNegFloat,
    PositiveCount,
    PositiveFloat,
    Probability,
    at_most,
    check_shares,
    zero_or_at_least,
)

#: Devices per employee of one item (a fleet's ages are tracked per device).
MAX_DEVICES_PER_EMPLOYEE = 10.0


class Supplier(Model):
    """Where stock comes from: vendor direct, a 3PL or an MSP depot."""

    lead_time_days: Dist  # calendar days from order to delivery (arrives at the next opening)
    price_factor: PositiveFloat = 1.0  # multiplier on an item's unit cost
    order_fee_usd: NonNegFloat = 0.0  # per purchase order
    monthly_fee_usd: NonNegFloat = 0.0  # depot or retainer fee


class ReorderPolicy(Model):
    """(s, S) or (r, Q) on the inventory position, reviewed every ``review_days`` (0 = always).

    Inventory position = on hand + on order − backorders. At a review with position ≤ s, (s, S)
    orders up to S; (r, Q) orders the fewest multiples of Q that lift the position above r.
    """

    reorder_point: Count
    order_up_to: PositiveCount | None = None
    order_quantity: PositiveCount | None = None
    review_days: Annotated[
        NonNegFloat, zero_or_at_least(MIN_REVIEW_DAYS, "use 0 for continuous review")
    ] = 1.0

    @model_validator(mode="after")
    def _one_rule(self) -> ReorderPolicy:
        if (self.order_up_to is None) == (self.order_quantity is None):
            raise ValueError("give exactly one of order_up_to (s, S) or order_quantity (r, Q)")
        if self.order_up_to is not None and self.order_up_to <= self.reorder_point:
            raise ValueError("order_up_to must be greater than reorder_point")
        return self


class StockItem(Model):
    """One stocked item: cost, opening stock, reorder policy, supplier, spares reserve."""

    unit_cost_usd: PositiveFloat
    initial_stock: Count
    policy: ReorderPolicy
    supplier: str | None = None  # None: the block's default supplier
    spares_reserve: Count = 0  # units only break/fix may take


class CatalogNeed(Model):
    """What one request of a catalog item consumes: a fixed kit and/or one item picked by share."""

    kit: dict[str, PositiveCount] = Field(default_factory=dict)
    one_of: dict[str, float] = Field(default_factory=dict)

    @field_validator("one_of")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares(value) if value else value

    @model_validator(mode="after")
    def _something(self) -> CatalogNeed:
        if not self.kit and not self.one_of:
            raise ValueError("give a kit, one_of, or both")
        return self


class BreakFix(Model):
    """Spares for hardware incidents that reach tier 2."""

    categories: list[str] = Field(default_factory=lambda: ["hardware"])
    spare_probability: Probability = 0.5
    spares: dict[str, float]  # stock item -> share of spare-needing incidents

    @field_validator("spares")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares(value)


class Joiners(Model):
    """The business's own hires and leavers, which raise onboarding and offboarding requests.

    Hires per year = employees × (turnover + max(growth, 0)); leavers = employees × turnover.
    """

    turnover_per_year: Annotated[float, Field(ge=0.0, le=2.0)] = 0.19
    onboarding_item: str = "onboarding"
    offboarding_item: str | None = "offboarding"
    redeploy_share: Probability = 0.5  # leavers whose device goes back into stock
    returned_devices: dict[str, float] = Field(default_factory=lambda: {"laptop": 1.0})

    @field_validator("returned_devices")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares(value)


class Fleet(Model):
    """The installed devices: age-based refresh and the age effect on hardware incidents.

    Hardware incident rate × (1 + k·age(t)) / (1 + k·reference_age), age = fleet mean age (years).
    """

    devices: dict[str, float]  # stock item -> devices per employee
    refresh_years: Annotated[float, Field(ge=0.1), at_most(100.0, "a century")] | None = 4.0
    refresh_item: str = "refresh"
    initial_age_max_years: PositiveFloat = 4.0  # opening ages uniform on [0, max)
    catch_up_days: PositiveFloat = 90.0  # overdue devices at the start are refreshed within this
    incident_categories: list[str] = Field(default_factory=lambda: ["hardware"])
    incident_rise_per_year: NonNegFloat = 0.15
    reference_age_years: NonNegFloat = 2.0

    @field_validator("devices")
    @classmethod
    def _positive(cls, value: dict[str, float]) -> dict[str, float]:
        if not value or any(not 0 <= v <= MAX_DEVICES_PER_EMPLOYEE for v in value.values()):
            raise ValueError(
                f"give 0 to {MAX_DEVICES_PER_EMPLOYEE:g} devices per employee for one item or more"
            )
        return value


class Licence(Model):
    """A licence product: seat pool, monthly price, true-up when over, shelfware when under."""

    seat_month_usd: PositiveFloat
    seats: Count  # contracted at the start
    seats_per_employee: Annotated[float, Field(gt=0), at_most(100.0, "seats per person")] = 1.0
    true_up_months: Annotated[int, Field(ge=1), at_most(120, "ten years")] = 12
    true_up_factor: NonNegFloat = 1.0  # × list price for each over-deployed seat-month
    adjust_at_true_up: bool = True  # contract resets to the seats in use at each true-up


class Supply(Model):
    """IT's supply chain: stock items, suppliers, demand on stock, fleet and licences."""

    supplier: str  # default supplier of every item
    suppliers: dict[str, Supplier]
    items: dict[str, StockItem]
    carrying_rate_per_year: Annotated[float, Field(ge=0.0, le=1.0)] = 0.25
    catalog: dict[str, CatalogNeed] = Field(default_factory=dict)
    break_fix: BreakFix | None = None
    joiners: Joiners | None = None
    fleet: Fleet | None = None
    licences: dict[str, Licence] = Field(default_factory=dict)

    def supplier_of(self, item: str) -> str:
        """The supplier name of stock item ``item``."""
        return self.items[item].supplier or self.supplier
