"""Recall types, triggers and patient recalls: reads and the mutations' writes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, Table, any_, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import Appointment, Patient, PatientRecall, RecallTrigger, RecallType
from db.queries.ids import uuid_array
from db.request_database import RequestDatabase

recall_types: Table = RecallType.__table__  # type: ignore[assignment]
recall_triggers: Table = RecallTrigger.__table__  # type: ignore[assignment]
patient_recalls: Table = PatientRecall.__table__  # type: ignore[assignment]
patients: Table = Patient.__table__  # type: ignore[assignment]
appointments: Table = Appointment.__table__  # type: ignore[assignment]

TABLES = {"type": recall_types, "trigger": recall_triggers, "recall": patient_recalls}


def recall_select() -> Select[Any]:
    """Patient recalls with their recall type's columns as `type_*` (no extra round trips)."""
    return select(
        patient_recalls,
        recall_types.c.name.label("type_name"),
        recall_types.c.default_interval_months.label("type_default_interval_months"),
        recall_types.c.active.label("type_active"),
        recall_types.c.sort_order.label("type_sort_order"),
        recall_types.c.created_at.label("type_created_at"),
    ).join(recall_types, recall_types.c.id == patient_recalls.c.recall_type_id)


async def rows_by_ids(
    db: RequestDatabase, *, kind: str, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[Row[Any]]:
    """Rows of one recall table with the given ids in the organization."""
    table = TABLES[kind]
    base: Select[Any] = recall_select() if kind == "recall" else select(table)
    statement = base.where(
        table.c.organization_id == organization_id, table.c.id == any_(uuid_array("ids"))
    )
    return await db.fetch_all(statement, {"ids": list(ids)})


async def list_types(
    db: RequestDatabase, *, organization_id: uuid.UUID, include_inactive: bool
) -> Sequence[Row[Any]]:
    """Recall types by sort order then name."""
    statement = select(recall_types).where(recall_types.c.organization_id == organization_id)
    if not include_inactive:
        statement = statement.where(recall_types.c.active)
    order = (recall_types.c.sort_order, recall_types.c.name, recall_types.c.id)
    return await db.fetch_all(statement.order_by(*order))


async def list_triggers(
    db: RequestDatabase, *, organization_id: uuid.UUID, recall_type_id: uuid.UUID | None
) -> Sequence[Row[Any]]:
    """Recall triggers by procedure code, optionally of one recall type."""
    statement = select(recall_triggers).where(recall_triggers.c.organization_id == organization_id)
    if recall_type_id is not None:
        statement = statement.where(recall_triggers.c.recall_type_id == recall_type_id)
    return await db.fetch_all(statement.order_by(recall_triggers.c.procedure_code))


async def due_recalls(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    due_on: date,
    location_id: uuid.UUID | None,
    first: int,
) -> Sequence[Row[Any]]:
    """Enabled, not completed recalls due on or before `due_on`, most overdue first."""
    statement = recall_select().where(
        patient_recalls.c.organization_id == organization_id,
        patient_recalls.c.due_date <= due_on,
        patient_recalls.c.disabled.is_(False),
        patient_recalls.c.status != "completed",
    )
    if location_id is not None:
        seen_there = exists().where(
            appointments.c.organization_id == organization_id,
            appointments.c.patient_id == patient_recalls.c.patient_id,
            appointments.c.location_id == location_id,
        )
        statement = statement.where(seen_there)
    order = (patient_recalls.c.due_date, patient_recalls.c.id)
    return await db.fetch_all(statement.order_by(*order).limit(first))


async def recalls_of_patients(
    db: RequestDatabase, *, organization_id: uuid.UUID, patient_ids: Sequence[uuid.UUID]
) -> Sequence[Row[Any]]:
    """Recalls of the given patients, by due date."""
    statement = recall_select().where(
        patient_recalls.c.organization_id == organization_id,
        patient_recalls.c.patient_id == any_(uuid_array("ids")),
    )
    order = (patient_recalls.c.due_date, patient_recalls.c.id)
    return await db.fetch_all(statement.order_by(*order), {"ids": list(patient_ids)})


async def exists_in(
    connection: AsyncConnection, table: Table, *, organization_id: uuid.UUID, ident: uuid.UUID
) -> bool:
    """Whether a row with the id exists in the organization."""
    statement = select(
        exists().where(table.c.organization_id == organization_id, table.c.id == ident)
    )
    return bool(await connection.scalar(statement))


async def insert_row(connection: AsyncConnection, table: Table, values: dict[str, Any]) -> Row[Any]:
    """Insert one row; constraints reject duplicates."""
    return (await connection.execute(insert(table).values(**values).returning(table))).one()


async def update_row(
    connection: AsyncConnection,
    table: Table,
    *,
    organization_id: uuid.UUID,
    ident: uuid.UUID,
    values: dict[str, Any],
) -> Row[Any] | None:
    """Set columns of a row of the organization; None when there is no such row."""
    statement = (
        update(table)
        .where(table.c.organization_id == organization_id, table.c.id == ident)
        .values(**values)
        .returning(table)
    )
    return (await connection.execute(statement)).one_or_none()


async def lock_recall(
    connection: AsyncConnection, *, organization_id: uuid.UUID, recall_id: uuid.UUID
) -> Row[Any] | None:
    """A patient recall of the organization, locked for update."""
    statement = (
        select(patient_recalls)
        .where(
            patient_recalls.c.organization_id == organization_id,
            patient_recalls.c.id == recall_id,
        )
        .with_for_update()
    )
    return (await connection.execute(statement)).one_or_none()


async def write_recall(
    connection: AsyncConnection, *, recall: Row[Any], values: dict[str, Any]
) -> Row[Any]:
    """Set a locked recall's columns, bumping its version and updated_at."""
    statement = (
        update(patient_recalls)
        .where(patient_recalls.c.id == recall.id)
        .values(**values, version=recall.version + 1, updated_at=func.now())
        .returning(patient_recalls)
    )
    return (await connection.execute(statement)).one()


async def rows_of(
    connection: AsyncConnection, organization_id: uuid.UUID, recall_type_id: uuid.UUID
) -> Sequence[Row[Any]]:
    """The recall type with the id in the organization (zero or one row)."""
    statement = select(recall_types).where(
        recall_types.c.organization_id == organization_id, recall_types.c.id == recall_type_id
    )
    return (await connection.execute(statement)).all()
