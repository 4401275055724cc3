"""The helpers that let relation fields answer at once when their rows are loaded already."""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass

import pytest

from schema.types.loaded import is_loaded, mapped, mapped_pair, related


async def test_a_loaded_future_gives_the_value_at_once():
    # given a future that already holds a row
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    future.set_result(20)
    # then mapping it is the built value itself, not an awaitable
    assert is_loaded(future)
    assert mapped(future, lambda row: row + 1) == 21
    assert mapped_pair(future, future, lambda a, b: a * b) == 400


async def test_a_pending_future_gives_an_awaitable_with_the_same_value():
    # given a future the loader has not resolved yet
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    other: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    other.set_result(3)
    result = mapped(future, lambda row: row + 1)
    pair = mapped_pair(other, future, lambda a, b: a * b)
    assert not is_loaded(future)
    assert inspect.isawaitable(result)
    assert inspect.isawaitable(pair)
    # when the loader resolves it
    future.set_result(20)
    # then awaiting gives what the loaded case gives
    assert await result == 21
    assert await pair == 60


async def test_a_failed_load_fails_the_field_and_a_missing_required_row_is_an_error():
    # given a loader future that failed, and one that found no row
    failed: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    failed.set_exception(RuntimeError("database gone"))
    missing: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
    missing.set_result(None)
    # then the failure reaches whoever awaits the field, and a missing row is no value
    with pytest.raises(RuntimeError, match="database gone"):
        mapped(failed, lambda row: row)
    with pytest.raises(AssertionError):
        related({}, missing, Built, must_exist=True)
    assert related({}, missing, Built) is None


@dataclass
class Built:
    """A stand-in for a Strawberry type built from a row."""

    row: object

    @classmethod
    def from_row(cls, row: object) -> Built:
        return cls(row)


async def test_related_builds_one_object_per_row_now_or_when_awaited():
    # given two loaded futures holding the same row, and a pending one that will hold it too
    loop = asyncio.get_running_loop()
    row = ("a row",)
    first, second, pending = loop.create_future(), loop.create_future(), loop.create_future()
    first.set_result(row)
    second.set_result(row)
    built: dict = {}
    # then the loaded ones give the same object at once
    one = related(built, first, Built)
    assert isinstance(one, Built)
    assert one.row is row
    assert related(built, second, Built) is one
    # and the pending one an awaitable of that same object
    later = related(built, pending, Built)
    assert inspect.isawaitable(later)
    pending.set_result(row)
    assert await later is one
    # while another row (or another type) gets an object of its own
    other = loop.create_future()
    other.set_result(("another row",))
    assert related(built, other, Built) is not one
