"""The estimate-graded defaults of the assumptions register, as keys a sensitivity can swing.

The register (docs/assumptions.md) is a set of Markdown tables whose last cell is the evidence
grade (S, V, D, E or a mix such as ``V / E``). A row whose grade contains **E** is an estimate;
its scenario keys are the backticked dotted keys in the row. Placeholders (``teams.<team>``)
expand over the scenario's own entries, and only keys holding a number in the scenario are
kept. The swing of an estimate is sized by its grade: a pure estimate by ±50% of its value, a
value that is partly sourced (``V / E``, ``D / E``) by ±25%.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsim.errors import InputError

#: Where the register lives in a source checkout.
REGISTER = Path(__file__).resolve().parents[2] / "docs" / "assumptions.md"
SWING_PURE_ESTIMATE = 0.5
SWING_PART_ESTIMATE = 0.25
#: Run settings, not assumptions about the department: never swung.
RUN_SETTINGS = frozenset({"horizon_days", "warmup_days", "replications", "seed"})
#: Keys that are decisions rather than assumptions (``optimise`` varies those): not swung.
DECISIONS = (".headcount",)
KEY = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*(?:\.(?:[A-Za-z0-9_]+|<[a-z]+>))+|[a-z_]+_[a-z_]+)`")
ESTIMATE = re.compile(r"(?<![A-Za-z])E(?![A-Za-z])")


@dataclass(frozen=True)
class Estimate:
    """One swingable assumption: a scenario key, its grade and the relative swing."""

    key: str
    grade: str
    swing: float  # relative: low = value * (1 - swing), high = value * (1 + swing)
    parameter: str  # the register's words for it


def read_register(path: Path | None = None) -> str:
    """The register's text (an InputError naming the file when it cannot be read)."""
    file = path or REGISTER
    try:
        return file.read_text(encoding="utf-8")
    except OSError:
        message = "assumptions register not found (give --register FILE)"
        raise InputError(str(file), "", message) from None


def estimate_rows(text: str) -> Iterator[tuple[str, str, list[str]]]:
    """(parameter, grade, keys) of every table row whose grade contains E."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|") or len(cells) < 3 or set(cells[0]) <= set("-: "):
            continue
        grade = cells[-1]
        if not ESTIMATE.search(grade):
            continue
        keys = [k for k in KEY.findall(line) if "." in k]
        yield cells[0], grade, keys


def estimates(text: str, resolved: Mapping[str, Any]) -> list[Estimate]:
    """The register's estimates that name a number in ``resolved`` (a scenario's dump)."""
    found: dict[str, Estimate] = {}
    for parameter, grade, keys in estimate_rows(text):
        swing = SWING_PURE_ESTIMATE if _pure(grade) else SWING_PART_ESTIMATE
        for pattern in keys:
            for key in expand(pattern, resolved):
                decision = key.endswith(DECISIONS)
                if key not in RUN_SETTINGS and not decision and key not in found:
                    found[key] = Estimate(key, _short_grade(grade), swing, parameter)
    return list(found.values())


def _pure(grade: str) -> bool:
    return grade.split("(")[0].strip().rstrip(".") == "E"


def _short_grade(grade: str) -> str:
    return grade.split("(")[0].strip() or "E"


def expand(pattern: str, resolved: Mapping[str, Any]) -> list[str]:
    """The dotted keys matching ``pattern`` that hold a number (``<x>`` matches any entry)."""
    found: list[str] = []

    def walk(node: Any, parts: list[str], path: list[str]) -> None:
        if not parts:
            if isinstance(node, (int, float)) and not isinstance(node, bool):
                found.append(".".join(path))
            elif isinstance(node, Mapping) and "mean" in node:  # a distribution: its mean
                walk(node["mean"], [], [*path, "mean"])
            return
        if not isinstance(node, Mapping):
            return
        head, rest = parts[0], parts[1:]
        names = list(node) if head.startswith("<") else [head] if head in node else []
        for name in names:
            walk(node[name], rest, [*path, str(name)])

    walk(resolved, pattern.split("."), [])
    return found


def get_dotted(resolved: Mapping[str, Any], key: str) -> Any:
    """The value at a dotted key of a scenario's dump."""
    node: Any = resolved
    for part in key.split("."):
        node = node[part]
    return node
