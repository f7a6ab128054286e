"""JSON and JSON Schema derived from the engine's dataclasses: the report's one definition.

A dataclass serializes field for field under its Python names. Fields typed `Internal[...]`
(scoring.facts) stay out of the JSON; properties marked `computed_field` go in. The published
schema is generated from the same types, so a field added to a dataclass is in both at once.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

from pydantic import TypeAdapter

# Report.facts is annotated with Facts only for type checkers (scoring.facts imports
# scoring.report); naming it here lets pydantic resolve it.
from scoring.facts import Facts

T = TypeVar("T")
__all__ = ["Facts", "adapter", "closed", "from_json", "json_schema", "to_json"]


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}
_BUILDING = threading.Lock()


def adapter(cls: type[T]) -> TypeAdapter[T]:
    """One adapter per class, built on first use (building one takes milliseconds). Threads
    serving their first requests at once must not see an adapter before it is rebuilt."""
    ta = _ADAPTERS.get(cls)
    if ta is None:
        with _BUILDING:
            ta = _ADAPTERS.get(cls)
            if ta is None:
                ta = TypeAdapter(cls)
                ta.rebuild(_types_namespace={"Facts": Facts})
                _ADAPTERS[cls] = ta
    return ta


def to_json(obj: Any) -> dict[str, Any]:
    """The JSON form of one of the engine's dataclasses."""
    out: dict[str, Any] = adapter(type(obj)).dump_python(obj, mode="json")
    return out


def from_json(cls: type[T], data: Any) -> T:
    """The dataclass back from its JSON form (validated)."""
    return adapter(cls).validate_python(data)


def json_schema(
    cls: type, ref_template: str = "#/$defs/{model}", close: bool = True
) -> dict[str, Any]:
    """The JSON Schema of what `to_json` produces for `cls`, closed (see `closed`) unless
    `close` is false (types with optional keys, such as a TypedDict's NotRequired)."""
    schema = adapter(cls).json_schema(mode="serialization", ref_template=ref_template)
    return closed(schema) if close else schema


def closed(schema: Any) -> Any:
    """Every object schema allows no property it does not list and requires all it lists.

    A dataclass always serializes every field it has, so "required" is all of them; a field
    the schema does not know is drift, and validation against it must fail.
    """
    if isinstance(schema, dict):
        out = {k: closed(v) for k, v in schema.items() if k != "title"}
        if "properties" in schema:
            out["properties"] = {k: closed(v) for k, v in schema["properties"].items()}
            out["required"] = list(schema["properties"])
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [closed(v) for v in schema]
    return schema
