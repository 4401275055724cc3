"""Putting one batch query's rows back in the order of a DataLoader's keys."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar


class Identified(Protocol):
    """A row with a UUID id."""

    @property
    def id(self) -> uuid.UUID: ...


T = TypeVar("T", bound=Identified)
R = TypeVar("R")


def by_id(rows: Sequence[T], keys: Sequence[uuid.UUID]) -> list[T | None]:
    """The row whose id is each key (None where there is none)."""
    found = {row.id: row for row in rows}
    return [found.get(key) for key in keys]


def grouped(
    rows: Sequence[R], keys: Sequence[uuid.UUID], key_of: Callable[[R], uuid.UUID | None]
) -> list[list[R]]:
    """For each key, the rows whose `key_of` equals it, in the rows' order."""
    groups: dict[uuid.UUID | None, list[R]] = defaultdict(list)
    for row in rows:
        groups[key_of(row)].append(row)
    return [groups.get(key, []) for key in keys]
