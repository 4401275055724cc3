"""Putting one batch query's rows back in the order of a DataLoader's keys."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row

Rows = Sequence[Row[Any]]


def by_id(rows: Rows, keys: Sequence[uuid.UUID]) -> list[Row[Any] | None]:
    """The row whose id is each key (None where there is none)."""
    found = {row.id: row for row in rows}
    return [found.get(key) for key in keys]


def grouped(rows: Rows, keys: Sequence[uuid.UUID], attribute: str) -> list[list[Row[Any]]]:
    """For each key, the rows whose `attribute` equals it, in the rows' order."""
    groups: dict[uuid.UUID, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attribute)].append(row)
    return [groups.get(key, []) for key in keys]
