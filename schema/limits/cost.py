"""The calculated cost of a validated operation.

cost = the number of objects the operation can return, counted before anything runs: every
field of an object type (or interface, union) counts 1 per object it may return; a list
counts the items list_sizes.py assumes for it, and everything below a list counts once per
item, so nested lists multiply. Scalars, enums and `__typename` are free: they come with their
object, and so is a single introspection object (not a list of them). Each mutation field
adds MUTATION_COST for its write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    Undefined,
    get_named_type,
    get_nullable_type,
    is_composite_type,
    is_list_type,
    value_from_ast_untyped,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from graphql.utilities import get_operation_ast

from schema.limits.list_sizes import list_size, page_size

MUTATION_COST = 10


def arguments_of(
    node: FieldNode, definition: GraphQLField, variables: Mapping[str, Any]
) -> dict[str, Any]:
    """A field's argument values as the client gave them, defaults filled in (uncoerced)."""
    values = {
        name: argument.default_value
        for name, argument in definition.args.items()
        if argument.default_value is not Undefined
    }
    for argument in node.arguments or ():
        values[argument.name.value] = value_from_ast_untyped(argument.value, dict(variables))
    return values


def variables_with_defaults(
    operation: OperationDefinitionNode, variables: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The request's variables plus the operation's defaults for those not given."""
    values = dict(variables or {})
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in values and definition.default_value is not None:
            values[name] = value_from_ast_untyped(definition.default_value, values)
    return values


@dataclass(slots=True)
class _CostWalker:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    memo: dict[tuple[str, int | None], int] = field(default_factory=dict)

    def selection_set(self, node: SelectionSetNode, type_name: str, page: int | None) -> int:
        """Cost of one object's selection (multiply by the objects it is selected on)."""
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, type_name, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = condition.name.value if condition else type_name
                total += self.selection_set(selection.selection_set, inner, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, page)
        return total

    def fragment(self, name: str, page: int | None) -> int:
        key = (name, page)
        if key not in self.memo:
            definition = self.fragments[name]
            condition = definition.type_condition.name.value
            self.memo[key] = self.selection_set(definition.selection_set, condition, page)
        return self.memo[key]

    def definition(self, type_name: str, name: str) -> GraphQLField | None:
        # Introspection's meta fields are on no type; counted like any field (their types
        # nest: __Type.fields -> __Field.type -> __Type ...).
        if name == "__schema":
            return SchemaMetaFieldDef
        if name == "__type":
            return TypeMetaFieldDef
        fields = getattr(self.schema.get_type(type_name), "fields", {})
        return fields.get(name)

    def field(self, node: FieldNode, type_name: str, page: int | None) -> int:
        definition = self.definition(type_name, node.name.value)
        if definition is None:  # __typename (or a field validation would have refused)
            return 0
        named = get_named_type(definition.type)
        if not is_composite_type(named) or node.selection_set is None:
            return 0
        arguments = arguments_of(node, definition, self.variables)
        below = 0
        if is_list_type(get_nullable_type(definition.type)):
            count = list_size(type_name, node.name.value, arguments, page)
            own = 1
        else:
            count, below = 1, page_size(arguments) or 0  # a connection passes its page on
            # A single introspection object (a type's ofType chain) is free: the depth
            # limit bounds such chains, and counting them would price GraphiQL out.
            own = 0 if named.name.startswith("__") else 1
        inner = self.selection_set(node.selection_set, named.name, below or None)
        return count * (own + inner)


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> int:
    """The cost of the operation that would execute (0 if there is none to execute)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walker = _CostWalker(schema, fragments, variables_with_defaults(operation, variables))
    cost = walker.selection_set(operation.selection_set, root.name, None)
    if operation.operation is OperationType.MUTATION:
        cost += MUTATION_COST * _field_count(operation.selection_set, fragments)
    return cost


def _field_count(node: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode]) -> int:
    """Fields at the top of a selection, through fragments (validated: no cycles)."""
    count = 0
    for selection in node.selections:
        if isinstance(selection, FieldNode):
            count += 1
        elif isinstance(selection, InlineFragmentNode):
            count += _field_count(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            count += _field_count(fragments[selection.name.value].selection_set, fragments)
    return count
