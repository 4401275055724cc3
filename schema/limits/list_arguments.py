"""Caps on the lists a request passes in: any list argument or variable, and `nodes(ids:)`.

Checked before execution so that coercing, decoding and loading 100,000 ids never starts.
Bulk mutations keep their own, lower cap (100, reported in their userErrors); this one is a
backstop above it for every list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, FieldNode, ListValueNode, Visitor, value_from_ast_untyped, visit

from resolvers.query_limits import QueryLimits
from schema.limits import errors


@dataclass(frozen=True, slots=True)
class ListLiterals:
    """What a document itself says about lists: its longest list literal and its `nodes`
    fields (the same for every request with that document, so worth keeping)."""

    longest: int
    nodes_fields: tuple[FieldNode, ...]


class _Lists(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.longest = 0
        self.nodes_fields: list[FieldNode] = []

    def enter_list_value(self, node: ListValueNode, *_: object) -> None:
        self.longest = max(self.longest, len(node.values))

    def enter_field(self, node: FieldNode, *_: object) -> None:
        if node.name.value == "nodes" and node.arguments:
            self.nodes_fields.append(node)


def list_literals(document: DocumentNode) -> ListLiterals:
    """The document's list literals and `nodes` fields."""
    lists = _Lists()
    visit(document, lists)
    return ListLiterals(lists.longest, tuple(lists.nodes_fields))


def _over_cap(value: Any, cap: int) -> int | None:
    """The length of the first list inside a JSON value longer than `cap`, if any (walked
    without recursion; a list within the cap is walked only for the containers it holds)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            if len(item) > cap:
                return len(item)
            pending.extend(inner for inner in item if isinstance(inner, (list, Mapping)))
        elif isinstance(item, Mapping):
            pending.extend(item.values())
    return None


def check_list_arguments(
    lists: ListLiterals, variables: Mapping[str, Any] | None, limits: QueryLimits
) -> None:
    """Raise TOO_MANY_ITEMS for a list over its cap, in the document or its variables."""
    longest = lists.longest
    if longest <= limits.max_list_items:
        longest = _over_cap(dict(variables or {}), limits.max_list_items) or longest
    if longest > limits.max_list_items:
        raise errors.LimitExceeded(
            errors.TOO_MANY_ITEMS,
            f"A list argument has {longest} items; at most {limits.max_list_items} are allowed",
        )
    for field in lists.nodes_fields:
        for argument in field.arguments or ():
            if argument.name.value != "ids":
                continue
            ids = value_from_ast_untyped(argument.value, dict(variables or {}))
            if isinstance(ids, list) and len(ids) > limits.max_node_ids:
                raise errors.LimitExceeded(
                    errors.TOO_MANY_ITEMS,
                    f"nodes(ids:) got {len(ids)} ids; at most {limits.max_node_ids} are allowed",
                )
