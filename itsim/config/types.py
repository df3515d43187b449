"""Field types every scenario block shares: finite numbers, bounded counts, minimum periods.

The schema modules (``schema.py`` and the optional blocks) all build on this module and none of
them on each other's internals, so they import without a cycle.

Every float is finite (``allow_inf_nan=False`` on :class:`Model`): ``.inf`` or ``.nan`` in a
scenario is an input error, not an infinite cost. Upper bounds keep one value from exhausting
memory or overflowing the cost arithmetic; each says why in its message.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetJsonSchemaHandler

from itsim.errors import show

PRIORITIES = ("P1", "P2", "P3", "P4")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHARE_TOLERANCE = 1e-6

#: Largest magnitude of any amount (hours, USD, multipliers): far above any real department,
#: far below where sums over a year of tickets could overflow.
MAX_MAGNITUDE = 1e9
#: People in one team (each is a simulated process).
MAX_HEADCOUNT = 10_000
#: Employees of the business (arrival rates scale with them).
MAX_EMPLOYEES = 1_000_000
#: Tickets per employee per month (real desks see about 1).
MAX_RATE_PER_EMPLOYEE_MONTH = 100.0
#: Tickets per hour of an absolute arrival rate.
MAX_RATE_PER_HOUR = 10_000.0
#: Seeds are stored in Parquet as signed 64-bit integers.
MAX_SEED = 2**63 - 1
MAX_REPLICATIONS = 10_000
MAX_DAYS = 3650
#: Coefficient of variation of a handle time or delay (real delays reach about 30; every
#: family still samples finite values at 1000).
MAX_CV = 1000.0
#: Shortest stock review period: 0.01 day (about 15 minutes); 0 means continuous review.
MIN_REVIEW_DAYS = 0.01
#: Shortest overtime step (6 minutes): every step is a simulated event.
MIN_STEP_HOURS = 0.1


@dataclasses.dataclass(frozen=True)
class AtMost(AfterValidator):
    """Refuses values above ``le``, saying ``reason``; shown as ``maximum`` in the JSON Schema."""

    le: float = math.inf
    reason: str = ""

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        found = handler(schema)
        found["maximum"] = self.le
        return found


def at_most(limit: float, reason: str) -> AtMost:
    """A validator refusing values above ``limit``, saying ``reason`` in the message."""

    def check(value: Any) -> Any:
        if value > limit:
            raise ValueError(f"must be <= {limit:g} ({reason}), got {show(value)}")
        return value

    return AtMost(check, limit, reason)


def zero_or_at_least(minimum: float, reason: str) -> AfterValidator:
    """A validator for periods: 0 (meaning "never"/"continuous") or at least ``minimum``."""

    def check(value: float) -> float:
        if 0 < value < minimum:
            raise ValueError(f"must be 0 or >= {minimum:g} ({reason}), got {show(value)}")
        return value

    return AfterValidator(check)


_HUGE = at_most(MAX_MAGNITUDE, "larger amounts are not meaningful and overflow the totals")

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
PositiveFloat = Annotated[float, Field(gt=0.0), _HUGE]
NonNegFloat = Annotated[float, Field(ge=0.0), _HUGE]
Count = Annotated[int, Field(ge=0), _HUGE]
PositiveCount = Annotated[int, Field(ge=1), _HUGE]
_TEN_YEARS = at_most(MAX_DAYS, "ten years")
_SIMULATED = at_most(MAX_HEADCOUNT, "each person is simulated")
Days = Annotated[int, Field(ge=0), _TEN_YEARS]
PositiveDays = Annotated[int, Field(ge=1), _TEN_YEARS]
Headcount = Annotated[int, Field(ge=0), _SIMULATED]
StaffCount = Annotated[int, Field(ge=1), _SIMULATED]
Seed = Annotated[int, Field(ge=0), at_most(MAX_SEED, "seeds are stored as 64-bit integers")]
Replications = Annotated[int, Field(ge=1), at_most(MAX_REPLICATIONS, "runs are kept in memory")]
Employees = Annotated[int, Field(gt=0), at_most(MAX_EMPLOYEES, "demand scales with employees")]
RatePerEmployeeMonth = Annotated[
    float, Field(ge=0.0), at_most(MAX_RATE_PER_EMPLOYEE_MONTH, "real desks see about 1")
]
RatePerHour = Annotated[
    float, Field(ge=0.0), at_most(MAX_RATE_PER_HOUR, "every ticket is simulated")
]
Multiplier = Annotated[float, Field(ge=1.0), at_most(100.0, "a multiple of a base value")]

Priority = Literal["P1", "P2", "P3", "P4"]
#: Classes with SLA targets: incidents by priority and service requests.
SlaClass = Literal["P1", "P2", "P3", "P4", "REQ"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Model(BaseModel):
    """Base of every scenario block: immutable, unknown keys are errors, numbers are finite."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


class Dist(Model):
    """A positive random quantity given by its mean and coefficient of variation.

    ``exponential`` ignores ``cv`` (it is 1 by definition); ``fixed`` always returns the mean.
    """

    dist: Literal["exponential", "lognormal", "gamma", "weibull", "fixed"] = "lognormal"
    mean: PositiveFloat
    cv: Annotated[float, Field(ge=0.0), at_most(MAX_CV, "wider spreads lose all precision")] = 1.0


def check_shares(shares: dict[str, float]) -> dict[str, float]:
    """Shares that are >= 0 and sum to 1 (within ``SHARE_TOLERANCE``), else ValueError."""
    if not shares:
        raise ValueError("must name at least one entry")
    if any(v < 0 for v in shares.values()):
        raise ValueError("shares must be >= 0")
    total = sum(shares.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ValueError(f"shares must sum to 1, got {total:.6g}")
    return shares


def parse_clock(text: str) -> float:
    """Parse ``"HH:MM"`` into hours after midnight (``"24:00"`` allowed)."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match[2]) >= 60 or int(match[1]) > 24:
        raise ValueError(f"must be a time like '08:00', got {text!r}")
    return int(match[1]) + int(match[2]) / 60
