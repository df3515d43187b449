"""The ``msp:`` block: an outsourcing provider's scope, capacity, quality, pricing and SLA.

Off by default (``msp: null``). Figures and sources are in docs/model/operating-models.md and
docs/assumptions.md; money is USD, times are hours.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from itsim.config.types import (
    Model,
    Multiplier,
    NonNegFloat,
    PositiveCount,
    PositiveFloat,
    Probability,
    StaffCount,
    at_most,
)

MspMode = Literal["overflow", "after_hours", "tier1", "full"]
PriceClass = Literal["P1", "P2", "P3", "P4", "REQ"]


class MspCapacity(Model):
    """The provider's own agents: how many, on which shift, how fast relative to our desk.

    ``handle_time_factor`` scales each ticket's desk effort (its own quantile), so the provider
    works the same tickets as our desk would, at its own pace.
    """

    agents: StaffCount = 3
    shift: Literal["24x7", "business"] = "24x7"
    handle_time_factor: Annotated[float, Field(gt=0), at_most(100.0, "times our pace")] = 1.0


class MspQuality(Model):
    """First-contact resolution within scope, hand-off back to us, and the early knowledge gap.

    The knowledge penalty lowers FCR by ``knowledge_penalty`` and raises handle time by the same
    fraction at the start, fading linearly to zero over ``penalty_fade_months``.
    """

    first_contact_resolution: Probability = 0.65
    handoff_hours: NonNegFloat = 2.0
    knowledge_penalty: Annotated[float, Field(ge=0.0, le=0.9)] = 0.15
    penalty_fade_months: NonNegFloat = 3.0


def _default_ticket_prices() -> dict[PriceClass, float]:
    return {"P1": 30.0, "P2": 30.0, "P3": 30.0, "P4": 30.0, "REQ": 30.0}


class MspPricing(Model):
    """What the provider charges; every part may be combined with the others.

    ``per_ticket_usd`` is charged for every ticket the provider takes, by its priority (a class
    not listed costs nothing). Hourly work is billed on the provider's effort for a ticket, at
    ``after_hours_multiplier`` when the ticket was taken outside our business hours; prepaid
    ``block_hours_per_month`` are billed monthly at a discount and used before any overage.
    """

    per_user_per_month_usd: NonNegFloat = 0.0
    per_ticket_usd: dict[PriceClass, NonNegFloat] = Field(default_factory=dict)
    hourly_usd: NonNegFloat = 0.0
    after_hours_multiplier: Multiplier = 1.5
    block_hours_per_month: NonNegFloat = 0.0
    block_discount: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.15
    onboarding_fee_usd: NonNegFloat = 0.0

    @model_validator(mode="after")
    def _block_needs_rate(self) -> MspPricing:
        if self.block_hours_per_month > 0 and self.hourly_usd <= 0:
            raise ValueError("block_hours_per_month needs an hourly_usd rate")
        return self


def _default_respond() -> dict[PriceClass, float]:
    return {"P1": 0.5, "P2": 1.0, "P3": 4.0, "P4": 10.0, "REQ": 10.0}


def _default_credit_classes() -> list[PriceClass]:
    return ["P1"]


class MspSla(Model):
    """The contract's response targets (24x7 clock from when the provider takes the ticket) and
    the service credit owed per missed ticket of a covered class, as a fraction of that month's
    fees, capped per month."""

    respond_hours: dict[PriceClass, PositiveFloat] = Field(default_factory=_default_respond)
    credit_classes: list[PriceClass] = Field(default_factory=_default_credit_classes)
    credit_per_miss: Annotated[float, Field(ge=0.0, le=1.0)] = 0.10
    credit_cap: Annotated[float, Field(ge=0.0, le=1.0)] = 0.25


class Msp(Model):
    """A managed service provider layered on the department.

    Modes: ``overflow`` sends a new ticket to the provider when our desk's expected wait passes
    ``overflow_wait_hours`` or its queue holds ``overflow_queue_jobs`` jobs; ``after_hours`` sends
    tickets that arrive while our desk is closed; ``tier1`` makes the provider the desk;
    ``full`` gives it the desk and tier 2 (everything but projects).
    """

    mode: MspMode = "overflow"
    overflow_wait_hours: PositiveFloat | None = 2.0
    overflow_queue_jobs: PositiveCount | None = None
    capacity: MspCapacity = MspCapacity()
    quality: MspQuality = MspQuality()
    pricing: MspPricing = MspPricing(per_ticket_usd=_default_ticket_prices())
    sla: MspSla = MspSla()

    @model_validator(mode="after")
    def _overflow_trigger(self) -> Msp:
        if self.mode == "overflow" and not (self.overflow_wait_hours or self.overflow_queue_jobs):
            raise ValueError("overflow needs overflow_wait_hours or overflow_queue_jobs")
        return self
