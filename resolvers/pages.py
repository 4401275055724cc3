"""Pages of a list: the page size rule, and a page cut from the items read after a cursor.

Every list that can grow is paged the same way (README: Conventions): `first` 1 to 100 items
after the cursor `after`, in an order whose last key is unique (CursorList names it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from resolvers.cursors import CursorList
from resolvers.errors import BadInput

MAX_PAGE_SIZE = 100
T = TypeVar("T")


def check_first(first: int) -> None:
    """BAD_USER_INPUT on `first` unless it is 1 to MAX_PAGE_SIZE."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadInput(f"first must be between 1 and {MAX_PAGE_SIZE}", field="first")


@dataclass(frozen=True, slots=True)
class PageRequest:
    """What a client asked for: how many, after which position (decoded from `after`)."""

    first: int
    after: tuple[Any, ...] | None

    @property
    def limit(self) -> int:
        """How many items to read: one more than the page, to tell whether more follow."""
        return self.first + 1


def page_request(first: int, after: str | None, cursors: CursorList) -> PageRequest:
    """The checked page size and the cursor's position (BAD_USER_INPUT if either is bad)."""
    check_first(first)
    return PageRequest(first, cursors.decode(after) if after is not None else None)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of items in the list's order, each with its cursor."""

    items: Sequence[T]
    cursors: Sequence[str]
    has_next_page: bool
    has_previous_page: bool


def page_of(
    read: Sequence[T],
    request: PageRequest,
    cursors: CursorList,
    position: Callable[[T], Sequence[Any]],
) -> Page[T]:
    """The page of up to request.limit items read after the request's position."""
    items = read[: request.first]
    return Page(
        items=items,
        cursors=[cursors.encode(position(item)) for item in items],
        has_next_page=len(read) > request.first,
        has_previous_page=request.after is not None,
    )


def page_in(
    ordered: Sequence[T],
    request: PageRequest,
    cursors: CursorList,
    position: Callable[[T], Sequence[Any]],
) -> Page[T]:
    """The page of a list held whole (ascending by position): the items after the position."""
    after = request.after
    rest = ordered if after is None else [item for item in ordered if tuple(position(item)) > after]
    return page_of(rest[: request.limit], request, cursors, position)
