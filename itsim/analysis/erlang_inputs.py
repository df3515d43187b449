"""Argument checks shared by the Erlang C and Erlang A formulas (agents, rates, hours)."""

from __future__ import annotations

import math
import operator


def check_agents(agents: int, minimum: int = 1) -> int:
    """``agents`` as an int of at least ``minimum``; ValueError otherwise."""
    try:
        count = operator.index(agents)
    except TypeError:
        raise ValueError(f"agents must be an integer, got {agents!r}") from None
    if count < minimum:
        raise ValueError(f"agents must be >= {minimum}, got {count}")
    return count


def check_positive(name: str, value: float, allow_zero: bool = False) -> float:
    """``value`` as a finite float > 0 (>= 0 with ``allow_zero``); ValueError naming it."""
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}, got {value!r}")
    return number


def load_erlangs(arrivals_per_hour: float, service_hours: float) -> float:
    """Offered load (Erlangs) of ``arrivals_per_hour`` each needing ``service_hours``."""
    arrivals = check_positive("arrivals_per_hour", arrivals_per_hour)
    return arrivals * check_positive("service_hours", service_hours)
