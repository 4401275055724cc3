"""aiodataloader's DataLoader that can also load many keys at once without a future each."""

from __future__ import annotations

from asyncio import Future
from collections.abc import Callable, Coroutine, Generator, Iterable
from typing import Any, Generic, TypeVar

from aiodataloader import DataLoader

K = TypeVar("K")
V = TypeVar("V")


class Ready(Generic[V]):
    """A value already loaded, in the place of a done future: `load()` returns it from the
    cache like any cached future, it can be awaited, and it reports done with its result.

    An asyncio.Future per key costs a loop call and a callback list; a week calendar fills
    2,000 keys and reads them 4,000 times.
    """

    __slots__ = ("value",)

    def __init__(self, value: V) -> None:
        self.value = value

    def done(self) -> bool:
        """Always: the value is there (the asyncio.Future interface)."""
        return True

    def cancelled(self) -> bool:
        """Never (the asyncio.Future interface)."""
        return False

    def result(self) -> V:
        """The loaded value."""
        return self.value

    def __await__(self) -> Generator[Any, None, V]:
        return self.value
        yield  # a generator that returns at once: awaiting never suspends


class BatchLoader(DataLoader[K, V], Generic[K, V]):
    """A DataLoader whose cache this class can see, so `fill` can skip what it holds.

    `load_many` makes a future per key and gathers them (a week calendar: 1,400 of them);
    `fill` sends the same one batch for the keys not cached yet and caches a Ready value each.
    """

    def __init__(self, batch_load_fn: Callable[[list[K]], Coroutine[Any, Any, list[V]]]) -> None:
        self.cached: dict[Any, Any] = {}
        super().__init__(batch_load_fn, cache_map=self.cached)

    def load(self, key: K) -> Future[V]:
        """What aiodataloader's load returns (BatchLoader keeps its identity cache keys), with
        a cached key answered in one lookup: a calendar's fields call this thousands of times.
        (A key `fill` loaded answers its Ready value, which does what callers do with the
        future: await it, or ask done() and result().)"""
        cached = self.cached.get(key)
        if cached is not None:
            return cached
        return super().load(key)

    async def fill(self, keys: Iterable[K]) -> None:
        """Load every key not cached or pending yet, in one batch, into the cache."""
        cached = self.cached
        missing = [key for key in dict.fromkeys(keys) if key not in cached]
        if not missing:
            return
        values = await self.batch_load_fn(missing)
        for key, value in zip(missing, values, strict=True):
            # prime() would make a future; a key cached meanwhile (loaded alone) stays as is.
            if key not in cached:
                cached[key] = Ready(value)

    def prime_loaded(self, key: K, value: V) -> None:
        """Cache a value read elsewhere (e.g. by a list query), unless the key is cached: what
        aiodataloader's prime does, with a Ready value instead of a future."""
        if key not in self.cached:
            self.cached[key] = Ready(value)
