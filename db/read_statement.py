"""Read statements built once and sent straight through asyncpg.

SQLAlchemy spends about 0.25 ms of Python on each execution (statement construction, cache key,
bind and result processing, Row objects, a greenlet hop): a single `node(id)` pays it four
times, and a week calendar nine times plus once per row. A `ReadStatement` is built once at
import, compiled once for the engine's dialect, and run by RequestDatabase on the request's
asyncpg connection inside the same transaction (row-level security and all); its rows become
the same named-tuple records SQLAlchemy's path gives (tests/db/test_read_statements.py compares
the two for every statement).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic

from sqlalchemy import ARRAY, Enum, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from db.records import record_type
from db.shapes import R, Shape, conform_statement

Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class CompiledRead:
    """A statement's SQL, its parameters in order and how its rows become records."""

    sql: str
    # (name, SQLAlchemy's bind processor, the value bound in the statement itself if any)
    parameters: tuple[tuple[str, Processor | None, Any], ...]
    keys: tuple[str, ...]
    # (column index, SQLAlchemy's result processor) for the few columns that have one.
    processors: tuple[tuple[int, Processor], ...]

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        """The positional arguments asyncpg takes, from named parameters."""
        values = ((params.get(name, fixed), process) for name, process, fixed in self.parameters)
        return [value if process is None else process(value) for value, process in values]

    def records(self, rows: Sequence[Any]) -> list[Any]:
        """asyncpg's rows as the named tuples RequestDatabase returns for any read."""
        make = record_type(self.keys)._make
        if not self.processors:
            return list(map(make, rows))
        records = []
        for row in rows:
            values = list(row)
            for index, process in self.processors:
                values[index] = process(values[index])
            records.append(make(values))
        return records


class ReadStatement(Generic[R]):
    """A SELECT whose text never varies (ids travel as arrays), compiled once per dialect; its
    rows have the shape `shape` (db/shapes.py), checked against its columns here, at import."""

    __slots__ = ("_compiled", "shape", "statement")

    def __init__(self, statement: Select[Any], shape: Shape[R]) -> None:
        conform_statement(shape, statement)
        self.statement = statement
        self.shape = shape
        self._compiled: tuple[Dialect, CompiledRead] | None = None

    def compiled(self, dialect: Dialect, column_types: Sequence[int]) -> CompiledRead:
        """The compiled form for `dialect`; `column_types` are the result columns' type oids
        (numeric columns' processors depend on them), as the first execution reports them."""
        if self._compiled is None or self._compiled[0] is not dialect:
            self._compiled = (dialect, self._compile(dialect, column_types))
        return self._compiled[1]

    def compiled_if_known(self, dialect: Dialect) -> CompiledRead | None:
        """The compiled form once the first execution has produced it."""
        if self._compiled is not None and self._compiled[0] is dialect:
            return self._compiled[1]
        return None

    def sql(self, dialect: Dialect) -> str:
        """The statement's text in the dialect's parameter style ($1, $2, ...)."""
        return str(self.statement.compile(dialect=dialect))

    def _compile(self, dialect: Dialect, column_types: Sequence[int]) -> CompiledRead:
        compiled = self.statement.compile(dialect=dialect)
        if compiled.post_compile_params:
            # IN (...) of a list is rendered per execution: its text varies with the list.
            raise ValueError("a ReadStatement needs fixed text: compare with = ANY(array)")
        parameters = []
        for name in compiled.positiontup or ():
            bind = compiled.binds[name]
            binding = bind.type.dialect_impl(dialect).bind_processor(dialect)
            parameters.append((name, binding, bind.effective_value))
        # What SQLAlchemy's cursor result would name and convert each column.
        # (_result_columns: the names and types CursorResult itself uses.)
        columns = compiled._result_columns
        processors = []
        for index, (column, oid) in enumerate(zip(columns, column_types, strict=True)):
            process = _result_processor(column.type, dialect, oid)
            if process is not None:
                processors.append((index, process))
        return CompiledRead(
            sql=str(compiled),
            parameters=tuple(parameters),
            keys=tuple(column.keyname for column in columns),
            processors=tuple(processors),
        )


def _result_processor(column_type: TypeEngine[Any], dialect: Dialect, oid: int) -> Processor | None:
    """SQLAlchemy's result processor of a column, or None where it would change nothing."""
    impl = column_type.dialect_impl(dialect)
    if (
        isinstance(impl, ARRAY)
        and not impl.as_tuple
        and not isinstance(impl.item_type, Enum)
        and impl.item_type.dialect_impl(dialect).result_processor(dialect, oid) is None
    ):
        # A plain array: asyncpg's list is what SQLAlchemy would copy item by item into a
        # new list (a tenth of a week calendar's row handling, for procedure codes).
        return None
    return impl.result_processor(dialect, oid)
