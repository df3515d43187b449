"""The ``impact:`` block: what open incidents and waiting requests cost the business.

Off by default (``impact: null``). Per open hour of a ticket of each class: users affected x
loaded hourly cost x share of productivity lost, plus a non-labour loss per hour (revenue,
recovery) where given; a need abandoned for good costs its users' lost time. Figures and
sources are in docs/assumptions.md (§9.4 of the domain figures); money is USD.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from itsim.config.types import Dist, Model, NonNegFloat, PositiveFloat, Probability, SlaClass


class ImpactClass(Model):
    """The business impact of one open ticket of a class (P1..P4, REQ)."""

    users_affected: Dist = Field(description="people who cannot work normally while it is open")
    loss_share: Probability = Field(description="share of their productivity lost while open")
    other_usd_per_hour: NonNegFloat = Field(
        default=0.0, description="non-labour loss per open hour (revenue, recovery)"
    )
    lost_demand_hours: NonNegFloat = Field(
        default=0.0,
        description="hours each affected user loses when the need is abandoned for good",
    )


class ImpactItem(Model):
    """A catalog item whose waiting cost differs from its class (an onboarding, say)."""

    loss_share: Probability = Field(description="share of the requester's productivity lost")
    after_deadline: bool = Field(
        default=False, description="count only the time after the resolve deadline (late)"
    )


def _default_classes() -> dict[SlaClass, ImpactClass]:
    # user counts: lognormal with the medians and ranges of the domain figures, §9.4
    return {
        "P1": ImpactClass(users_affected=Dist(dist="lognormal", mean=303.0, cv=1.14),
                          loss_share=1.0, other_usd_per_hour=15_000.0, lost_demand_hours=3.0),
        "P2": ImpactClass(users_affected=Dist(dist="lognormal", mean=25.6, cv=0.79),
                          loss_share=1.0, lost_demand_hours=3.0),
        "P3": ImpactClass(users_affected=Dist(dist="lognormal", mean=1.5, cv=0.3),
                          loss_share=0.25, lost_demand_hours=3.0),
        "P4": ImpactClass(users_affected=Dist(dist="fixed", mean=1.0), loss_share=0.05,
                          lost_demand_hours=3.0),
        "REQ": ImpactClass(users_affected=Dist(dist="fixed", mean=1.0), loss_share=0.1,
                           lost_demand_hours=2.5),
    }  # fmt: skip


class Impact(Model):
    """The cost of downtime and waiting to the business, and the do-nothing reference."""

    employee_loaded_hour_usd: PositiveFloat = Field(
        default=45.0, description="loaded cost of one employee-hour (USD)"
    )
    clock: Literal["business", "24x7"] = Field(
        default="business", description="hours in which an open ticket costs (users at work)"
    )
    classes: dict[SlaClass, ImpactClass] = Field(
        default_factory=_default_classes, description="impact per class; a class not named costs 0"
    )
    request_items: dict[str, ImpactItem] = Field(
        default_factory=dict, description="catalog items whose waiting cost differs from REQ's"
    )
    do_nothing_open_hours: dict[SlaClass, NonNegFloat] | None = Field(
        default=None,
        description="hours (on the impact clock) a need would stay open with no IT department; "
        "gives 'impact avoided'; null: no reference",
    )
