"""BatchLoader.fill: one batch for many keys, read back without a future each."""

from __future__ import annotations

from db.batch_loader import BatchLoader, Ready
from schema.types.loaded import is_loaded, mapped


def counting_loader() -> tuple[BatchLoader[int, str], list[list[int]]]:
    batches: list[list[int]] = []

    async def load(keys: list[int]) -> list[str]:
        batches.append(list(keys))
        return [f"row {key}" for key in keys]

    return BatchLoader(load), batches


async def test_fill_loads_missing_keys_once_and_load_answers_at_once() -> None:
    loader, batches = counting_loader()
    await loader.fill([1, 2, 2, 3])
    await loader.fill([2, 3, 4])
    assert batches == [[1, 2, 3], [4]]
    loaded = loader.load(2)
    assert isinstance(loaded, Ready)
    assert is_loaded(loaded)
    assert mapped(loaded, str.upper) == "ROW 2"  # a value, not an awaitable
    assert await loaded == "row 2"
    assert await loader.load_many([1, 4]) == ["row 1", "row 4"]
    assert batches == [[1, 2, 3], [4]]


async def test_a_cleared_key_is_loaded_again_through_a_batch() -> None:
    loader, batches = counting_loader()
    await loader.fill([1, 2])
    loader.clear(1)
    pending = loader.load(1)
    assert not isinstance(pending, Ready)
    assert not is_loaded(pending)
    assert await pending == "row 1"
    assert batches == [[1, 2], [1]]
    loader.prime(2, "primed")  # a cached key keeps its value, as aiodataloader's prime does
    assert await loader.load(2) == "row 2"
