"""One Python function per compiled object plan, generated from its fields.

A plan that loops over one closure per field pays three calls for every leaf it writes (the
field's runner, its getter and its completion): for a week calendar, 6,500 leaves and 3,500
relations per request. The function generated here reads attributes inline, completes values
of the exact type a scalar passes unchanged without a call, and calls out only for what needs
more (relations, resolvers, objects, coercion). It does what the closures did, in the same
order: the differential tests compare both executors on every shared operation.

Nothing a client sends reaches the generated source: response keys (aliases), values and
callables travel in the function's namespace; the source names only slots k0, c0, ... and
attribute names taken from the schema's own Python classes (checked to be identifiers).
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from types import CoroutineType
from typing import Any

from schema.execution.completers import Completer, ObjectRunner, Run
from schema.execution.fields import Getter
from schema.execution.lazy_info import LazyPath

# relation(source, loaders, built) -> the related value now, or a coroutine
RelationValue = Callable[[Any, Any, Any], Any]

# What isoformat (schema/scalars.py) serializes: for exactly these classes the method itself.
ISO_TYPES = frozenset({datetime, date, time})
_INT_RANGE = "-2147483648 <= value <= 2147483647"  # GraphQL's Int is 32-bit


@dataclass(frozen=True, slots=True)
class FieldPart:
    """One response key of an object plan and how its value is read and completed.

    Exactly one of `constant` (with `is_constant`), `attribute`, `relation` and `getter` says
    how the value is read. `passes`: for a leaf, the exact type whose values are their own
    completion (str, bool or a 32-bit int), checked inline before `complete` is called.
    """

    key: str
    typename: str
    complete: Completer | None = None
    is_constant: bool = False
    constant: Any = None
    attribute: str | None = None
    relation: RelationValue | None = None
    getter: Getter | None = None
    passes: type | None = None
    iso: bool = False  # a leaf serialized as value.isoformat(): inline for exact date types
    memo_plan: int | None = None  # a pure object plan's key in Run.completed (MEMO_PLANS)
    # A relation's source attributes that alone decide its object: with a pure plan below,
    # its response is kept in Run.completed under them (a week's 700 appointments share a
    # handful of types and operatories).
    memo_keys: tuple[str, ...] | None = None
    needs_path: bool = False  # the getter or the completion may need the field's path
    may_await: bool = False
    coroutines_only: bool = False  # the only awaitables it returns are coroutines


def object_function(parts: Sequence[FieldPart]) -> ObjectRunner:
    """The object runner writing `parts` into one response dict, in order."""
    namespace: dict[str, Any] = {
        "Coroutine": CoroutineType,
        "finisher": finisher,
        "iso_types": ISO_TYPES,
        "datetime": datetime,
        "utc": UTC,
    }
    body = ["def run_object(source, path, run):", "    result = {}"]
    if any(part.memo_plan is not None for part in parts):
        body.append("    memo = run.completed")
    if any(part.iso and not part.may_await for part in parts):
        body.append("    isos = run.isos")
    if any(part.relation is not None for part in parts):
        body.append("    context = run.executor.context_value")
        body.append("    loaders = context.loaders")
        body.append("    built = context.built")
    for index, part in enumerate(parts):
        body.extend(_field_lines(index, part, namespace))
    body.append("    return result")
    code = compile("\n".join(body), "<compiled plan>", "exec")
    exec(code, namespace)  # our own source: see the module docstring
    run_object: ObjectRunner = namespace["run_object"]
    return run_object


def finisher(
    result: dict[str, Any], key: str, complete: Completer, path: LazyPath, run: Run
) -> Callable[[Any], None]:
    """What completes a deferred field when its awaitable resolves."""

    def finish(resolved: Any) -> None:
        result[key] = complete(resolved, path, run)

    return finish


def _field_lines(index: int, part: FieldPart, namespace: dict[str, Any]) -> list[str]:
    key = f"k{index}"
    namespace[key] = part.key
    if part.is_constant:
        namespace[f"v{index}"] = part.constant
        return [f"    result[{key}] = v{index}"]
    lines = []
    path = "None"
    if part.needs_path:
        namespace[f"t{index}"] = part.typename
        lines.append(f"    field_path = (path, {key}, t{index})")
        path = "field_path"
    lines.append(f"    value = {_read(index, part, path, namespace)}")
    complete = _completion(index, part, path, namespace)
    if not part.may_await and part.iso:
        # A week's 1,400 UTC instants share a few hundred values: each formatted once a run.
        return [
            *lines,
            "    if value.__class__ is datetime and value.tzinfo is utc:",
            "        text = isos.get(value)",
            "        if text is None:",
            "            text = isos[value] = value.isoformat()",
            f"        result[{key}] = text",
            "    else:",
            f"        result[{key}] = {complete}",
        ]
    if not part.may_await:
        lines.append(f"    result[{key}] = {complete}")
        return lines
    awaiting = "value.__class__ is Coroutine" if part.coroutines_only else "run.is_awaitable(value)"
    lines += [
        f"    if {awaiting}:",
        f"        result[{key}] = None  # keeps the key's place in the response order",
        f"        run.defer(value, finisher(result, {key}, c{index}, {path}, run))",
        "    else:",
        f"        result[{key}] = {complete}",
    ]
    memo_key = _memo_key(index, part, namespace)
    if memo_key is None:
        return lines
    # Looked up first; stored once completed (None, a missing row, is never stored).
    return [
        f"    memo_key = {memo_key}",
        "    value = memo.get(memo_key)",
        "    if value is not None:",
        f"        result[{key}] = value",
        "    else:",
        *[f"    {line}" for line in lines],
        f"        if result[{key}] is not None:",
        f"            memo[memo_key] = result[{key}]",
    ]


def _memo_key(index: int, part: FieldPart, namespace: dict[str, Any]) -> str | None:
    """The expression of a relation's key in Run.completed, when it has one."""
    keys = part.memo_keys
    if part.relation is None or part.memo_plan is None or not keys:
        return None
    if not all(name.isidentifier() and not keyword.iskeyword(name) for name in keys):
        return None
    namespace[f"m{index}"] = object()  # this field's own tag: keys of other fields differ
    return f"(m{index}, {', '.join(f'source.{name}' for name in keys)})"


def _read(index: int, part: FieldPart, path: str, namespace: dict[str, Any]) -> str:
    if part.attribute is not None:
        if part.attribute.isidentifier() and not keyword.iskeyword(part.attribute):
            return f"source.{part.attribute}"
        namespace[f"a{index}"] = part.attribute
        return f"getattr(source, a{index})"
    if part.relation is not None:
        namespace[f"r{index}"] = part.relation
        return f"r{index}(source, loaders, built)"
    namespace[f"g{index}"] = part.getter
    return f"g{index}(source, {path}, run)"


def _completion(index: int, part: FieldPart, path: str, namespace: dict[str, Any]) -> str:
    namespace[f"c{index}"] = part.complete
    call = f"c{index}(value, {path}, run)"
    if part.iso:
        return f"value.isoformat() if value.__class__ in iso_types else {call}"
    if part.passes is None:
        return call
    namespace[f"p{index}"] = part.passes
    check = f"value.__class__ is p{index}"
    if part.passes is int:
        check += f" and {_INT_RANGE}"
    return f"value if {check} else {call}"
