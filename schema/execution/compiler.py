"""Compiling a selection on an object type into a plan: one runner per response key.

A selection compiles when every field below it can be read without graphql-core's per-field
machinery: attributes, resolvers (sync or async), relay ids and `__typename`, completed as
scalars, enums, lists, object types, interfaces and unions. Fields with arguments or field
extensions (permissions) are called through Strawberry's resolver wrapper as graphql-core would
call them. Deferred fragments and fragment arguments leave the selection to the standard
executor, which still compiles the objects below it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLUnionType,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetails, collect_subfields

from schema.execution.codegen import FieldPart, object_function
from schema.execution.completers import (
    MEMO_PLANS,
    Completer,
    NotCompilable,
    ObjectRunner,
    abstract_completer,
    leaf_completer,
    list_completer,
    non_null_completer,
    object_completer,
    unchanged_type,
)
from schema.execution.fields import STRAWBERRY_DEFINITION, is_typename, read_for
from schema.execution.lazy_info import FieldSite
from schema.scalars import isoformat


class PlanCompiler:
    """Compiles selections of one execution (its schema, fragments and variables)."""

    def __init__(self, executor: Any) -> None:
        self.executor = executor
        # Set while compiling a selection that reads info or awaits: its objects' responses
        # may depend on their path or arrive later, so they are not shared between places.
        self.impure = False
        # Set while compiling a selection in which some resolver reads its info: only then do
        # its fields need their paths (errors rerun the subtree on the standard path).
        self.reads_info = False
        self.default_resolver: Callable[[Any, str], Any] = getattr
        strawberry_schema = getattr(executor.schema, "_strawberry_schema", None)
        if strawberry_schema is not None:
            self.default_resolver = strawberry_schema.config.default_resolver
            if strawberry_schema.exception_handlers:
                raise NotCompilable("field exception handlers")

    def object_runner(
        self, object_type: GraphQLObjectType, field_details: list[FieldDetails]
    ) -> ObjectRunner:
        """The runner of a selection on an object type; NotCompilable if it has none."""
        return self._object_plan(object_type, field_details)[0]

    def _object_plan(
        self, object_type: GraphQLObjectType, field_details: list[FieldDetails]
    ) -> tuple[ObjectRunner, bool]:
        """The runner of a selection, and whether it is pure (its response depends on the
        object alone: no resolver reads info or awaits, here or below)."""
        executor = self.executor
        collected = collect_subfields(
            executor.schema,
            executor.fragments,
            executor.variable_values,
            executor.operation,
            object_type,
            field_details,
            executor.hide_suggestions,
        )
        if collected.new_defer_usages or collected.forbidden_directive_instances:
            raise NotCompilable("incremental delivery")
        impure_before, reads_info_before = self.impure, self.reads_info
        self.impure = self.reads_info = False
        fields = [
            self._field(object_type, key, group)
            for key, group in collected.grouped_field_set.items()
        ]
        parts = [part for part in fields if part is not None]
        pure, self.impure = not self.impure, self.impure or impure_before
        self.reads_info = self.reads_info or reads_info_before
        return object_function(parts), pure

    def _field(
        self, parent_type: GraphQLObjectType, key: str, group: list[FieldDetails]
    ) -> FieldPart | None:
        first = group[0]
        if any(details.fragment_variable_values for details in group):
            raise NotCompilable("fragment arguments")
        field_def = self.executor.schema.get_field(parent_type, first.node.name.value)
        if field_def is None:
            return None  # graphql-core leaves unknown fields out of the response too
        if is_typename(field_def):
            return FieldPart(key, parent_type.name, is_constant=True, constant=parent_type.name)
        strawberry_field = field_def.extensions.get(STRAWBERRY_DEFINITION)
        if strawberry_field is None:
            raise NotCompilable("not a Strawberry field")
        nodes = [details.node for details in group]
        site = FieldSite(field_def, nodes, parent_type, strawberry_field)
        read = read_for(site, self.default_resolver)
        reads_info_before, self.reads_info = self.reads_info, False
        complete = self._completer(field_def.type, group, site)
        below_reads_info = self.reads_info
        self.reads_info = reads_info_before or below_reads_info or read.takes_info
        if read.takes_info or read.may_await:
            self.impure = True
        return FieldPart(
            key,
            parent_type.name,
            complete,
            attribute=read.attribute,
            relation=read.relation,
            getter=read.getter,
            passes=_passes(field_def.type),
            iso=_serializer(field_def.type) is isoformat,
            memo_plan=MEMO_PLANS.get(complete),
            memo_keys=read.memo_keys,
            needs_path=read.takes_info or below_reads_info,
            may_await=read.may_await,
            coroutines_only=read.coroutines_only,
        )

    def _completer(
        self, return_type: GraphQLOutputType, group: list[FieldDetails], site: FieldSite
    ) -> Completer:
        if isinstance(return_type, GraphQLNonNull):
            if is_leaf_type(return_type.of_type):
                return leaf_completer(return_type.of_type, non_null=True)
            return non_null_completer(self._completer(return_type.of_type, group, site))
        if isinstance(return_type, GraphQLList):
            item_type = return_type.of_type
            reads_info_before, self.reads_info = self.reads_info, False
            inner = self._completer(item_type, group, site)
            item_paths = self.reads_info  # items' paths only matter to resolvers reading info
            self.reads_info = reads_info_before or item_paths
            return list_completer(inner, item_paths=item_paths)
        if is_leaf_type(return_type):
            return leaf_completer(return_type)
        if isinstance(return_type, GraphQLObjectType):
            run_object, pure = self._object_plan(return_type, group)
            return object_completer(return_type, run_object, once=pure)
        if isinstance(return_type, GraphQLInterfaceType | GraphQLUnionType):
            return self._abstract_completer(return_type, group, site)
        raise NotCompilable("an unknown output type")

    def _abstract_completer(
        self,
        return_type: GraphQLInterfaceType | GraphQLUnionType,
        group: list[FieldDetails],
        site: FieldSite,
    ) -> Completer:
        """A plan per possible type (most select little beyond `id`), chosen by the type's
        resolve_type, which gets the resolve info it would get on the standard path."""
        completers = {}
        for possible in self.executor.schema.get_possible_types(return_type):
            run_object, pure = self._object_plan(possible, group)
            completers[possible.name] = object_completer(possible, run_object, once=pure)
        # resolve_type may read its info: the field's path must be there to build it.
        self.reads_info = self.impure = True
        return abstract_completer(return_type, completers, site)

    def grouped_runner(
        self, object_type: GraphQLObjectType, grouped_field_set: dict[str, list[FieldDetails]]
    ) -> ObjectRunner:
        """The runner of fields graphql-core has already collected (an operation's root)."""
        fields = [self._field(object_type, key, group) for key, group in grouped_field_set.items()]
        return object_function([part for part in fields if part is not None])


def _passes(return_type: GraphQLOutputType) -> type | None:
    """The exact type of a leaf's values that complete unchanged (leaf_completer's check)."""
    leaf = _nullable(return_type)
    return unchanged_type(leaf) if is_leaf_type(leaf) else None


def _serializer(return_type: GraphQLOutputType) -> Any:
    """A scalar leaf's serializer (None for anything else)."""
    leaf = _nullable(return_type)
    return leaf.serialize if isinstance(leaf, GraphQLScalarType) else None


def _nullable(output_type: GraphQLOutputType) -> GraphQLOutputType:
    return output_type.of_type if isinstance(output_type, GraphQLNonNull) else output_type
