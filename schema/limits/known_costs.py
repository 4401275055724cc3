"""Costs already calculated for a document and its variables, so repeated requests skip the walk.

A calendar app sends the same document with the same few variables all day; the cost walk over
its selection costs 0.1-0.3 ms each time. The cost is a function of the schema, the document,
the operation's name and the variables alone, so it is remembered under those. Schemas and
documents are known by identity (the parser cache gives equal texts one document; an entry
holds both, so their identities are not reused), variables by their canonical JSON, and only
short variables are remembered: the body limit bounds a request, not this cache's memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import orjson
from graphql import DocumentNode, GraphQLSchema

MAX_VARIABLES_BYTES = 2048
# (schema id, document id, operation name, canonical variables)
Key = tuple[int, int, str | None, bytes]


class KnownCosts:
    """An LRU of operation costs by (document, operation name, variables)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.entries: OrderedDict[Key, tuple[GraphQLSchema, DocumentNode, int]] = OrderedDict()

    def key(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
    ) -> Key | None:
        """The entry's key, or None when these variables are not worth remembering."""
        try:
            text = orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # not JSON (a caller passing Python values): not remembered
            return None
        if len(text) > MAX_VARIABLES_BYTES:
            return None
        return (id(schema), id(document), operation_name, text)

    def get(self, key: Key, schema: GraphQLSchema, document: DocumentNode) -> int | None:
        entry = self.entries.get(key)
        if entry is None or entry[0] is not schema or entry[1] is not document:
            return None
        self.entries.move_to_end(key)
        return entry[2]

    def put(self, key: Key, schema: GraphQLSchema, document: DocumentNode, cost: int) -> None:
        self.entries[key] = (schema, document, cost)
        self.entries.move_to_end(key)
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
