"""What the Python API accepts as a scenario: a bundled name, a path or a Scenario, plus
overrides given as a mapping of dotted keys to values (``{"teams.desk.headcount": 10}``).

Overrides are applied to the raw mapping before validation, exactly as ``--set`` is, so an error
names the file, the dotted key and the problem in one line (an :class:`~itsim.errors.InputError`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from itsim.config.load import (
    BUNDLED_DIR,
    apply_overrides,
    read_raw,
    resolve_path,
    set_dotted,
    validate,
)
from itsim.config.schema import Scenario
from itsim.experiment.sweep import scenario_digest

#: Anything the API accepts where it needs a scenario.
ScenarioLike = str | Path | Scenario
#: Dotted scenario keys mapped to values, e.g. ``{"teams.desk.headcount": 10}``.
Overrides = Mapping[str, Any]


def flatten(overrides: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted keys: ``{"teams": {"desk": {"headcount": 9}}}`` →
    ``{"teams.desk.headcount": 9}``; already-dotted keys pass through.
    """
    flat: dict[str, Any] = {}
    for key, value in overrides.items():
        dotted = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping) and value:
            flat |= flatten(value, dotted)
        else:
            flat[dotted] = value
    return flat


def bundled_names() -> list[str]:
    """The names of the scenarios shipped with itsim (``baseline``, ``understaffed``, …)."""
    return sorted(path.stem for path in BUNDLED_DIR.glob("*.yaml"))


def bundled_block(name: str, key: str) -> Any:
    """The ``key`` block of a bundled scenario (or scenario file), as its YAML gives it."""
    return read_raw(resolve_path(name))[key]


def scenario_key(scenario: Scenario) -> str:
    """A short digest of every resolved value of ``scenario`` (a cache or store key)."""
    return scenario_digest(scenario)


def resolve_scenario(scenario: ScenarioLike | None, overrides: Overrides | None = None) -> Scenario:
    """A validated Scenario from a bundled name, a path or a Scenario, with ``overrides``.

    Parameters
    ----------
    scenario : str, Path, Scenario or None
        A bundled scenario name (``"baseline"``), a YAML path, or a Scenario object;
        None is the bundled baseline.
    overrides : mapping, optional
        Dotted keys (or nested mappings) to values, applied before validation.

    Raises
    ------
    InputError
        The file, key and problem, in one line.
    """
    flat = flatten(overrides or {})
    if isinstance(scenario, Scenario):
        return apply_overrides(scenario, flat) if flat else scenario
    name = scenario if scenario is not None else "baseline"
    raw = read_raw(resolve_path(name))
    for key, value in flat.items():
        set_dotted(raw, key, value)
    return validate(raw, str(name))
