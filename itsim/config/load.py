"""Load scenario files: YAML, ``extends:`` inheritance, ``--set`` overrides, clear errors.

A scenario file may name a parent with ``extends: other.yaml`` (relative to the file, or the name
of a bundled scenario such as ``baseline``); the child's keys are deep-merged over the parent's.
Overrides ``a.b.c=value`` are parsed as YAML scalars and typed through the schema.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from itsim.config import checks
from itsim.config.schema import Scenario
from itsim.errors import InputError

#: Scenarios shipped inside the package (``itsim run baseline`` works outside the repository).
BUNDLED_DIR = Path(__file__).resolve().parent.parent / "scenarios"
MAX_EXTENDS_DEPTH = 16
#: Mappings that ``extends`` replaces whole instead of merging (their values must sum to 1).
REPLACED_WHOLE = frozenset({
    "demand.incidents.priority_mix",
    "demand.incidents.categories",
    "demand.projects.teams",
})  # fmt: skip


def bundled_path(name: str) -> Path | None:
    """Return the path of a scenario shipped inside the package, or None."""
    root = BUNDLED_DIR
    name = name.removeprefix("scenarios/")  # the repository's scenarios/ is the bundled folder
    for candidate in (name, f"{name}.yaml"):
        path = root / candidate
        if path.is_file():
            return path
    return None


def resolve_path(path: str | Path) -> Path:
    """Return ``path`` if it exists, else the bundled scenario of that name."""
    given = Path(path)
    if given.is_file():
        return given
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
        Naming the file, the dotted key and the problem.
    """
    file = resolve_path(path if path is not None else "baseline")
    raw = read_raw(file)
    for text in overrides:
        key, value = parse_override(text)
        set_dotted(raw, key, value)
    return validate(raw, str(path if path is not None else file))


def read_raw(file: Path, _depth: int = 0) -> dict[str, Any]:
    """Read a YAML file and merge it over the parents it ``extends``."""
    if _depth > MAX_EXTENDS_DEPTH:
        raise InputError(str(file), "extends", "too deep (a cycle?)")
    data = _read_yaml(file)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data
    if not isinstance(parent_name, str):
        raise InputError(str(file), "extends", f"must be a file name, got {parent_name!r}")
    parent = file.parent / parent_name
    if not parent.is_file():
        bundled = bundled_path(parent_name)
        if bundled is None:
            raise InputError(str(file), "extends", f"parent file not found: {parent_name}")
        parent = bundled
    return deep_merge(read_raw(parent, _depth + 1), data)


def _read_yaml(file: Path) -> dict[str, Any]:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(file), "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(file), "", f"cannot read: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise InputError(str(file), "", f"not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(file), "", "must be a YAML mapping of keys to values")
    return data


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
    try:
        return key.strip(), yaml.safe_load(value)
    except yaml.YAMLError:
        raise InputError("--set", key, f"value is not valid YAML: {value!r}") from None


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
            raise InputError("--set", key, f"'{part}' is not a mapping")
        node = child
    if value is None and isinstance(node.get(last), dict):
        del node[last]
    else:
        node[last] = value


def validate(raw: Mapping[str, Any], file: str) -> Scenario:
    """Validate a merged mapping into a Scenario, or raise one InputError."""
    try:
        scenario = Scenario.model_validate(dict(raw))
    except ValidationError as exc:
        raise _first_error(exc, file) from None
    for key, message in checks.problems(scenario):
        raise InputError(file, key, message)
    return scenario


def apply_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """Return a new Scenario with dotted-key overrides applied (the original is untouched)."""
    raw = scenario.model_dump(mode="json")
    for key, value in overrides.items():
        set_dotted(raw, key, value)
    return validate(raw, f"<{scenario.name}>")


def scenario_to_yaml(scenario: Scenario) -> str:
    """The fully resolved scenario as YAML (every default written out)."""
    return yaml.safe_dump(scenario.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


def _first_error(exc: ValidationError, file: str) -> InputError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = [str(p) for p in first["loc"] if not _is_union_tag(p)]
    key = ".".join(loc)
    message = _describe(first, loc)
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return InputError(file, key, message)


def _is_union_tag(part: object) -> bool:
    # pydantic inserts the member type name into the location of union errors
    text = str(part)
    return text.startswith(("literal[", "list[", "function-")) or text in {"float", "int", "str"}


def _describe(error: Mapping[str, Any], loc: list[str]) -> str:
    kind, ctx, got = error["type"], error.get("ctx") or {}, error.get("input")
    bounds = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<="}
    if kind in bounds:
        limit = next(iter(ctx.values()))
        return f"must be {bounds[kind]} {limit}, got {got!r}"
    if kind == "less_than":
        return f"must be < {ctx.get('lt')}, got {got!r}"
    if kind == "extra_forbidden":
        return "unknown key" + _suggestion(loc[-1] if loc else "")
    if kind == "missing":
        return "required key is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    message = message.replace("Input should be", "must be")
    if kind in {"value_error", "assertion_error"}:
        return message
    return f"{message}, got {got!r}"


def _suggestion(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(_all_field_names(Scenario)), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _all_field_names(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for field in model.model_fields.values():
        for sub in _models_in(field.annotation):
            names |= _all_field_names(sub, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    return found
