"""Row shapes (db/shapes.py) match the statements they type; a shape that does not is refused.

No database: the checks read the statements' columns, not rows.
"""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any, Protocol

import pytest
from sqlalchemy import func, insert, select, text

import db.queries
from db.read_statement import ReadStatement
from db.shapes import ShapedTable, ShapeMismatch, conform_statement, fields_of
from db.tables import appointments, locations, patients


def query_module_values() -> Iterator[tuple[str, object]]:
    for module_info in pkgutil.iter_modules(db.queries.__path__):
        module = importlib.import_module(f"db.queries.{module_info.name}")
        for name, value in vars(module).items():
            yield f"{module_info.name}.{name}", value


def shaped_tables() -> list[ShapedTable[Any]]:
    return [value for _, value in query_module_values() if isinstance(value, ShapedTable)]


@pytest.mark.parametrize("kind", shaped_tables(), ids=lambda kind: kind.table.name)
def test_a_table_shape_names_every_column_of_its_table(kind: ShapedTable[Any]) -> None:
    # (ShapedTable itself checked the types of the columns the shape names, at import)
    assert sorted(fields_of(kind.shape)) == sorted(kind.table.c.keys())


def test_the_query_modules_shape_tables_and_read_statements() -> None:
    assert sorted(kind.table.name for kind in shaped_tables()) == [
        "appointment_reasons",
        "appointment_type_overlap_rules",
        "appointment_types",
        "blockout_template_items",
        "blockout_templates",
        "blockout_types",
        "confirmation_statuses",
        "locations",
        "operatories",
        "patient_flow_statuses",
        "patient_recalls",
        "patients",
        "provider_schedule_overrides",
        "provider_schedule_templates",
        "providers",
        "recall_triggers",
        "recall_types",
        "saved_searches",
        "schedule_notes",
        "schedule_views",
    ]
    # ReadStatement checked its shape at import: every statement sent straight to asyncpg
    statements = {name for name, value in query_module_values() if isinstance(value, ReadStatement)}
    assert {"appointments.APPOINTMENTS_STARTING_BETWEEN", "practice.LOCATIONS_BY_IDS"} <= statements


class PatientName(Protocol):
    id: uuid.UUID
    first_name: str
    email: str | None


def test_a_shape_that_fits_its_statement_passes() -> None:
    conform_statement(PatientName, select(patients))
    conform_statement(PatientName, insert(patients).returning(*patients.c))


class WithNickname(Protocol):
    id: uuid.UUID
    nickname: str


def test_a_shape_naming_a_column_the_statement_lacks_is_refused() -> None:
    with pytest.raises(ShapeMismatch, match=r"WithNickname\.nickname: the statement has no such"):
        conform_statement(WithNickname, select(patients))


class EmailNeverNull(Protocol):
    email: str


def test_a_shape_denying_none_to_a_nullable_column_is_refused() -> None:
    with pytest.raises(ShapeMismatch, match=r"EmailNeverNull\.email: the column is nullable"):
        conform_statement(EmailNeverNull, select(patients))


class StartAsText(Protocol):
    start_at: str


def test_a_shape_giving_a_column_another_type_is_refused() -> None:
    with pytest.raises(ShapeMismatch, match="SQL gives datetime, the shape says str"):
        conform_statement(StartAsText, select(appointments))


class ZoneAndCount(Protocol):
    time_zone: str | None  # wider than the column: fine (an outer join may give None)
    count: int
    latest: datetime


class CountOnly(Protocol):
    count: int


def test_labels_and_aggregates_are_checked_by_their_sql_type() -> None:
    statement = select(
        locations.c.time_zone,
        func.count().label("count"),
        func.max(appointments.c.start_at).label("latest"),
    ).group_by(locations.c.time_zone)
    conform_statement(ZoneAndCount, statement)
    with pytest.raises(ShapeMismatch, match=r"CountOnly\.count: SQL gives str, the shape says int"):
        conform_statement(CountOnly, select(locations.c.name.label("count")))


def test_a_statement_without_columns_has_no_shape() -> None:
    with pytest.raises(ShapeMismatch, match="returns no columns"):
        conform_statement(PatientName, text("SELECT 1"))
