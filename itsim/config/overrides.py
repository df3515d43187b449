"""Overrides across the arms of a comparison, so one ``--set`` cannot corrupt another arm.

``--set KEY=VALUE`` given to several arms applies to an arm only where the key's block exists
in that arm (every parent of the dotted key is a block of the fully resolved scenario): with
``itsim compare baseline msp_overflow --set msp.quality.knowledge_penalty=0.4`` the penalty
changes the MSP of ``msp_overflow`` and the baseline keeps having no MSP. A shared override
that fits no arm is an error naming the arms that lack the block. ``--set ARM:KEY=VALUE``
applies to the arm named ``ARM`` only, creating the block there if need be (as for one run).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from itsim.config.load import parse_override, read_raw, resolve_path, set_dotted, validate
from itsim.config.schema import Scenario
from itsim.errors import InputError


@dataclass(frozen=True)
class Override:
    """One ``--set``: a dotted ``key``, its YAML-typed ``value``, and the arm it is for.

    ``arm`` is None for an override shared by every arm that has the key's block.
    """

    key: str
    value: Any
    arm: str | None = None


def parse_arm_override(text: str) -> Override:
    """Parse ``"key=value"`` or ``"ARM:key=value"`` (the arm prefix comes before the key)."""
    head, sep, rest = text.partition("=")
    arm, colon, key = head.rpartition(":")
    if colon and not arm.strip():
        raise InputError("--set", text, "give the arm name before ':' (ARM:key=value)")
    parsed_key, value = parse_override(f"{key}{sep}{rest}")
    return Override(parsed_key, value, arm.strip() if colon else None)


def missing_block(resolved: Mapping[str, Any], key: str) -> str | None:
    """The first parent of the dotted ``key`` that is not a block in ``resolved``, or None.

    ``resolved`` is a fully resolved scenario (``Scenario.model_dump``), so blocks left at
    their defaults are present and optional blocks that are off (``msp: null``) are not.
    """
    node: Any = resolved
    parts = key.split(".")
    for depth, part in enumerate(parts[:-1], start=1):
        if not isinstance(node.get(part), Mapping):
            return ".".join(parts[:depth])
        node = node[part]
    return None


def block_exists(resolved: Mapping[str, Any], key: str) -> bool:
    """Whether every parent of the dotted ``key`` is a block (a mapping) in ``resolved``."""
    return missing_block(resolved, key) is None


def overrides_per_arm(
    arms: Mapping[str, Mapping[str, Any]], overrides: Sequence[Override]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The dotted overrides that apply to each arm, and a note for every arm skipped.

    Parameters
    ----------
    arms : mapping of str to mapping
        Arm name -> its fully resolved scenario (before these overrides).
    overrides : sequence of Override
        In command-line order; a later override of the same key in an arm wins.

    Returns
    -------
    dict of str to dict, list of str
        Arm name -> ``{dotted key: value}``; one line per shared override an arm did not get.

    Raises
    ------
    InputError
        When an override names an unknown arm, or no arm has the block of a shared override.
    """
    per_arm: dict[str, dict[str, Any]] = {name: {} for name in arms}
    notes = []
    for item in overrides:
        if item.arm is not None:
            _check_arm(item, arms)
            per_arm[item.arm][item.key] = item.value
            continue
        missing = {name: missing_block(resolved, item.key) for name, resolved in arms.items()}
        fits = [name for name, block in missing.items() if block is None]
        lacking = "; ".join(f"{name} has no {block} block"
                            for name, block in missing.items() if block is not None)  # fmt: skip
        if not fits:
            raise InputError("--set", item.key, f"no arm can take it: {lacking}")
        for name in fits:
            per_arm[name][item.key] = item.value
        if lacking:
            notes.append(f"--set {item.key} applies to {_names(fits)} only: {lacking}")
    return per_arm, notes


def _check_arm(item: Override, arms: Mapping[str, Any]) -> None:
    if item.arm not in arms:
        raise InputError("--set", f"{item.arm}:{item.key}", f"no arm named {item.arm!r} "
                         f"(arms: {_names(list(arms))})")  # fmt: skip


def _names(names: Sequence[str]) -> str:
    return ", ".join(names)


def unique_names(names: Sequence[str]) -> list[str]:
    """Arm names made unique: a repeated name gets ``-2``, ``-3``…"""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return out


def load_arms(files: Sequence[str], overrides: Sequence[str]) -> tuple[list[Scenario], list[str]]:
    """Load the scenario of every arm with the ``--set`` overrides that fit it.

    Parameters
    ----------
    files : sequence of str
        Scenario files or bundled names, the base first.
    overrides : sequence of str
        ``key=value`` (every arm with the key's block) or ``ARM:key=value`` (that arm only);
        arm names are the scenarios' names, made unique as :func:`unique_names` does.

    Returns
    -------
    list of Scenario, list of str
        The arms (renamed where a name repeats) and one note per arm a shared override skipped.
    """
    raws = [read_raw(resolve_path(file)) for file in files]
    plain = [validate(raw, file) for raw, file in zip(raws, files, strict=True)]
    names = unique_names([scenario.name for scenario in plain])
    resolved = {name: s.model_dump(mode="json") for name, s in zip(names, plain, strict=True)}
    per_arm, notes = overrides_per_arm(resolved, [parse_arm_override(t) for t in overrides])
    arms = []
    for name, raw, file in zip(names, raws, files, strict=True):
        for key, value in per_arm[name].items():
            set_dotted(raw, key, value)
        scenario = validate(raw, file)
        renamed = scenario.name != name
        arms.append(scenario.model_copy(update={"name": name}) if renamed else scenario)
    return arms, notes
