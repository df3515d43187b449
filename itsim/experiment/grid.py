"""Grid points of a sweep: full factorial, zipped lists and Latin-hypercube samples.

A point is a set of dotted-key overrides with a readable, stable label such as
``headcount=5,first_contact_resolution=0.7``. Labels depend only on the grid definition, so
the same command always produces the same labels (and so the same run keys in the store).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from itsim.config.experiment_schema import Grid, LatinHypercube
from itsim.config.load import parse_value
from itsim.errors import InputError, show

#: Label of the single point of a sweep without grid keys.
BASE_POINT = "base"
#: Points of one sweep (each is run ``replications`` times and kept in the manifest).
MAX_GRID_POINTS = 10_000
WHY = "(each point is run and stored; split the sweep)"


@dataclass(frozen=True)
class Point:
    """One grid point: its label and the scenario overrides it applies (dotted key → value)."""

    label: str
    overrides: dict[str, Any] = field(default_factory=dict)


def expand_grid(grid: Grid) -> list[Point]:
    """Every point of ``grid``: factorial x zip rows x LHS samples, in that nesting order."""
    check_grid_size(grid)
    parts = [_factorial_rows(grid.factorial), _zip_rows(grid.zip), _lhs_rows(grid.lhs)]
    rows = [
        {k: v for part in combo for k, v in part.items()} for combo in itertools.product(*parts)
    ]
    if not grid.keys:
        return [Point(BASE_POINT)]
    labels = point_labels(grid.keys, rows)
    return [Point(label, row) for label, row in zip(labels, rows, strict=True)]


def _factorial_rows(factors: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    keys = list(factors)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*factors.values())]


def _zip_rows(columns: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    if not columns:
        return [{}]
    keys = list(columns)
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _lhs_rows(lhs: LatinHypercube | None) -> list[dict[str, Any]]:
    if lhs is None:
        return [{}]
    keys = list(lhs.ranges)
    unit = _lhs_unit_sample(len(keys), lhs.samples, lhs.seed)
    rows = []
    for sample in unit:
        row: dict[str, Any] = {}
        for key, u in zip(keys, sample, strict=True):
            low, high = lhs.ranges[key]
            if key in lhs.integers:
                # widen by half a step so the end values are as likely as the others
                row[key] = int(min(high, max(low, round(low - 0.5 + u * (high - low + 1)))))
            else:
                row[key] = _significant(low + u * (high - low), lhs.digits)
        rows.append(row)
    return rows


def _lhs_unit_sample(dims: int, samples: int, seed: int) -> np.ndarray:
    """``samples`` x ``dims`` Latin-hypercube points in [0, 1), reproducible from ``seed``."""
    from scipy.stats import qmc  # imported here: scipy.stats costs sweep workers ~0.5 s at start

    try:
        sampler = qmc.LatinHypercube(d=dims, rng=np.random.default_rng(seed))
    except TypeError:  # scipy < 1.15 names the argument ``seed``
        sampler = qmc.LatinHypercube(d=dims, seed=np.random.default_rng(seed))
    return sampler.random(samples)


def _significant(value: float, digits: int) -> float:
    return float(f"{value:.{digits}g}")


def point_labels(keys: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Readable labels ``short=value,...`` with the shortest unambiguous key names.

    Raises
    ------
    InputError
        When two points would get the same label (the grid repeats a point).
    """
    short = short_names(keys)
    labels = [",".join(f"{short[k]}={format_value(row[k])}" for k in keys) for row in rows]
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise InputError("grid", "", f"point {label} appears twice")
        seen.add(label)
    return labels


def short_names(keys: Sequence[str]) -> dict[str, str]:
    """The shortest dotted suffix of each key that no other key ends with."""
    names = {}
    for key in keys:
        parts = key.split(".")
        for n in range(1, len(parts) + 1):
            suffix = ".".join(parts[-n:])
            others = [k for k in keys if k != key]
            if not any(k == suffix or k.endswith("." + suffix) for k in others):
                names[key] = suffix
                break
        else:
            names[key] = key
    return names


def format_value(value: Any) -> str:
    """A compact, exact text form of a grid value (floats keep all their digits)."""
    if isinstance(value, bool) or value is None:
        return str(value).lower()
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return f"{value:.1f}"
        return repr(value)
    return str(value)


def parse_grid_option(text: str) -> tuple[str, list[Any]]:
    """Parse ``--grid key=v1,v2,...`` or ``--grid key=LOW..HIGH`` (integers, inclusive).

    Values are read as YAML scalars, as ``--set`` values are.
    """
    key, sep, values = text.partition("=")
    key = key.strip()
    if not sep or not key or not values.strip():
        raise InputError("--grid", text, "must look like dotted.key=v1,v2,... or key=LOW..HIGH")
    if ".." in values:
        low, _, high = values.partition("..")
        try:
            first, last = int(low), int(high)
        except ValueError:  # also for integers beyond Python's digit limit
            raise InputError(
                "--grid", key, f"a range must be two integers, got {show(values)}"
            ) from None
        if last < first:
            raise InputError("--grid", key, f"empty range {show(values)}")
        if last - first + 1 > MAX_GRID_POINTS:
            raise InputError(
                "--grid", key, f"{last - first + 1:,} values; at most {MAX_GRID_POINTS:,} {WHY}"
            )
        return key, list(range(first, last + 1))
    listed = values.split(",")
    if len(listed) > MAX_GRID_POINTS:
        raise InputError(
            "--grid", key, f"{len(listed):,} values; at most {MAX_GRID_POINTS:,} {WHY}"
        )
    return key, [parse_value(v.strip(), "--grid", key) for v in listed]


def check_grid_size(grid: Grid) -> None:
    """Refuse a grid of more than MAX_GRID_POINTS points before any point is built."""
    sizes = [len(v) for v in grid.factorial.values()]
    sizes.append(len(next(iter(grid.zip.values()))) if grid.zip else 1)
    sizes.append(grid.lhs.samples if grid.lhs is not None else 1)
    points = math.prod(sizes)
    if points > MAX_GRID_POINTS:
        raise InputError("grid", "", f"{points:,} points; at most {MAX_GRID_POINTS:,} {WHY}")
