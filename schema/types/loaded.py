"""Fields that answer at once when their rows are loaded already, instead of via a coroutine.

An `async def` resolver always costs a coroutine, and graphql-core gathers an object's
awaitable fields in tasks: for a week calendar (700 appointments, several relations each)
that was most of the request. A plain resolver may return either a value or an awaitable;
these helpers return the value when the DataLoader future is done (the calendar loads its
appointments' relations before the fields run: Loaders.load_relations) and a coroutine
otherwise, so the answer is the same either way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import strawberry

from db.batch_loader import Ready

T = TypeVar("T")
U = TypeVar("U")
R = TypeVar("R")


def is_loaded(future: Awaitable[object]) -> bool:
    """Whether a DataLoader future already holds its result.

    aiodataloader's load() returns the asyncio.Future it cached for the key: done once its
    batch resolved or the key was primed, pending while the batch is queued or in flight. A
    failed batch drops its keys from the cache, so a later load() asks again. What
    BatchLoader.fill loaded is a Ready value instead of a future.
    """
    if type(future) is Ready:
        return True
    return isinstance(future, asyncio.Future) and future.done() and not future.cancelled()


def mapped(future: Awaitable[T], build: Callable[[T], R]) -> R | Awaitable[R]:
    """`build` of the future's result: now if it is loaded, else when awaited."""
    if is_loaded(future):
        return build(future.result())  # type: ignore[attr-defined]
    return _later(future, build)


def mapped_pair(
    first: Awaitable[T], second: Awaitable[U], build: Callable[[T, U], R]
) -> R | Awaitable[R]:
    """`build` of two futures' results: now if both are loaded, else when awaited."""
    if is_loaded(first) and is_loaded(second):
        return build(first.result(), second.result())  # type: ignore[attr-defined]
    return _later_pair(first, second, build)


Built = dict[tuple[type, int], tuple[Any, Any]]


def one_per_row(built: Built, cls: Any) -> Callable[[Any], Any]:
    """`cls.from_row`, returning the object already built for the same row in this request.

    `built` is the request's memo (RequestContext.built); it keeps each row alive with its
    object, so a row's id cannot be reused while the request runs.
    """
    return lambda row: object_of(built, cls, row)


def object_of(built: Built, cls: Any, row: Any, *, must_exist: bool = False) -> Any:
    """The object of `cls` for a row (None for none), the same one for the same row."""
    if row is None:
        assert not must_exist  # a composite foreign key guarantees the row
        return None
    key = (cls, id(row))
    hit = built.get(key)
    if hit is None or hit[0] is not row:
        hit = built[key] = (row, cls.from_row(row))
    return hit[1]


def related(built: Built, future: Awaitable[Any], cls: Any, *, must_exist: bool = False) -> Any:
    """The object for the row a DataLoader future holds (object_of): now when the row is
    loaded, else when awaited. The relation fields of a calendar's appointments call this
    thousands of times, so it is one function, not a chain of helpers."""
    if is_loaded(future):
        return object_of(built, cls, future.result(), must_exist=must_exist)  # type: ignore[attr-defined]
    return _later(future, lambda row: object_of(built, cls, row, must_exist=must_exist))


@dataclass(frozen=True, slots=True)
class Relation:
    """A field whose value is the object built from the row a per-request loader holds for one
    of the source's attributes (None when that attribute is None).

    The field's resolver is `value` (loader_resolver); the compiled executor calls `value`
    itself (schema/execution/fields.py), so both paths run this one implementation.
    """

    loader: str  # the Loaders attribute, e.g. "patients"
    key: str  # the source's attribute holding the key, e.g. "patient_id"
    cls: Any  # the Strawberry type built from the row (from_row)
    must_exist: bool = False  # a composite foreign key guarantees the row

    def value(self, source: Any, loaders: Any, built: Built) -> Any:
        """The related object now when loaded, else an awaitable of it."""
        key = getattr(source, self.key)
        if key is None:
            return None
        future = getattr(loaders, self.loader).load(key)
        if type(future) is Ready and future.value is not None:
            # The common case inlined (related -> object_of): a row loaded, its object built.
            hit = built.get((self.cls, id(future.value)))
            if hit is not None and hit[0] is future.value:
                return hit[1]
        return related(built, future, self.cls, must_exist=self.must_exist)

    @property
    def memo_keys(self) -> tuple[str, ...]:
        """The source attribute that alone decides the related object (FromLoaders)."""
        return (self.key,)

    def resolver(self) -> Callable[..., Any]:
        """A Strawberry resolver of the relation."""
        return loader_resolver(self)


class FromLoaders(Protocol):
    """A field computed from its source, the request's loaders and its object memo alone."""

    def value(self, source: Any, loaders: Any, built: Built) -> Any:
        """The field's value now when its rows are loaded, else a coroutine giving it (never
        another kind of awaitable: the compiled executor checks for coroutines only)."""

    # Optional: the source attributes that alone decide the value within a request, so the
    # compiled executor may answer a repeat from the response it completed for them.
    # memo_keys: tuple[str, ...]


def loader_resolver(field: FromLoaders) -> Callable[..., Any]:
    """A Strawberry resolver running `field.value` with the context's loaders and memo; it
    carries the field as `.relation`, which the compiled executor calls without an info."""

    def resolve(self: Any, info: strawberry.Info) -> Any:
        context = info.context
        return field.value(self, context.loaders, context.built)

    resolve.relation = field  # type: ignore[attr-defined]
    return resolve


async def _later(future: Awaitable[T], build: Callable[[T], R]) -> R:
    return build(await future)


async def _later_pair(first: Awaitable[T], second: Awaitable[U], build: Callable[[T, U], R]) -> R:
    return build(await first, await second)
