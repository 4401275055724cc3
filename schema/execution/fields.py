"""How a compiled plan reads one field's value: an attribute, a relation or a resolver call."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from graphql import GraphQLField, GraphQLObjectType, TypeNameMetaFieldDef
from graphql.execution.values import get_argument_values
from strawberry import relay

from schema.execution.completers import Bail, NotCompilable, Run
from schema.execution.lazy_info import CompiledInfo, FieldSite, LazyPath, materialize

# value(source, path of the field, run) -> the resolved value (or an awaitable)
Getter = Callable[[Any, LazyPath, Run], Any]

STRAWBERRY_DEFINITION = "strawberry-definition"
_NODE_ID = relay.Node.__dict__["_id"].__func__


class Read(NamedTuple):
    """How a field's value is read, and what the plan must allow for."""

    getter: Getter | None  # None when `attribute` or `relation` says how to read it
    takes_info: bool  # the resolver reads its info (path, selections...): needs the path
    may_await: bool  # a resolver may return an awaitable; attributes and relay ids never
    coroutines_only: bool = False  # the only awaitables it returns are coroutines
    attribute: str | None = None  # read as getattr(source, attribute)
    # A FromLoaders field's value(source, loaders, built), called without an info.
    relation: Callable[[Any, Any, Any], Any] | None = None
    # The source's attributes that alone decide a relation's object (FromLoaders.memo_keys).
    memo_keys: tuple[str, ...] | None = None


def read_for(site: FieldSite, default_resolver: Callable[[Any, str], Any]) -> Read:
    """How to read the field's value the way Strawberry's resolver wrapper would."""
    field = site.strawberry_field
    resolver = field.base_resolver
    if field.extensions or field.arguments or site.field_nodes[0].arguments:
        # Arguments to coerce or extensions (permissions) to run: Strawberry's own wrapper.
        return Read(_standard_getter(site), True, True)
    if resolver is None:
        attribute = field.python_name
        if default_resolver is getattr:
            return Read(None, False, False, attribute=attribute)
        return Read(lambda source, _path, _run: default_resolver(source, attribute), False, False)
    if inspect.isasyncgenfunction(resolver._unbound_wrapped_func):
        raise NotCompilable("a subscription")
    function = resolver.wrapped_func
    if not callable(function):
        raise NotCompilable("uncallable resolver")
    if getattr(function, "__func__", None) is _NODE_ID:
        return Read(_node_id_getter(site.parent_type), False, False)
    relation = getattr(function, "relation", None)
    if relation is not None:
        # The resolver is relation.value with the context's loaders (loader_resolver): call
        # that directly, without an info.
        return Read(
            None,
            False,
            True,
            coroutines_only=True,
            relation=relation.value,
            memo_keys=getattr(relation, "memo_keys", None),
        )
    return Read(_call_getter(site, function), resolver.info_parameter is not None, True)


def _standard_getter(site: FieldSite) -> Getter:
    """Call the field's resolver as graphql-core's execute_field does: Strawberry's wrapper
    with the real resolve info and the coerced arguments, so extensions (permissions, relay's
    node lookup) and argument conversion run exactly as on the standard path."""
    field_def, nodes, parent_type = site.field_def, site.field_nodes, site.parent_type
    node = nodes[0]
    resolve = field_def.resolve
    if resolve is None:
        raise NotCompilable("a field without a resolver")
    has_arguments = bool(field_def.args or node.arguments)

    def value(source: Any, path: LazyPath, run: Run) -> Any:
        executor = run.executor
        info = executor.build_resolve_info(field_def, nodes, parent_type, materialize(path))
        if not has_arguments:
            return resolve(source, info)
        arguments = get_argument_values(
            field_def, node, executor.variable_values, None, executor.hide_suggestions
        )
        return resolve(source, info, **arguments)

    return value


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


def is_typename(field_def: GraphQLField | None) -> bool:
    """Whether the field is the `__typename` meta field."""
    return field_def is TypeNameMetaFieldDef
