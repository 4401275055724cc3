"""Documents whose shape already passed, so repeated requests skip the walk.

The parser cache hands every request with the same query text the same document object, so a
document is known by its identity; each entry holds the document itself, so that identity is
never reused while the entry lives. The shape walk and literal scan cost 0.1-0.3 ms, a
noticeable share of a one-object request.
"""

from __future__ import annotations

from collections import OrderedDict

from graphql import DocumentNode

from resolvers.query_limits import QueryLimits
from schema.limits.list_arguments import ListLiterals


class CheckedDocuments:
    """An LRU of (document, limits) that passed the shape check, with their list literals."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.entries: OrderedDict[tuple[int, QueryLimits], tuple[DocumentNode, ListLiterals]] = (
            OrderedDict()
        )

    def get(self, document: DocumentNode, limits: QueryLimits) -> ListLiterals | None:
        key = (id(document), limits)
        entry = self.entries.get(key)
        if entry is None or entry[0] is not document:
            return None
        self.entries.move_to_end(key)
        return entry[1]

    def put(self, document: DocumentNode, limits: QueryLimits, lists: ListLiterals) -> None:
        self.entries[(id(document), limits)] = (document, lists)
        self.entries.move_to_end((id(document), limits))
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
