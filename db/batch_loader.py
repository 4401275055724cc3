"""aiodataloader's DataLoader that can also load many keys at once without a future each."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable
from typing import Any, Generic, TypeVar

from aiodataloader import DataLoader

K = TypeVar("K")
V = TypeVar("V")


class BatchLoader(DataLoader[K, V], Generic[K, V]):
    """A DataLoader whose cache this class can see, so `fill` can skip what it holds.

    `load_many` makes a future per key and gathers them (a week calendar: 1,400 of them);
    `fill` sends the same one batch for the keys not cached yet and primes the results.
    """

    def __init__(self, batch_load_fn: Callable[[list[K]], Coroutine[Any, Any, list[V]]]) -> None:
        self.cached: dict[Any, Any] = {}
        super().__init__(batch_load_fn, cache_map=self.cached)

    async def fill(self, keys: Iterable[K]) -> None:
        """Load every key not cached or pending yet, in one batch, into the cache."""
        missing = [key for key in keys if key not in self.cached]
        if not missing:
            return
        values = await self.batch_load_fn(missing)
        for key, value in zip(missing, values, strict=True):
            self.prime(key, value)
