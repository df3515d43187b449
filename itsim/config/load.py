"""Load scenario files: YAML, ``extends:`` inheritance, ``--set`` overrides, clear errors.

A scenario file may name a parent with ``extends: other.yaml`` (relative to the file, or the name
of a bundled scenario such as ``baseline``); the child's keys are deep-merged over the parent's.
Overrides ``a.b.c=value`` are parsed as YAML scalars and typed through the schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from itsim.config import checks
from itsim.config.messages import first_error
from itsim.config.schema import Scenario
from itsim.config.yaml_io import check_size, load_yaml
from itsim.errors import InputError, shorten

#: Scenarios shipped inside the package (``itsim run baseline`` works outside the repository).
BUNDLED_DIR = Path(__file__).resolve().parent.parent / "scenarios"
MAX_EXTENDS_DEPTH = 16
#: Mappings that ``extends`` replaces whole instead of merging (their values must sum to 1).
REPLACED_WHOLE = frozenset({
    "demand.incidents.priority_mix",
    "demand.incidents.categories",
    "demand.projects.teams",
})  # fmt: skip
#: Where a value came from: (file name or "--set", the mapping it gave), parents first.
Layers = list[tuple[str, Mapping[str, Any]]]


def is_file(path: str | Path) -> bool:
    """Whether ``path`` names a readable file; False for names the OS cannot even look up."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL byte
        return False


def bundled_path(name: str) -> Path | None:
    """Return the path of a scenario shipped inside the package, or None."""
    root = BUNDLED_DIR
    name = name.removeprefix("scenarios/")  # the repository's scenarios/ is the bundled folder
    for candidate in (name, f"{name}.yaml"):
        path = root / candidate
        if is_file(path):
            return path
    return None


def resolve_path(path: str | Path) -> Path:
    """Return ``path`` if it exists, else the bundled scenario of that name."""
    if is_file(path):
        return Path(path)
    bundled = bundled_path(str(path))
    if bundled is not None:
        return bundled
    raise InputError(str(path), "", "file not found")


def load_scenario(path: str | Path | None = None, overrides: Iterable[str] = ()) -> Scenario:
    """Load, merge, override and validate a scenario file.

    Parameters
    ----------
    path : str or Path or None
        A YAML file, or the name of a bundled scenario; None loads the bundled baseline.
    overrides : iterable of str
        ``dotted.key=value`` strings applied after ``extends`` merging.

    Raises
    ------
    InputError
        Naming the file the bad value came from (a parent, when it was inherited, or
        ``--set``), the dotted key and the problem.
    """
    name = str(path if path is not None else "baseline")
    layers = read_layers(resolve_path(name))
    layers[-1] = (name, layers[-1][1])  # the file as the user named it
    raw = merge_layers(layers)
    given: dict[str, Any] = {}
    for text in overrides:
        key, value = parse_override(text)
        set_dotted(raw, key, value)
        set_dotted(given, key, value)
    if given:
        layers.append(("--set", given))
    return validate(raw, name, layers)


def read_raw(file: Path) -> dict[str, Any]:
    """Read a YAML file and merge it over the parents it ``extends``."""
    return merge_layers(read_layers(file))


def read_layers(file: Path, _depth: int = 0) -> Layers:
    """The file and every parent it ``extends``, parents first, each as read (not merged)."""
    if _depth > MAX_EXTENDS_DEPTH:
        raise InputError(str(file), "extends", "too deep (a cycle?)")
    data = _read_yaml(file)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return [(str(file), data)]
    if not isinstance(parent_name, str):
        raise InputError(str(file), "extends", f"must be a file name, got {parent_name!r}")
    parent = file.parent / parent_name
    if not is_file(parent):
        bundled = bundled_path(parent_name)
        if bundled is None:
            raise InputError(str(file), "extends", f"parent file not found: {parent_name}")
        parent = bundled
    return [*read_layers(parent, _depth + 1), (str(file), data)]


def merge_layers(layers: Layers) -> dict[str, Any]:
    """Deep-merge every layer over the ones before it."""
    merged: dict[str, Any] = {}
    for _name, data in layers:
        merged = deep_merge(merged, data)
    return merged


def _read_yaml(file: Path) -> dict[str, Any]:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(file), "", "file not found") from None
    except UnicodeDecodeError:
        raise InputError(str(file), "", "cannot read: not UTF-8 text") from None
    except (OSError, ValueError) as exc:
        raise InputError(str(file), "", f"cannot read: {_os_cause(exc)}") from None
    data = load_yaml(text, str(file))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(file), "", "must be a YAML mapping of keys to values")
    return data


def _os_cause(exc: Exception) -> str:
    return shorten(getattr(exc, "strerror", None) or str(exc))


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any], path: str = "") -> dict[str, Any]:
    """Merge ``top`` over ``base``: mappings merge key by key, anything else replaces.

    Share maps (``REPLACED_WHOLE``) are replaced as a whole: a child that gives a priority mix
    means that mix, not the parent's with some entries changed. A child's ``null`` over a
    parent's block removes the block (``on_call: null``), so the schema default (off) applies.
    """
    merged = dict(base)
    for key, value in top.items():
        where = f"{path}.{key}" if path else key
        if value is None and isinstance(merged.get(key), Mapping):
            del merged[key]
            continue
        mergeable = isinstance(value, Mapping) and isinstance(merged.get(key), Mapping)
        if mergeable and where not in REPLACED_WHOLE:
            merged[key] = deep_merge(merged[key], value, where)
        else:
            merged[key] = value
    return merged


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``"a.b=value"`` into the key and the YAML-typed value."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise InputError("--set", text, "must look like dotted.key=value")
    return key.strip(), parse_value(value, "--set", key.strip())


def parse_value(text: str, source: str, key: str) -> Any:
    """A command-line value read as a YAML scalar (or flow list/mapping), strictly."""
    return load_yaml(text, source, key)


def set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    """Set ``data[a][b][c] = value`` for ``key = "a.b.c"``, creating mappings as needed.

    ``null`` over a block removes it, as in a child file, so the schema default applies.
    """
    *parents, last = key.split(".")
    node = data
    for part in parents:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        if not isinstance(child, dict):
            raise InputError("--set", key, f"'{shorten(part)}' is not a mapping")
        node = child
    if value is None and isinstance(node.get(last), dict):
        del node[last]
    else:
        node[last] = value


def validate(raw: Mapping[str, Any], file: str, layers: Layers | None = None) -> Scenario:
    """Validate a merged mapping into a Scenario, or raise one InputError.

    With ``layers`` (see :func:`read_layers`) the error names the layer that gave the value.
    """
    check_size(raw, file)

    def origin(key: str) -> str:
        return origin_of(layers, key, file) if layers else file

    try:
        scenario = Scenario.model_validate(dict(raw))
    except ValidationError as exc:
        raise first_error(exc, file, Scenario, origin) from None
    except RecursionError:
        raise InputError(file, "", "values nested too deeply") from None
    for key, message in checks.problems(scenario):
        raise InputError(origin(key), key, message)
    return scenario


def origin_of(layers: Layers, key: str, default: str) -> str:
    """The last layer that gives ``key`` (or replaces a mapping above it), else ``default``."""
    parts = key.split(".") if key else []
    for name, data in reversed(layers):
        node: Any = data
        for part in parts:
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, Mapping) and part in node:
                node = node[part]
            elif isinstance(node, Mapping):
                break  # this layer does not give the key: look further up
            else:
                return name  # this layer replaced a mapping with something else
        else:
            if parts:
                return name
    return default


def apply_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """Return a new Scenario with dotted-key overrides applied (the original is untouched)."""
    raw = scenario.model_dump(mode="json")
    for key, value in overrides.items():
        set_dotted(raw, key, value)
    return validate(raw, f"<{scenario.name}>")


def scenario_to_yaml(scenario: Scenario) -> str:
    """The fully resolved scenario as YAML (every default written out).

    Emitted by libyaml where PyYAML has it (the same text, about four times faster).
    """
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    data = scenario.model_dump(mode="json")
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)


def _first_error(exc: ValidationError, file: str) -> InputError:
    """The first problem of a scenario ValidationError (kept for the experiment loader)."""
    return first_error(exc, file, Scenario)
