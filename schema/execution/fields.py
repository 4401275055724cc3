"""How a compiled plan gets one field's value: a constant, an attribute or a resolver call."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import lru_cache
from types import CoroutineType
from typing import Any, NamedTuple

from graphql import GraphQLField, GraphQLObjectType, TypeNameMetaFieldDef
from strawberry import relay

from schema.execution.completers import Bail, Completer, NotCompilable, Run
from schema.execution.lazy_info import CompiledInfo, FieldSite, LazyPath
from schema.types.loaded import FromLoaders

# run_field(source, path of the object, run, the object's response dict) -> None
FieldRunner = Callable[[Any, LazyPath, Run, dict[str, Any]], None]
# value(source, path of the field, run) -> the resolved value (or an awaitable)
Getter = Callable[[Any, LazyPath, Run], Any]

STRAWBERRY_DEFINITION = "strawberry-definition"
_NODE_ID = relay.Node.__dict__["_id"].__func__


def typename_runner(key: str, parent_type: GraphQLObjectType) -> FieldRunner:
    """`__typename`: the object type's name."""
    name = parent_type.name

    def run_field(_source: Any, _path: LazyPath, _run: Run, result: dict[str, Any]) -> None:
        result[key] = name

    return run_field


class Read(NamedTuple):
    """How a field's value is read, and what the plan must allow for."""

    getter: Getter
    takes_info: bool  # the resolver reads its info (path, selections...): needs the path
    may_await: bool  # a resolver may return an awaitable; attributes and relay ids never
    coroutines_only: bool = False  # the only awaitables it returns are coroutines


def read_for(site: FieldSite, default_resolver: Callable[[Any, str], Any]) -> Read:
    """How to read the field's value the way Strawberry's resolver wrapper would."""
    field = site.strawberry_field
    if field.extensions or field.arguments:
        raise NotCompilable("field extensions or arguments")
    resolver = field.base_resolver
    if resolver is None:
        attribute = field.python_name
        if default_resolver is getattr:
            return Read(lambda source, _path, _run: getattr(source, attribute), False, False)
        return Read(lambda source, _path, _run: default_resolver(source, attribute), False, False)
    if resolver.arguments or inspect.isasyncgenfunction(resolver._unbound_wrapped_func):
        raise NotCompilable("resolver with arguments, or a subscription")
    function = resolver.wrapped_func
    if not callable(function):
        raise NotCompilable("uncallable resolver")
    if getattr(function, "__func__", None) is _NODE_ID:
        return Read(_node_id_getter(site.parent_type), False, False)
    relation = getattr(function, "relation", None)
    if relation is not None:
        # The resolver is relation.value with the context's loaders (loader_resolver): call
        # that directly, without an info.
        return Read(_relation_getter(relation), False, True, coroutines_only=True)
    return Read(_call_getter(site, function), resolver.info_parameter is not None, True)


def _relation_getter(relation: FromLoaders) -> Getter:
    value = relation.value
    return lambda source, _path, run: value(
        source, run.executor.context_value.loaders, run.executor.context_value.built
    )


def _call_getter(site: FieldSite, function: Callable[..., Any]) -> Getter:
    """Call the resolver with the parameters it asks for, as Strawberry's get_arguments does."""
    resolver = site.strawberry_field.base_resolver
    assert resolver is not None
    wants_self = resolver.self_parameter is not None
    source_names = [
        parameter.name
        for parameter in (resolver.parent_parameter, resolver.root_parameter)
        if parameter is not None
    ]
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None
    if wants_self and not source_names:
        if info_name is None:
            return lambda source, _path, _run: function(source)
        # The common relation field: (self, info).
        return lambda source, path, run: function(
            source, **{info_name: CompiledInfo(run.executor, site, path)}
        )

    def value(source: Any, path: LazyPath, run: Run) -> Any:
        kwargs: dict[str, Any] = dict.fromkeys(source_names, source)
        if info_name is not None:
            kwargs[info_name] = CompiledInfo(run.executor, site, path)
        return function(source, **kwargs) if wants_self else function(**kwargs)

    return value


def _node_id_getter(parent_type: GraphQLObjectType) -> Getter:
    """Relay's `id`: the global id of the type name and the node id, as Node._id makes it."""
    type_name = parent_type.name
    id_attributes: dict[type, str | None] = {}  # None: a Node subclass resolving ids its own way

    def value(source: Any, _path: LazyPath, _run: Run) -> Any:
        cls = source.__class__
        attribute = id_attributes.get(cls, "")
        if attribute == "":
            attribute = id_attributes[cls] = _default_id_attribute(cls)
        if attribute is None:
            raise Bail
        node_id = getattr(source, attribute)
        if node_id is None:
            raise Bail
        # The ID scalar turns a GlobalID into this same string; a str passes through it.
        return _global_id(type_name, node_id)

    return value


def _default_id_attribute(cls: type) -> str | None:
    """The NodeID attribute when the class keeps Node's own resolve_id and resolve_typename."""
    if not issubclass(cls, relay.Node):
        return None
    customised = (
        cls.resolve_id.__func__ is not relay.Node.resolve_id.__func__  # type: ignore[attr-defined]
        or cls.resolve_typename.__func__ is not relay.Node.resolve_typename.__func__  # type: ignore[attr-defined]
    )
    return None if customised else cls.resolve_id_attr()


@lru_cache(maxsize=65536)
def _global_id(type_name: str, node_id: Any) -> str:
    # Encoding is pure and a calendar repeats the same few thousand ids on every request.
    return str(relay.GlobalID(type_name=type_name, node_id=str(node_id)))


def field_runner(
    key: str,
    site: FieldSite,
    getter: Getter,
    complete: Completer,
    *,
    may_await: bool,
    needs_path: bool,
    coroutines_only: bool = False,
) -> FieldRunner:
    """Read a field and complete its value; an awaitable result is finished in a later round.

    `needs_path`: the getter or the completion may need the field's path (resolvers taking
    info, objects below); leaves read from attributes never do, so they are spared the tuple.
    """
    typename = site.parent_type.name

    if not may_await and not needs_path:

        def run_leaf(source: Any, _path: LazyPath, run: Run, result: dict[str, Any]) -> None:
            result[key] = complete(getter(source, None, run), None, run)

        return run_leaf

    if not may_await:

        def run_plain(source: Any, path: LazyPath, run: Run, result: dict[str, Any]) -> None:
            field_path = (path, key, typename)
            result[key] = complete(getter(source, field_path, run), field_path, run)

        return run_plain

    def run_field(source: Any, path: LazyPath, run: Run, result: dict[str, Any]) -> None:
        field_path = (path, key, typename) if needs_path else None
        value = getter(source, field_path, run)
        if value.__class__ is CoroutineType if coroutines_only else run.is_awaitable(value):
            result[key] = None  # keeps the key's place in the response order

            def finish(resolved: Any) -> None:
                result[key] = complete(resolved, field_path, run)

            run.defer(value, finish)
        else:
            result[key] = complete(value, field_path, run)

    return run_field


def is_typename(field_def: GraphQLField | None) -> bool:
    """Whether the field is the `__typename` meta field."""
    return field_def is TypeNameMetaFieldDef
