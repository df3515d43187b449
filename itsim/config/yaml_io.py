"""Read YAML from users strictly: one boundary that turns every parse problem into InputError.

PyYAML's safe loader follows YAML 1.1, whose implicit types surprise scenario authors: ``1:30``
is the integer 90 (base 60), ``no`` is ``False``, ``017`` is octal. This loader resolves plain
scalars as YAML 1.2's core schema does (``1:30`` and ``no`` stay strings, ``017`` is 17,
``1e3`` is a float), rejects a key given twice in one mapping (YAML leaves it undefined; PyYAML
silently keeps the last), and bounds what a small file may expand to: nesting depth, the number
of values after aliases are expanded (a few hundred bytes of nested aliases can mean billions),
and the file size. Any failure, whatever PyYAML or Python raises, becomes one
:class:`~itsim.errors.InputError` naming the file and, where known, the line.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode

from itsim.errors import InputError, shorten, show

#: Largest scenario or experiment file read (bundled scenarios are a few KB).
MAX_FILE_BYTES = 2_000_000
#: Deepest nesting of mappings and lists (scenarios nest about 6 deep).
MAX_DEPTH = 40
#: Values after aliases are expanded (a full scenario holds a few hundred).
MAX_VALUES = 200_000

_TAG = "tag:yaml.org,2002:"
_REPLACED_TAGS = {f"{_TAG}bool", f"{_TAG}int", f"{_TAG}float"}
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def strict_loader_on(base: type[Any]) -> type[Any]:
    """The strict loader's rules on PyYAML's safe loader ``base`` (its Python parser, or
    ``yaml.CSafeLoader``, libyaml's): YAML 1.2 core scalars, no key given twice."""

    class Strict(base):
        def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
            if isinstance(node, MappingNode):
                _reject_duplicates(self, node)
            return super().construct_mapping(node, deep=deep)

    Strict.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED_TAGS]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    Strict.add_implicit_resolver(f"{_TAG}bool", _BOOL, list("tTfF"))
    Strict.add_implicit_resolver(f"{_TAG}int", _INT, list("-+0123456789"))
    Strict.add_implicit_resolver(f"{_TAG}float", _FLOAT, list("-+.0123456789"))
    Strict.add_constructor(f"{_TAG}int", _construct_int)
    Strict.add_constructor(f"{_TAG}float", _construct_float)
    Strict.add_constructor(f"{_TAG}bool", _construct_bool)
    Strict.add_constructor(f"{_TAG}timestamp", _construct_timestamp)
    return Strict


def _reject_duplicates(loader: SafeConstructor, node: MappingNode) -> None:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == f"{_TAG}merge":
            continue
        key = loader.construct_object(key_node)
        if key in seen:
            raise ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"key {show(key)} is given twice",
                key_node.start_mark,
            )
        seen.add(key)


def _scalar_error(node: Node, kind: str) -> ConstructorError:
    return ConstructorError(None, None, f"{show(node.value)} is not {kind}", node.start_mark)


def _construct_int(loader: SafeConstructor, node: Node) -> int:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    base = 16 if text.startswith("0x") else 8 if text.startswith("0o") else 10
    try:
        return int(text[2:] if base != 10 else text, base)
    except ValueError:  # also raised for integers beyond Python's digit limit
        raise _scalar_error(node, "an integer (of at most 4300 digits)") from None


def _construct_float(loader: SafeConstructor, node: Node) -> float:
    text = str(loader.construct_scalar(node)).lower()  # type: ignore[arg-type]
    if text.lstrip("+-") == ".inf":
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    try:
        return float(text)
    except ValueError:
        raise _scalar_error(node, "a number") from None


def _construct_bool(loader: SafeConstructor, node: Node) -> bool:
    text = str(loader.construct_scalar(node)).lower()  # type: ignore[arg-type]
    if text not in {"true", "false"}:
        raise _scalar_error(node, "true or false")
    return text == "true"


def _construct_timestamp(loader: SafeConstructor, node: Node) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except (ValueError, TypeError, AttributeError, OverflowError):
        raise _scalar_error(node, "a valid date (YYYY-MM-DD)") from None


#: Safe loader with YAML 1.2 core scalars, no duplicate keys and errors with a line; on
#: libyaml's parser where PyYAML has it (about six times faster on a scenario; values are made
#: by the same Python constructors either way).
StrictLoader = strict_loader_on(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_yaml(text: str, source: str, key: str = "") -> Any:
    """Parse ``text`` (from ``source``; ``key`` for a ``--set`` value) or raise InputError."""
    if len(text) > MAX_FILE_BYTES:
        raise InputError(source, key, f"larger than {MAX_FILE_BYTES:,} characters")
    try:
        data = yaml.load(text, Loader=StrictLoader)  # a SafeLoader: no Python objects
    except yaml.YAMLError as exc:
        raise InputError(source, key, _yaml_problem(exc)) from None
    except RecursionError:
        raise InputError(source, key, f"nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, TypeError, AttributeError, OverflowError, MemoryError) as exc:
        raise InputError(source, key, f"not valid YAML: {shorten(str(exc))}") from None
    check_size(data, source, key)
    return data


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    problem = getattr(exc, "problem", None)
    return f"not valid YAML{where}" + (f": {shorten(str(problem), 200)}" if problem else "")


def check_size(data: Any, source: str, key: str = "") -> None:
    """Refuse data nested deeper than MAX_DEPTH, recursive, or expanding beyond MAX_VALUES."""
    try:
        _expanded_size(data, 0, {}, set())
    except _Unreadable as exc:
        raise InputError(source, key, str(exc)) from None


class _Unreadable(Exception):
    """Raised inside the size walk; turned into an InputError naming the source."""


def _expanded_size(value: Any, depth: int, sizes: dict[int, int], path: set[int]) -> int:
    # shared sub-trees (YAML aliases) are counted once per use but sized once, so a nested
    # alias bomb is measured in linear time
    if not isinstance(value, (dict, list)):
        return 1
    if depth > MAX_DEPTH:
        raise _Unreadable(f"nested more than {MAX_DEPTH} levels deep")
    ident = id(value)
    if ident in path:
        raise _Unreadable("a value contains itself (a recursive alias)")
    if ident not in sizes:
        path.add(ident)
        children = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        total = 1
        for child in children:
            total += _expanded_size(child, depth + 1, sizes, path)
            if total > MAX_VALUES:
                raise _Unreadable(f"expands to more than {MAX_VALUES:,} values (nested aliases?)")
        path.discard(ident)
        sizes[ident] = total
    return sizes[ident]
