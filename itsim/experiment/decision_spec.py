"""The question a decision command asks: decision variables, targets and objectives.

Parsed from the command line: ``--vary teams.desk.headcount=3..12`` (integers, inclusive),
``--vary flow.first_contact_resolution=0.6..0.8`` (a continuous range),
``--vary msp.mode=overflow,after_hours`` (choices, read as YAML scalars);
``--target 'sla_resolve_P2>=0.9'``; ``--minimise annual_cost_usd``, ``--maximise KPI``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from itsim.errors import InputError

TARGET = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=)\s*([-+0-9.eE]+)\s*(%?)\s*$")
Sense = Literal["minimise", "maximise"]


@dataclass(frozen=True)
class Variable:
    """A decision variable: a dotted scenario key and the values it may take."""

    key: str
    kind: Literal["int", "float", "choice"]
    low: float = 0.0
    high: float = 0.0
    choices: tuple[Any, ...] = ()

    def values(self) -> list[Any] | None:
        """Every value of a discrete variable, or None for a continuous one."""
        if self.kind == "int":
            return list(range(int(self.low), int(self.high) + 1))
        return list(self.choices) if self.kind == "choice" else None


@dataclass(frozen=True)
class Target:
    """A requirement on a KPI's mean: ``kpi >= threshold`` or ``kpi <= threshold``."""

    kpi: str
    op: Literal[">=", "<="]
    threshold: float

    def violation(self, value: float) -> float:
        """How far ``value`` misses the target (<= 0 when met; +inf when undefined)."""
        if not math.isfinite(value):
            return math.inf
        return self.threshold - value if self.op == ">=" else value - self.threshold

    def met(self, value: float) -> bool:
        """Whether ``value`` meets the target."""
        return self.violation(value) <= 0

    def __str__(self) -> str:
        return f"{self.kpi}{self.op}{self.threshold:g}"


@dataclass(frozen=True)
class Objective:
    """A KPI to minimise or maximise (its mean across replications)."""

    kpi: str
    sense: Sense

    def better(self, a: float, b: float) -> bool:
        """Whether ``a`` is strictly better than ``b``."""
        return a < b if self.sense == "minimise" else a > b

    def __str__(self) -> str:
        return f"{self.sense} {self.kpi}"


def parse_vary(text: str) -> Variable:
    """Parse ``KEY=LOW..HIGH`` or ``KEY=V1,V2,...`` into a :class:`Variable`."""
    key, sep, values = (part.strip() for part in text.partition("="))
    if not sep or not key or not values:
        raise InputError("--vary", text, "must look like KEY=LOW..HIGH or KEY=V1,V2,...")
    if ".." in values:
        return _range(key, *values.split("..", 1))
    try:
        choices = tuple(yaml.safe_load(v.strip()) for v in values.split(","))
    except yaml.YAMLError:
        raise InputError("--vary", key, f"values are not valid YAML: {values!r}") from None
    if len(choices) < 2:
        raise InputError("--vary", key, "give at least two values (or a LOW..HIGH range)")
    return Variable(key, "choice", choices=choices)


def _range(key: str, low_text: str, high_text: str) -> Variable:
    try:
        low, high = float(low_text), float(high_text)
    except ValueError:
        raise InputError(
            "--vary", key, f"a range must be two numbers: {low_text}..{high_text}"
        ) from None
    if not low < high:
        raise InputError("--vary", key, f"the range must have LOW < HIGH: {low_text}..{high_text}")
    whole = all(_is_int(t) for t in (low_text, high_text))
    return Variable(key, "int" if whole else "float", low, high)


def _is_int(text: str) -> bool:
    return re.fullmatch(r"\s*[-+]?\d+\s*", text) is not None


def parse_target(text: str) -> Target:
    """Parse ``'KPI>=X'`` or ``'KPI<=X'`` (X may end in % for a share)."""
    match = TARGET.match(text)
    if match is None:
        raise InputError("--target", text, "must look like 'kpi>=value' or 'kpi<=value'")
    kpi, op, number, percent = match.groups()
    threshold = float(number) / (100.0 if percent else 1.0)
    return Target(kpi, ">=" if op == ">=" else "<=", threshold)


def objectives_from(minimise: tuple[str, ...], maximise: tuple[str, ...]) -> list[Objective]:
    """The objectives in command-line groups: every ``--minimise`` then every ``--maximise``."""
    found = [Objective(k, "minimise") for k in minimise] + [
        Objective(k, "maximise") for k in maximise
    ]
    if not found:
        raise InputError("--minimise", "", "give at least one --minimise or --maximise KPI")
    return found
