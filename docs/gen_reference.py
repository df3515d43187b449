"""Generate the key tables of docs/scenario-reference.md from the scenario schema.

The tables (key, type, default, constraints, meaning) are rebuilt from ``itsim.config.schema``
so that types, defaults and bounds cannot drift from the code. Meanings come from a field's
pydantic ``description`` when it has one, else from ``MEANINGS`` in key_meanings.py.

    python docs/gen_reference.py           # rewrite the generated part of the reference
    python docs/gen_reference.py --check   # exit 1 if the reference is out of date
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from itsim.config.schema import Scenario  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from key_meanings import MEANINGS  # noqa: E402

REFERENCE = ROOT / "docs" / "scenario-reference.md"
BEGIN = "<!-- BEGIN GENERATED KEYS: python docs/gen_reference.py -->"
END = "<!-- END GENERATED KEYS -->"
NOT_DESCRIBED = "(not yet described)"
MISSING: Any = object()
ENTRY: Any = "(one entry)"

#: Placeholder used in a dotted key for the keys of a mapping field.
PLACEHOLDERS = {
    "sla": "<class>",
    "roles": "<role>",
    "teams": "<team>",
    "handle_hours": "<work>",
    "catalog": "<item>",
    "leadership": "<role>",
}


def _unwrap_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    """The bare type and the constraint objects of ``Annotated[...]`` (possibly nested)."""
    metadata: list[Any] = []
    while get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        for item in extra:
            metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        annotation = base
    return annotation, metadata


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _members(annotation: Any) -> list[Any]:
    """Members of a union (each unwrapped), or the type itself."""
    if _is_union(annotation):
        return [_unwrap_annotated(a)[0] for a in get_args(annotation)]
    return [_unwrap_annotated(annotation)[0]]


def type_name(annotation: Any) -> str:
    """A readable name for a schema type."""
    annotation, _ = _unwrap_annotated(annotation)
    if _is_union(annotation):
        return " or ".join(type_name(a) for a in get_args(annotation))
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {type_name(args[0])}"
    if origin is tuple:
        return "[" + ", ".join(type_name(a) for a in args) + "]"
    if origin is dict:
        return f"map {type_name(args[0])} → {type_name(args[1])}"
    simple = {int: "integer", float: "number", str: "text", bool: "true/false",
              dt.date: "date", type(None): "null"}  # fmt: skip
    if annotation in simple:
        return simple[annotation]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping"
    return getattr(annotation, "__name__", str(annotation))


def constraints(field: FieldInfo) -> str:
    """Numeric bounds of a field, e.g. ``>= 0, <= 1``."""
    _, nested = _unwrap_annotated(field.annotation)
    for member in get_args(field.annotation) if _is_union(field.annotation) else ():
        nested += _unwrap_annotated(member)[1]
    found = []
    for item in [*field.metadata, *nested]:
        for attr, symbol in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            value = getattr(item, attr, None)
            if value is not None:
                found.append(f"{symbol} {value}")
    return ", ".join(dict.fromkeys(found))


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _has_default(field: FieldInfo) -> bool:
    return field.default is not PydanticUndefined or field.default_factory is not None


def _value_text(value: Any) -> str:
    if isinstance(value, BaseModel) and not isinstance(value, _dist_type()):
        return "(block)"
    return (
        "`" + json.dumps(_jsonable(value), ensure_ascii=False, default=str).replace('"', "") + "`"
    )


def default_text(field: FieldInfo, inherited: Any = MISSING) -> str:
    """The value used when the key is left out, as compact text, or ``required``."""
    if field.default is ENTRY:
        return "—"
    own = _value_text(field.get_default(call_default_factory=True)) if _has_default(field) else None
    if inherited is MISSING:
        return own or "required"
    block, own = _value_text(inherited), own or "required"
    if own == block:
        return block
    return f"{block} if the block is omitted, else {own}"


def _dist_type() -> type:
    from itsim.config.schema import Dist

    return Dist


def _child_model(annotation: Any) -> tuple[type[BaseModel] | None, str]:
    """The model nested under a field, and the path step to reach it (``""`` or ``.<key>``)."""
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member, ""
        if get_origin(member) is dict:
            value, _ = _unwrap_annotated(get_args(member)[1])
            for inner in _members(value):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    return inner, ".<key>"
        if get_origin(member) is list:
            for inner in _members(get_args(member)[0]):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    return inner, "[]"
    return None, ""


def walk(
    model: type[BaseModel], prefix: str = "", block: BaseModel | None = None
) -> Iterator[tuple[str, FieldInfo, Any]]:
    """Every (dotted key, field, value when the enclosing block is omitted) of ``model``.

    Parents come before children. The third item is ``MISSING`` unless an enclosing block has a
    default instance (``demand.incidents`` defaults to a rate of 0.45, while the field's own
    default is null), in which case it is the value that block default carries.
    """
    for name, field in model.model_fields.items():
        key = f"{prefix}{name}"
        inherited = getattr(block, name) if block is not None else MISSING
        yield key, field, inherited
        child, step = _child_model(field.annotation)
        if child is None:
            continue
        if step == ".<key>":
            step = "." + PLACEHOLDERS.get(name, "<key>")
        if step:
            yield f"{key}{step}", FieldInfo(annotation=child, default=ENTRY), MISSING
            yield from walk(child, f"{key}{step}.")
            continue
        own = field.get_default(call_default_factory=True) if _has_default(field) else None
        parent = inherited if inherited is not MISSING else own
        yield from walk(child, f"{key}.", parent if isinstance(parent, BaseModel) else None)


def schema_keys() -> list[str]:
    """Every dotted key of the scenario schema (with placeholders for mapping keys)."""
    return [key for key, _, _ in walk(Scenario)]


def meaning(key: str, field: FieldInfo) -> str:
    """What the key means: the field's description, else ``MEANINGS``."""
    return field.description or MEANINGS.get(key, NOT_DESCRIBED)


def _row(key: str, field: FieldInfo, inherited: Any) -> str:
    cells = [f"`{key}`", type_name(field.annotation), default_text(field, inherited),
             constraints(field), meaning(key, field)]  # fmt: skip
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def render() -> str:
    """The generated Markdown: one table per top-level block."""
    header = "| key | type | default | constraints | meaning |\n|---|---|---|---|---|"
    sections: dict[str, list[str]] = {}
    for key, field, inherited in walk(Scenario):
        top = key.split(".")[0].split("[")[0]
        block = top if _child_model(Scenario.model_fields[top].annotation)[0] else "(top level)"
        sections.setdefault(block, []).append(_row(key, field, inherited))
    parts = [f"### `{name}`\n\n{header}\n" + "\n".join(rows) for name, rows in sections.items()]
    return "\n\n".join(parts)


def updated(text: str) -> str:
    """``text`` with the part between the markers replaced by a fresh rendering."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{render()}\n\n{END}{tail}"


def main(argv: list[str]) -> int:
    text = REFERENCE.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{REFERENCE}: markers not found", file=sys.stderr)
        return 2
    fresh = updated(text)
    missing = [k for k, f, _ in walk(Scenario) if meaning(k, f) == NOT_DESCRIBED]
    for key in missing:
        print(f"warning: {key}: no meaning (add a description or a MEANINGS entry)",
              file=sys.stderr)  # fmt: skip
    if "--check" in argv:
        if fresh != text:
            print(f"{REFERENCE} is out of date: run python docs/gen_reference.py",
                  file=sys.stderr)  # fmt: skip
            return 1
        return 0
    REFERENCE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
