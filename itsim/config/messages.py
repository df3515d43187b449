"""Validation errors as one line a scenario author understands: ``file: key: problem``.

Pydantic reports every failed branch of a union (``week_profile`` may be ``office``, ``flat``
or 168 weights); the branch that got furthest into the value is the one the author meant, so
that is the one reported. Values are echoed short (:func:`itsim.errors.show`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from itsim.errors import InputError, show

_BOUNDS = {
    "greater_than_equal": ">=",
    "greater_than": ">",
    "less_than_equal": "<=",
    "less_than": "<",
}


def first_error(
    exc: ValidationError,
    file: str,
    model: type[BaseModel] | None = None,
    origin: Callable[[str], str] | None = None,
) -> InputError:
    """The most relevant problem of ``exc`` as an InputError (``origin`` maps a key to a file)."""
    errors = exc.errors(include_url=False)
    first, branches = _most_relevant(errors)
    loc = [str(p) for p in first["loc"] if not _is_union_tag(p)]
    key = ".".join(loc)
    message = _describe(first, loc, model)
    rest = [e for e in errors if not any(e is b for b in branches)]
    others = len({_plain_key(e) for e in rest} - {key})
    if others:
        message += f" (and {others} more problem{'s' if others > 1 else ''})"
    return InputError(origin(key) if origin is not None else file, key, message)


def _plain_key(error: Mapping[str, Any]) -> str:
    return ".".join(str(p) for p in error["loc"] if not _is_union_tag(p))


def _most_relevant(errors: list[Any]) -> tuple[Any, list[Any]]:
    """The first error, or, when it is one branch of a union, the branch that went deepest.

    Returns the chosen error and the errors of its union (just itself outside a union).
    """
    first = errors[0]
    tags = [i for i, part in enumerate(first["loc"]) if _is_union_tag(part)]
    if not tags:
        return first, [first]
    prefix = tuple(first["loc"][: tags[0]])
    branches = [e for e in errors if tuple(e["loc"][: len(prefix)]) == prefix]
    return max(branches, key=lambda e: len(e["loc"])), branches  # max keeps the first of equals


def _is_union_tag(part: object) -> bool:
    # pydantic inserts the member type name into the location of union errors
    text = str(part)
    return text.startswith(("literal[", "list[", "function-", "dict[", "tuple[")) or text in {
        "float",
        "int",
        "str",
        "bool",
        "date",
    }


def _describe(error: Mapping[str, Any], loc: list[str], model: type[BaseModel] | None) -> str:
    kind, ctx, got = error["type"], error.get("ctx") or {}, error.get("input")
    if kind in _BOUNDS:
        limit = next(iter(ctx.values()))
        return f"must be {_BOUNDS[kind]} {limit}, got {show(got)}"
    if kind == "extra_forbidden":
        return "unknown key" + _suggestion(loc[-1] if loc else "", model)
    if kind == "missing":
        return "required key is missing"
    if kind == "finite_number":
        return f"must be a finite number, got {show(got)}"
    message = str(error["msg"]).removeprefix("Value error, ")
    message = message.replace("Input should be", "must be")
    if kind in {"value_error", "assertion_error"}:
        return message
    return f"{message}, got {show(got)}"


def _suggestion(name: str, model: type[BaseModel] | None) -> str:
    if model is None:
        return ""
    close = difflib.get_close_matches(name, sorted(_all_field_names(model)), n=1, cutoff=0.75)
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
