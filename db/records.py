"""Rows as named tuples, whichever path (SQLAlchemy or asyncpg directly) read them."""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache
from typing import Any

from sqlalchemy import Result


def records(result: Result[Any]) -> list[Any]:
    """A result's rows as named tuples: the same attributes and tuple behaviour as SQLAlchemy's
    Row, but reading an attribute costs a tuple index, not a key lookup (a Row's attribute
    read cost 0.3 us; a week calendar reads hundreds of thousands)."""
    make = record_type(tuple(result.keys()))._make
    return list(map(make, result.all()))


@lru_cache(maxsize=1024)
def record_type(keys: tuple[str, ...]) -> Any:
    """The named-tuple class of rows with these column names."""
    # rename: a key that is no identifier (or repeats) becomes _N instead of failing.
    return namedtuple("Record", keys, rename=True)
