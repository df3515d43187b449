"""The ``abandonment:`` block: contact channels, patience, re-contact and auto-closure.

Off by default (``abandonment: null``): no ticket has a channel, nobody gives up waiting and no
ticket is closed for want of a reply. Figures and sources are in docs/assumptions.md (§9.5–9.6
of the domain figures); times are hours unless a name says otherwise.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from itsim.config.types import Dist, Model, PositiveFloat, Probability, SlaClass, check_shares

SHARE_TOLERANCE = 1e-6


def _default_recontact_delay() -> Dist:
    # lognormal with a median of 10 minutes (cv 1: mean = median x sqrt(2))
    return Dist(dist="lognormal", mean=10 / 60 * 2**0.5, cv=1.0)


class Channel(Model):
    """One way users reach the desk (phone, email, portal, chat): its share and its patience."""

    share: Probability = Field(description="share of new tickets that arrive through this channel")
    patience_hours: Dist | None = Field(
        default=None,
        description="time a user waits for first touch before giving up (every class); "
        "null: never gives up visibly",
    )
    patience_hours_by_class: dict[SlaClass, Dist] = Field(
        default_factory=dict, description="patience for a class (P1..P4, REQ), replacing the above"
    )
    patience_clock: Literal["24x7", "business"] = Field(
        default="24x7",
        description="clock patience runs on: business hours (a line closed out of hours) or 24x7",
    )
    live: bool = Field(
        default=False,
        description="the user is on the line (phone, chat): the desk takes these tickets before "
        "written ones of the same class (priority dispatch)",
    )
    recontact: dict[str, Probability] = Field(
        default_factory=dict,
        description="share of those who give up that come back later through each channel as a "
        "new ticket of the same need; the rest is lost demand",
    )

    @field_validator("recontact")
    @classmethod
    def _at_most_one(cls, value: dict[str, float]) -> dict[str, float]:
        total = sum(value.values())
        if total > 1.0 + SHARE_TOLERANCE:
            raise ValueError(f"re-contact shares must sum to at most 1, got {total:.6g}")
        return value

    def patience_for(self, ticket_class: str) -> Dist | None:
        """The patience of a ticket of ``ticket_class`` (None: it never abandons)."""
        return self.patience_hours_by_class.get(ticket_class, self.patience_hours)  # type: ignore[call-overload]


class Abandonment(Model):
    """Users who give up waiting, come back or not, and tickets closed for want of a reply.

    A ticket that is not touched within its patience leaves the queue (abandoned). A share of
    those users re-contact after ``recontact_delay_hours`` as a new ticket of the same need (same
    class, category and effort), up to ``max_contacts`` contacts per need; the rest is lost
    demand. A ticket waiting on its user longer than ``auto_close_awaiting_user_business_days``
    is resolved as "no response" (itsim/model/core/abandonment.py).
    """

    channels: dict[str, Channel] = Field(
        default_factory=dict, description="contact channels; empty: no channels, nobody abandons"
    )
    recontact_delay_hours: Dist = Field(
        default_factory=_default_recontact_delay,
        description="time from giving up to coming back (hours)",
    )
    max_contacts: int = Field(
        default=4, ge=1, le=4, description="contacts per need before the user gives up for good"
    )
    auto_close_awaiting_user_business_days: PositiveFloat | None = Field(
        default=None,
        description="business days a ticket waits on its user before it is resolved as 'no "
        "response'; null: never",
    )

    @model_validator(mode="after")
    def _channels(self) -> Abandonment:
        if self.channels:
            check_shares({name: c.share for name, c in self.channels.items()})
        for name, channel in self.channels.items():
            unknown = sorted(set(channel.recontact) - set(self.channels))
            if unknown:
                raise ValueError(
                    f"channels.{name}.recontact names unknown channel(s) {', '.join(unknown)} "
                    f"(channels: {', '.join(sorted(self.channels))})"
                )
        return self
