"""User-given value maps: source labels to canonical states and priorities.

A log from an unfamiliar tool names its states and priorities in its own words. ``--state-map
LABEL=STATE``, ``--priority-map LABEL=Pn`` and ``--vocab FILE.yaml`` say what they mean; a label
named there wins over the built-in rules of :mod:`itsim.analysis.calibrate.vocab`. Labels are
matched case-insensitively after trimming spaces.

The vocabulary file holds two optional mappings::

    states:
      "Assigned to Engineer": active
      "Pending Customer": waiting_user
    priorities:
      "Sev A": P1
      "Sev B": P2
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from itsim.analysis.calibrate.vocab import CANONICAL_STATES, PRIORITIES
from itsim.errors import InputError


@dataclass(frozen=True)
class ValueMaps:
    """Exact label maps applied before the built-in rules.

    Attributes
    ----------
    states : dict[str, str]
        Lower-cased source label -> canonical state (see :data:`vocab.CANONICAL_STATES`).
    priorities : dict[str, str]
        Lower-cased source label -> ``P1``..``P4``.
    """

    states: dict[str, str] = field(default_factory=dict)
    priorities: dict[str, str] = field(default_factory=dict)

    def merged(self, other: ValueMaps) -> ValueMaps:
        """These maps with ``other``'s entries on top."""
        return ValueMaps({**self.states, **other.states}, {**self.priorities, **other.priorities})


def parse_value_pairs(
    pairs: Iterable[str], option: str, allowed: tuple[str, ...]
) -> dict[str, str]:
    """Turn ``["LABEL=VALUE", ...]`` into ``{label: VALUE}``, rejecting values not in ``allowed``.

    The split is at the last ``=`` so that a label may itself contain one.
    """
    out: dict[str, str] = {}
    for pair in pairs:
        label, sep, value = pair.rpartition("=")
        out.update(_checked(label, value.strip(), option, pair if sep else "", allowed))
    return out


def _checked(
    label: str, value: str, where: str, pair: str, allowed: tuple[str, ...]
) -> dict[str, str]:
    if not label.strip() or value not in allowed:
        shown = pair or f"{label}={value}"
        raise InputError(where, shown, f"expected LABEL=VALUE with VALUE one of {list(allowed)}")
    return {label.strip().lower(): value}


def read_vocab(path: str | Path) -> ValueMaps:
    """Read a ``--vocab`` YAML file (``states:`` and ``priorities:`` mappings)."""
    file = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(file, "", f"cannot read the vocabulary ({exc})") from exc
    if not isinstance(data, dict) or set(data) - {"states", "priorities"}:
        raise InputError(file, "", "expected only 'states:' and 'priorities:' mappings")
    maps: dict[str, dict[str, str]] = {"states": {}, "priorities": {}}
    allowed = {"states": CANONICAL_STATES, "priorities": PRIORITIES}
    for key, table in data.items():
        if not isinstance(table, dict):
            raise InputError(file, key, "expected a mapping of LABEL: VALUE")
        for label, value in table.items():
            maps[key].update(_checked(str(label), str(value), f"{file}: {key}", "", allowed[key]))
    return ValueMaps(maps["states"], maps["priorities"])


def value_maps(
    state_pairs: Iterable[str] = (), priority_pairs: Iterable[str] = (), vocab: str | None = None
) -> ValueMaps:
    """The maps from ``--vocab`` with ``--state-map`` / ``--priority-map`` entries on top."""
    base = read_vocab(vocab) if vocab else ValueMaps()
    given = ValueMaps(
        parse_value_pairs(state_pairs, "--state-map", CANONICAL_STATES),
        parse_value_pairs(priority_pairs, "--priority-map", PRIORITIES),
    )
    return base.merged(given)
