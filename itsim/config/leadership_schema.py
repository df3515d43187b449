"""The ``leadership:`` block: full-time or fractional leaders, keyed by role, as bundles of levers
with a fee.

Each lever has a magnitude, the month it starts and the months it takes to ramp in linearly to
full effect; the leader's fee is charged from day one. Empty by default (no leader). Keyed by
role so every fee and lever has a dotted key (``leadership.fractional_cio.monthly_fee_usd``,
``leadership.cio.levers.self_service.magnitude``) that ``--set`` and sweeps can vary, and a
child file can drop an inherited leader (``leadership: {fractional_cio: null}``). The list form
of earlier releases (``- role: cio``) is still read. Equations, defaults and sources:
docs/model/operating-models.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from itsim.config.types import Model, NonNegFloat, PositiveCount, Probability

LeaderRole = Literal["cio", "fractional_cio", "fractional_cto", "fractional_ciso"]


class Lever(Model):
    """A management lever: full-effect ``magnitude`` reached ``ramp_months`` after it starts."""

    magnitude: NonNegFloat
    ramp_months: NonNegFloat = 6.0
    start_month: NonNegFloat = 0.0


class ProblemManagement(Lever):
    """Removes ``magnitude`` of the repeat incidents, which are ``repeat_share`` of incidents."""

    magnitude: Probability = 0.5
    repeat_share: Probability = 0.15


class KnowledgeManagement(Lever):
    """Raises first-contact resolution by ``magnitude`` (absolute) and cuts handle time."""

    magnitude: Probability = 0.08
    handle_time_cut: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.25
    ramp_up_cut: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.25


class SelfService(Lever):
    """Deflects ``magnitude`` of eligible tickets (desk-only requests and P4 incidents)."""

    magnitude: Probability = 0.15
    cost_per_deflection_usd: NonNegFloat = 2.0


class DemandManagement(Lever):
    """Turns away the lowest-value ``magnitude`` of projects; may set a new WIP limit."""

    magnitude: Probability = 0.2
    wip_limit: PositiveCount | None = None


class CapacityPlanning(Lever):
    """Switches hiring to the ``capacity`` policy where the hiring model exists."""

    magnitude: Probability = 1.0


class VendorManagement(Lever):
    """Cuts ``magnitude`` of the spend in ``categories`` (MSP fees, licences and tools)."""

    magnitude: Probability = 0.07
    categories: list[str] = Field(default_factory=lambda: ["msp", "licences"])


class Security(Lever):
    """Prevents ``magnitude`` of P1 incidents and of incidents in ``categories``."""

    magnitude: Probability = 0.3
    categories: list[str] = Field(default_factory=lambda: ["security"])


class Levers(Model):
    """The levers a leader pulls (absent = not pulled)."""

    problem_management: ProblemManagement | None = None
    knowledge_management: KnowledgeManagement | None = None
    self_service: SelfService | None = None
    demand_management: DemandManagement | None = None
    capacity_planning: CapacityPlanning | None = None
    vendor_management: VendorManagement | None = None
    security: Security | None = None


class Leader(Model):
    """A leader: a full-time CIO (loaded salary) or a fractional executive (monthly fee)."""

    days_per_month: NonNegFloat | None = None
    hours_per_month: NonNegFloat | None = None
    monthly_fee_usd: NonNegFloat | None = None
    salary_usd: NonNegFloat | None = None
    levers: Levers = Levers()

    @model_validator(mode="after")
    def _one_price(self) -> Leader:
        if (self.monthly_fee_usd is None) == (self.salary_usd is None):
            raise ValueError("give exactly one of monthly_fee_usd or salary_usd")
        return self


def _keyed_by_role(value: Any) -> Any:
    """Read the list form (``[{role: cio, ...}]``) of earlier releases as the keyed mapping."""
    if not isinstance(value, list):
        return value
    keyed: dict[Any, Any] = {}
    for item in value:
        if not isinstance(item, dict) or "role" not in item:
            raise ValueError("each leader needs a role (or key leaders by role)")
        body = {k: v for k, v in item.items() if k != "role"}
        if item["role"] in keyed:
            raise ValueError(f"role {item['role']!r} appears twice")
        keyed[item["role"]] = body
    return keyed


#: Leaders keyed by role (at most one of each role).
Leadership = Annotated[dict[LeaderRole, Leader], BeforeValidator(_keyed_by_role)]
