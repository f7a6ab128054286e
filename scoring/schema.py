"""JSON and JSON Schema derived from the engine's dataclasses: the report's one definition.

A dataclass serializes field for field under its Python names. Fields typed `Internal[...]`
(scoring.facts) stay out of the JSON; properties marked `computed_field` go in. The published
schema is generated from the same types, so a field added to a dataclass is in both at once.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections.abc import Callable
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from pydantic import TypeAdapter
from pydantic.fields import ComputedFieldInfo, FieldInfo

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
    return _built_once(_ADAPTERS, _BUILDING, cls, _build_adapter)


def _build_adapter(cls: type) -> TypeAdapter[Any]:
    ta: TypeAdapter[Any] = TypeAdapter(cls)
    ta.rebuild(_types_namespace={"Facts": Facts})
    return ta


def _built_once(cache: dict[type, Any], lock: Any, cls: type, build: Callable[[type], Any]) -> Any:
    """cache[cls], built by build(cls) under lock on first use: a thread never sees an entry
    before it is whole, and two threads never build the same one."""
    got = cache.get(cls)
    if got is None:
        with lock:
            got = cache.get(cls)
            if got is None:
                got = cache[cls] = build(cls)
    return got


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


# What `to_json` gives, written out as one plain function per dataclass: the same fields, in
# the same order, generated from the same types (a field typed `Internal[...]` left out, a
# `computed_field` property put in after the fields). A report is serialized on every answer,
# and these functions take a fraction of the adapter's time.


def fast_to_json(obj: Any) -> dict[str, Any]:
    """`to_json(obj)` for the report's dataclasses, by generated code (see `_writer`)."""
    out: dict[str, Any] = _writer(type(obj))(obj)
    return out


_WRITERS: dict[type, Callable[[Any], dict[str, Any]]] = {}
_WRITING = threading.RLock()  # a writer builds the writers of the dataclasses it holds


def _writer(cls: type) -> Callable[[Any], dict[str, Any]]:
    fn: Callable[[Any], dict[str, Any]] = _built_once(_WRITERS, _WRITING, cls, _build_writer)
    return fn


def _build_writer(cls: type) -> Callable[[Any], dict[str, Any]]:
    hints = get_type_hints(cls, {"Facts": Facts, **vars(sys.modules[cls.__module__])}, None, True)
    names: dict[str, Any] = {}
    items = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if get_origin(hint) is Annotated and any(
            isinstance(m, FieldInfo) and m.exclude for m in get_args(hint)[1:]
        ):
            continue
        items.append(f"{f.name!r}: {_value(f'o.{f.name}', hint, names)}")
    for name, member in vars(cls).items():
        if isinstance(getattr(member, "decorator_info", None), ComputedFieldInfo):
            hint = get_type_hints(member.wrapped.fget, vars(sys.modules[cls.__module__]))
            items.append(f"{name!r}: {_value(f'o.{name}', hint['return'], names)}")
    source = f"def write(o):\n    return {{{', '.join(items)}}}\n"
    exec(source, names)  # the source is built from the dataclass's own fields, above
    write: Callable[[Any], dict[str, Any]] = names["write"]
    return write


def _value(expr: str, hint: Any, names: dict[str, Any]) -> str:
    """The expression that gives `expr`'s JSON form under its declared type `hint`."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        return _value(expr, args[0], names)
    if origin in (Union, UnionType):
        kinds = [a for a in args if a is not type(None)]
        if len(kinds) == 1 and not _plain(kinds[0]):
            return f"(None if {expr} is None else {_value(expr, kinds[0], names)})"
        if all(_plain(a) for a in kinds):
            return expr
        raise TypeError(f"no writer for {hint!r}")
    if origin in (list, tuple):
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise TypeError(f"no writer for {hint!r}")
        return f"[{_value('x', args[0], names)} for x in {expr}]"
    if origin is dict:
        if args[0] is not str:
            raise TypeError(f"no writer for {hint!r}")
        return f"{{k: {_value('x', args[1], names)} for k, x in {expr}.items()}}"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = f"write_{hint.__name__}"
        names[name] = _writer(hint)
        return f"{name}({expr})"
    if _plain(hint):
        return expr
    raise TypeError(f"no writer for {hint!r}")


def _plain(hint: Any) -> bool:
    return hint in (str, int, bool, type(None), float)
