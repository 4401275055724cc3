"""Resolver info for compiled fields, built only when a resolver reads more than the context.

Relation fields read `info.context` and nothing else; building graphql-core's resolve info and
the path for each of thousands of calls is most of what the standard executor spends on them.
Anything else a resolver reads (path, selections, variables, ...) builds the real info, with
the real path, on first use, so resolvers see exactly what the standard executor gives them.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from graphql import GraphQLField, GraphQLObjectType, GraphQLResolveInfo
from graphql.pyutils import Path
from strawberry.types.field import StrawberryField
from strawberry.types.info import Info

# A response path as nested tuples (previous, key, typename): cheaper to make than graphql-core's
# Path for every object, and turned into one only when an error or a resolver needs it.
LazyPath = Path | tuple[Any, str | int, str | None] | None


def materialize(path: LazyPath) -> Path | None:
    """The graphql-core Path of a lazy path."""
    if path is None or isinstance(path, Path):
        return path
    previous, key, typename = path
    return Path(materialize(previous), key, typename)


class FieldSite:
    """What a compiled field needs to build its resolve info: definition, nodes, parent."""

    __slots__ = ("field_def", "field_nodes", "parent_type", "strawberry_field")

    def __init__(
        self,
        field_def: GraphQLField,
        field_nodes: list[Any],
        parent_type: GraphQLObjectType,
        strawberry_field: StrawberryField,
    ) -> None:
        self.field_def = field_def
        self.field_nodes = field_nodes
        self.parent_type = parent_type
        self.strawberry_field = strawberry_field


class CompiledInfo(Info):
    """Strawberry's Info whose raw graphql-core info is built lazily."""

    def __init__(self, executor: Any, site: FieldSite, path: LazyPath) -> None:
        # Info is a dataclass; its __init__ would need the raw info up front.
        self._executor = executor
        self._site = site
        self._lazy_path = path
        self._field = site.strawberry_field

    @cached_property
    def _raw_info(self) -> GraphQLResolveInfo:  # type: ignore[override]
        site = self._site
        return self._executor.build_resolve_info(
            site.field_def, site.field_nodes, site.parent_type, materialize(self._lazy_path)
        )

    @property
    def context(self) -> Any:
        return self._executor.context_value
