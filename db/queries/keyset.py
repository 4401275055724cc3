"""Keyset pagination in SQL: a list's order as sort keys, and the rows after a position in it.

Every paged list orders by keys that end with a unique one (the id), so a position names one
row and pages stay stable while rows are added or changed between requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Label, and_, literal, or_, tuple_


@dataclass(frozen=True, slots=True)
class SortKey:
    """One term of a list order: an expression that is never NULL, its direction and kind.

    `kind` says how a cursor carries the value: "int", "bool", "decimal", "text", "date",
    "instant" or "uuid" (resolvers.cursors).
    """

    expression: ColumnElement[Any]
    kind: str
    descending: bool = False


def order_by(keys: Sequence[SortKey]) -> list[ColumnElement[Any]]:
    """ORDER BY terms of the keys."""
    return [key.expression.desc() if key.descending else key.expression.asc() for key in keys]


def key_columns(keys: Sequence[SortKey]) -> list[Label[Any]]:
    """The keys as labelled columns (sort_key_0, ...), for position_of to read back."""
    return [key.expression.label(f"sort_key_{n}") for n, key in enumerate(keys)]


def position_of(row: Any, keys: Sequence[SortKey]) -> tuple[Any, ...]:
    """The position of a row read with key_columns."""
    return tuple(getattr(row, f"sort_key_{n}") for n in range(len(keys)))


def after(keys: Sequence[SortKey], position: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after `position` (one value per key) in the keys' order.

    Consecutive terms of one direction compare as one row value (an index can serve it); the
    runs are joined by the expanded form: after on the first run, or equal on it and after on
    the next, and so on.
    """
    runs: list[list[tuple[ColumnElement[Any], Any]]] = []
    directions: list[bool] = []
    for key, value in zip(keys, position, strict=True):
        bound = literal(value, type_=key.expression.type)
        if directions and directions[-1] == key.descending:
            runs[-1].append((key.expression, bound))
        else:
            runs.append([(key.expression, bound)])
            directions.append(key.descending)
    alternatives: list[ColumnElement[bool]] = []
    equal_so_far: list[ColumnElement[bool]] = []
    for run, descending in zip(runs, directions, strict=True):
        left = run[0][0] if len(run) == 1 else tuple_(*(e for e, _ in run))
        right = run[0][1] if len(run) == 1 else tuple_(*(b for _, b in run))
        alternatives.append(and_(*equal_so_far, left < right if descending else left > right))
        equal_so_far.append(left == right)
    return or_(*alternatives)
