"""The one shape of every paged list: a Relay connection of edges {cursor node} and pageInfo.

`Connection[Appointment]` is the GraphQL type `AppointmentConnection` with `AppointmentEdge`s;
a list whose total is one cheap statement is a CountedConnection and adds `totalCount`,
counted only when selected.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, Self, TypeVar

import strawberry
from strawberry import relay

from resolvers.pages import MAX_PAGE_SIZE, Page

NodeT = TypeVar("NodeT")
ItemT = TypeVar("ItemT")

# The paging arguments every connection field takes (its default page size its own).
FirstArg = Annotated[int, strawberry.argument(description=f"Page size, 1-{MAX_PAGE_SIZE}.")]
AfterArg = Annotated[
    str | None,
    strawberry.argument(description="Continue after this cursor: the previous page's endCursor."),
]


@strawberry.type(description="One item of a page, with its cursor.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(
        description="Opaque cursor of this item: pass it as `after` to continue after it."
    )
    node: NodeT = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list in the list's order.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: relay.PageInfo = strawberry.field(
        description="The cursors of the page's ends and whether more items follow."
    )

    @classmethod
    def from_page(cls, page: Page[ItemT], node: Callable[[ItemT], NodeT], **private: Any) -> Self:
        """The connection of a page, each item made a node by `node`; `private` fills the
        subclass's private fields (e.g. a CountedConnection's count)."""
        edges = [
            Edge(cursor=cursor, node=node(item))
            for item, cursor in zip(page.items, page.cursors, strict=True)
        ]
        info = relay.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        )
        return cls(edges=edges, page_info=info, **private)


@strawberry.type(description="A page of a list whose total is cheap to count.")
class CountedConnection(Connection[NodeT]):
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="How many items the whole list holds, filters applied (one more "
        "statement, sent only when this is selected)."
    )
    async def total_count(self) -> int:
        return await self.count()
