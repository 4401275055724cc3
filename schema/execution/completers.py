"""Value completion for compiled plans: leaves, lists, non-null and objects.

Each completer does what graphql-core's `complete_value` does for its type, minus the error
handling: any surprise raises `Bail` (or the resolver's own exception) and the executor runs the
whole subtree again through the standard path, which reports it exactly as it always has.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import datetime
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLID,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLString,
    GraphQLUnionType,
    Undefined,
)
from graphql.pyutils import is_iterable
from strawberry.types.cast import get_strawberry_type_cast

from schema.execution.lazy_info import FieldSite, LazyPath, materialize


class Bail(Exception):
    """The compiled path cannot complete this value; the standard path must."""


class Run:
    """One execution of a compiled subtree: its executor and the awaitables still open."""

    __slots__ = ("completed", "executor", "is_awaitable", "isos", "pending")

    def __init__(self, executor: Any) -> None:
        self.executor = executor
        self.is_awaitable: Callable[[Any], bool] = executor.is_awaitable
        self.pending: list[tuple[Awaitable[Any], Callable[[Any], None]]] = []
        # (plan, id of source) -> (source, its response): pure plans complete an object once.
        self.completed: dict[tuple[int, int], tuple[Any, dict[str, Any]]] = {}
        # UTC instant -> its ISO 8601 text, as the DateTime scalar writes it.
        self.isos: dict[datetime, str] = {}

    def defer(self, awaitable: Awaitable[Any], then: Callable[[Any], None]) -> None:
        """Finish a field when its awaitable resolves (all of a round resolve together)."""
        self.pending.append((awaitable, then))

    def discard(self) -> None:
        """Drop open awaitables of an abandoned run without 'never awaited' warnings."""
        for awaitable, _ in self.pending:
            close = getattr(awaitable, "close", None)
            if close is not None:
                close()
        self.pending.clear()


_STANDARD_SCALARS = {
    "String": GraphQLString,
    "ID": GraphQLID,
    "Boolean": GraphQLBoolean,
    "Int": GraphQLInt,
}
_INT_MIN: int = -(2**31)  # GraphQL's Int is 32-bit
_INT_MAX: int = 2**31 - 1
_ENUM_MEMO_SIZE = 1024

# complete(value, path of the value, run) -> the JSON-ready value
Completer = Callable[[Any, LazyPath, Run], Any]
# Completers of pure object plans -> the plan's key in Run.completed: a generated plan looks an
# object up there itself before calling the completer (schema/execution/codegen.py).
MEMO_PLANS: weakref.WeakKeyDictionary[Completer, int] = weakref.WeakKeyDictionary()
# run_fields(source, path of the object, run) -> the object's response dict
ObjectRunner = Callable[[Any, LazyPath, Run], dict[str, Any]]


def leaf_completer(leaf_type: GraphQLLeafType, *, non_null: bool = False) -> Completer:
    """Coerce a scalar or enum value as graphql-core does (null refused when `non_null`)."""
    coerce = leaf_type.coerce_output_value
    passes = unchanged_type(leaf_type)
    # An enum's name for a value never changes: look each value up once per process.
    names: dict[Any, Any] | None = {} if isinstance(leaf_type, GraphQLEnumType) else None

    def complete(value: Any, _path: LazyPath, _run: Run) -> Any:
        if value.__class__ is passes and (passes is not int or _in_int_range(value)):
            return value
        if value is None or value is Undefined:
            if non_null:
                raise Bail
            return None
        if isinstance(value, Exception):
            raise Bail
        if names is not None:
            try:
                return names[value]
            except (KeyError, TypeError):
                pass
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise Bail
        if names is not None and len(names) < _ENUM_MEMO_SIZE:
            with suppress(TypeError):
                names[value] = coerced
        return coerced

    return complete


def unchanged_type(leaf_type: GraphQLLeafType) -> type | None:
    """The type of values that graphql-core's coercion returns unchanged, checked by exact
    type: a str for String and ID, a bool for Boolean, an int in 32-bit range for Int.
    Everything else goes through the coercion."""
    passes = {"String": str, "ID": str, "Boolean": bool, "Int": int}.get(leaf_type.name)
    if passes is not None and leaf_type is not _STANDARD_SCALARS.get(leaf_type.name):
        return None  # a custom scalar that only borrows the name
    return passes


def _in_int_range(value: Any) -> bool:
    return _INT_MIN <= value <= _INT_MAX


def non_null_completer(inner: Completer) -> Completer:
    """The inner completion, which must not be null."""

    def complete(value: Any, path: LazyPath, run: Run) -> Any:
        completed = inner(value, path, run)
        if completed is None:
            raise Bail
        return completed

    plan = MEMO_PLANS.get(inner)
    if plan is not None:
        MEMO_PLANS[complete] = plan  # a memo hit is a response dict: never null
    return complete


def list_completer(inner: Completer, *, item_paths: bool) -> Completer:
    """Complete each item; items get paths only when they are objects that may need them."""

    def complete(value: Any, path: LazyPath, run: Run) -> Any:
        if value.__class__ is not list:  # lists, the common case, need no further check
            if value is None or value is Undefined:
                return None
            if not is_iterable(value):
                raise Bail
        if item_paths:
            return [inner(item, (path, index, None), run) for index, item in enumerate(value)]
        return [inner(item, None, run) for item in value]

    return complete


def object_completer(
    object_type: GraphQLObjectType, runner: ObjectRunner, *, once: bool
) -> Completer:
    """Run the object's plan after the type check graphql-core would make.

    `once` (a pure plan: the response depends on the object alone): each object is completed
    once per run and its response shared, e.g. a provider on hundreds of appointments once
    one_per_row made it one object. A repeat skips the type check its first time passed.
    """
    is_type_of = object_type.is_type_of
    if is_type_of is not None and not _ignores_info(is_type_of):
        # A hand-written is_type_of may read the info: leave such types to the standard path.
        raise NotCompilable(f"{object_type.name} has a custom is_type_of")
    plan = id(runner)

    def complete(value: Any, path: LazyPath, run: Run) -> Any:
        if value is None or value is Undefined:
            return None
        if once:
            hit = run.completed.get((plan, id(value)))
            if hit is not None and hit[0] is value:
                return hit[1]
        if is_type_of is not None and not is_type_of(value, None):  # type: ignore[arg-type]
            raise Bail
        result = runner(value, path, run)
        if once:
            run.completed[plan, id(value)] = (value, result)
        return result

    if once:
        MEMO_PLANS[complete] = plan
    return complete


def abstract_completer(
    abstract_type: GraphQLInterfaceType | GraphQLUnionType,
    completers: dict[str, Completer],
    site: FieldSite,
) -> Completer:
    """Complete with the plan of the object type the abstract type resolves the value to, as
    graphql-core's complete_abstract_value does; anything unusual (an awaitable or unknown
    type name) is left to the standard path, which reports it."""
    resolve_type = abstract_type.resolve_type
    if resolve_type is None:
        raise NotCompilable(f"{abstract_type.name} has no resolve_type")
    field_def, nodes, parent_type = site.field_def, site.field_nodes, site.parent_type
    # Objects made with strawberry.cast resolve by the type they are cast to alone (Strawberry's
    # resolve_type tries each possible type for it: 26 for Node): one lookup per cast type.
    by_cast: dict[type, str] = {}

    def complete(value: Any, path: LazyPath, run: Run) -> Any:
        if value is None or value is Undefined:
            return None
        cast = get_strawberry_type_cast(value)
        name: Any = by_cast.get(cast) if cast is not None else None
        if name is None:
            executor = run.executor
            info = executor.build_resolve_info(field_def, nodes, parent_type, materialize(path))
            name = resolve_type(value, info, abstract_type)
            if cast is not None and name == _definition_name(cast):
                by_cast[cast] = name  # decided by the cast, not by anything of the value's
        complete_object = completers.get(name) if name.__class__ is str else None
        if complete_object is None:
            close = getattr(name, "close", None)
            if close is not None:
                close()  # an awaitable type name: not awaited here
            raise Bail
        return complete_object(value, path, run)

    return complete


def _definition_name(cast: type) -> str | None:
    definition = getattr(cast, "__strawberry_definition__", None)
    return getattr(definition, "name", None)


def _ignores_info(is_type_of: Callable[..., Any]) -> bool:
    # Strawberry's generated checks are isinstance tests that never read their info argument.
    return is_type_of.__qualname__.startswith("GraphQLCoreConverter.")


class NotCompilable(Exception):
    """This selection needs the standard executor (raised while compiling only)."""
