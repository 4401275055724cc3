"""A table's whole rows read as values of another statement (`SELECT p FROM patients p`),
turned into the same records a statement of the table's own columns gives (db/records.py).

asyncpg decodes such a composite value into a record keyed by the table's column names; a
statement can carry an appointment's patient and providers that way, in the appointment's
own row, and save a round trip each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table

from db.records import record_type


class CompositeRows:
    """Records of `table` from its composite values, with `leading` columns put first (the
    names and order of `select(leading..., table)`)."""

    __slots__ = ("_make", "_names")

    def __init__(self, table: Table, *, leading: Sequence[str] = ()) -> None:
        self._names = tuple(column.name for column in table.c)
        self._make = record_type((*leading, *table.c.keys()))._make

    def record(self, composite: Mapping[str, Any], *leading: Any) -> Any:
        """The record of one composite value, after the `leading` values."""
        return self._make([*leading, *(composite[name] for name in self._names)])
