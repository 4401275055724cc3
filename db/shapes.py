"""Row shapes: the typed form of the rows a statement returns, checked against its columns.

A shape is a `typing.Protocol` that names a statement's columns and their Python types (the
shapes live in db/rows/). Query functions return their rows as a shape, so mypy checks every
attribute a resolver or a schema type reads. The rows themselves stay what they are (the
named tuples of db/records.py, or SQLAlchemy's Row on a transaction's connection): typing them
costs nothing per row, which the calendar's hot paths need.

What mypy cannot see, that a shape matches its statement, `conform` checks the first time a
shape meets a set of column names: every attribute of the shape is one of the columns, and
each column's Python type and nullability fit the annotation. A mismatch raises ShapeMismatch
(at import for a ReadStatement or a ShapedTable, at the first execution otherwise). Later
executions with the same names cost one set lookup: reading a fresh statement's columns
would cost more than SQLAlchemy's own work for it.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar, Union, cast, get_args, get_origin, get_type_hints

from sqlalchemy import Column, ColumnElement, Executable, Label, Result, Table
from sqlalchemy.ext.asyncio import AsyncConnection

R = TypeVar("R")
# A shape class (a Protocol). Typed as a callable because mypy accepts a Protocol class
# wherever a callable returning its instances is expected, but nowhere `type[R]` is.
Shape = Callable[..., R]
Columns = Iterable[tuple[str, ColumnElement[Any]]]


class ShapeMismatch(TypeError):
    """A shape names a column its statement lacks, or types one otherwise than SQL does."""


@cache
def fields_of(shape: Shape[Any]) -> dict[str, Any]:
    """A shape's attributes and their annotations, its base shapes' included."""
    return get_type_hints(shape)


_conformed: set[tuple[Any, tuple[str, ...]]] = set()


def conform(shape: Shape[Any], names: tuple[str, ...], columns: Callable[[], Columns]) -> None:
    """Check that the shape describes the columns `names` (`columns` gives them with their
    types), once per (shape, names)."""
    if (shape, names) in _conformed:
        return
    by_name = dict(columns())
    for name, annotation in fields_of(shape).items():
        column = by_name.get(name) if name in names else None
        if column is None:
            raise ShapeMismatch(f"{_name(shape)}.{name}: the statement has no such column")
        problem = _type_problem(annotation, column)
        if problem:
            raise ShapeMismatch(f"{_name(shape)}.{name}: {problem}")
    _conformed.add((shape, names))


def _type_problem(annotation: Any, column: ColumnElement[Any]) -> str | None:
    allowed = _alternatives(annotation)
    if Any in allowed:
        return None
    python_type = column.type.python_type  # `object` where SQLAlchemy cannot tell
    if python_type is not object and not any(
        isinstance(option, type) and issubclass(python_type, option) for option in allowed
    ):
        return f"SQL gives {_name(python_type)}, the shape says {_name(annotation)}"
    base = column.element if isinstance(column, Label) else column
    if isinstance(base, Column) and base.nullable and type(None) not in allowed:
        return "the column is nullable, the shape does not allow None"
    return None


def _alternatives(annotation: Any) -> set[Any]:
    """The types an annotation admits: each member of a union, generics by their origin."""
    if get_origin(annotation) in (Union, types.UnionType):
        return {option for member in get_args(annotation) for option in _alternatives(member)}
    return {get_origin(annotation) or annotation}


def _name(annotation: Any) -> str:
    return annotation.__name__ if isinstance(annotation, type) else str(annotation)


def columns_of(statement: Executable) -> Columns:
    """A SELECT's columns, or those of an INSERT/UPDATE/DELETE's RETURNING."""
    exported = getattr(statement, "exported_columns", None)
    if exported is None:
        raise ShapeMismatch("the statement returns no columns")
    return cast(Columns, exported.items())


def conform_statement(shape: Shape[Any], statement: Executable) -> None:
    """`conform` for a statement's own columns (read now: at import, or once)."""
    columns = tuple(columns_of(statement))
    conform(shape, tuple(name for name, _ in columns), lambda: columns)


def conform_result(shape: Shape[Any], result: Result[Any], statement: Executable) -> None:
    """`conform` for the rows of an executed statement, by their names (the statement's
    columns are read only the first time)."""
    conform(shape, tuple(result.keys()), lambda: columns_of(statement))


async def all_as(
    connection: AsyncConnection,
    shape: Shape[R],
    statement: Executable,
    params: dict[str, Any] | Sequence[dict[str, Any]] | None = None,
) -> list[R]:
    """Run a statement on a transaction's connection; its rows, as `shape`."""
    result = await connection.execute(statement, params)
    conform_result(shape, result, statement)
    return cast(list[R], result.all())


async def one_as(
    connection: AsyncConnection,
    shape: Shape[R],
    statement: Executable,
    params: dict[str, Any] | None = None,
) -> R:
    """Run a statement that returns exactly one row; the row, as `shape`."""
    result = await connection.execute(statement, params)
    conform_result(shape, result, statement)
    return cast(R, result.one())


async def one_or_none_as(
    connection: AsyncConnection,
    shape: Shape[R],
    statement: Executable,
    params: dict[str, Any] | None = None,
) -> R | None:
    """Run a statement that returns at most one row; the row, as `shape`, or None."""
    result = await connection.execute(statement, params)
    conform_result(shape, result, statement)
    return cast(R | None, result.one_or_none())


@dataclass(frozen=True, slots=True)
class ShapedTable(Generic[R]):
    """A table and the shape of its whole rows, for statements generic over a few tables."""

    table: Table
    shape: Shape[R]

    def __post_init__(self) -> None:
        conform(self.shape, tuple(self.table.c.keys()), self.table.c.items)
