"""Recall types, triggers and patient recalls: reads and the mutations' writes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    any_,
    bindparam,
    exists,
    func,
    insert,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import keyset
from db.queries.ids import uuid_array
from db.queries.keyset import SortKey
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.recalls import PatientRecallRow, RecallRow, RecallTriggerRow, RecallTypeRow
from db.shapes import R, ShapedTable, all_as, one_as, one_or_none_as
from db.tables import appointments, patient_recalls, recall_triggers, recall_types
from scheduling.appointment_status import AppointmentStatus

# The recall tables, for the statements that work on any of them (by id, insert, update).
TYPES = ShapedTable(recall_types, RecallTypeRow)
TRIGGERS = ShapedTable(recall_triggers, RecallTriggerRow)
PATIENT_RECALLS = ShapedTable(patient_recalls, PatientRecallRow)


def recall_select() -> Select[Any]:
    """Patient recalls with their type's columns as `type_*` and the linked appointment's status.

    `appointment_status` / `appointment_hold_expires_at` let the rules decide at read time
    whether the linked appointment still books the recall (no extra round trips).
    """
    linked = and_(
        appointments.c.organization_id == patient_recalls.c.organization_id,
        appointments.c.id == patient_recalls.c.appointment_id,
    )
    return (
        select(
            patient_recalls,
            recall_types.c.name.label("type_name"),
            recall_types.c.description.label("type_description"),
            recall_types.c.default_interval_months.label("type_default_interval_months"),
            recall_types.c.active.label("type_active"),
            recall_types.c.sort_order.label("type_sort_order"),
            recall_types.c.created_at.label("type_created_at"),
            appointments.c.status.label("appointment_status"),
            appointments.c.hold_expires_at.label("appointment_hold_expires_at"),
        )
        .join(recall_types, recall_types.c.id == patient_recalls.c.recall_type_id)
        .outerjoin(appointments, linked)
    )


def booked_by_live_appointment() -> ColumnElement[bool]:
    """SQL twin of scheduling.recalls.is_booked over recall_select's outer-joined appointment."""
    return and_(
        appointments.c.id.is_not(None),
        or_(
            appointments.c.status.in_(
                [AppointmentStatus.PLANNED.value, AppointmentStatus.SCHEDULED.value]
            ),
            and_(
                appointments.c.status == AppointmentStatus.HOLD.value,
                appointments.c.hold_expires_at > func.now(),
            ),
        ),
    )


async def recalls_by_ids(
    db: RequestDatabase, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[RecallRow]:
    """Patient recalls (recall_select rows) with the given ids in the organization."""
    statement = recall_select().where(
        patient_recalls.c.organization_id == organization_id,
        patient_recalls.c.id == any_(uuid_array("ids")),
    )
    return await db.fetch_all(statement, {"ids": list(ids)}, shape=RecallRow)


async def list_types(
    db: RequestDatabase, *, organization_id: uuid.UUID, include_inactive: bool
) -> list[RecallTypeRow]:
    """Recall types by sort order then name."""
    statement = select(recall_types).where(recall_types.c.organization_id == organization_id)
    if not include_inactive:
        statement = statement.where(recall_types.c.active)
    order = (recall_types.c.sort_order, recall_types.c.name, recall_types.c.id)
    return await db.fetch_all(statement.order_by(*order), shape=RecallTypeRow)


async def list_triggers(
    db: RequestDatabase, *, organization_id: uuid.UUID, recall_type_id: uuid.UUID | None
) -> list[RecallTriggerRow]:
    """Recall triggers by procedure code, optionally of one recall type."""
    statement = select(recall_triggers).where(recall_triggers.c.organization_id == organization_id)
    if recall_type_id is not None:
        statement = statement.where(recall_triggers.c.recall_type_id == recall_type_id)
    order = recall_triggers.c.procedure_code
    return await db.fetch_all(statement.order_by(order), shape=RecallTriggerRow)


# The most-overdue-first rule lives here and only here: earliest due date, ties by id.
DUE_ORDER = (SortKey(patient_recalls.c.due_date, "date"), SortKey(patient_recalls.c.id, "uuid"))


def _due(
    organization_id: uuid.UUID, due_on: date, location_id: uuid.UUID | None
) -> list[ColumnElement[bool]]:
    """Enabled recalls due by `due_on`, neither completed nor booked (at the location)."""
    conditions: list[ColumnElement[bool]] = [
        patient_recalls.c.organization_id == organization_id,
        patient_recalls.c.due_date <= due_on,
        patient_recalls.c.disabled.is_(False),
        patient_recalls.c.status != "completed",
        not_(booked_by_live_appointment()),
    ]
    if location_id is not None:
        visits = appointments.alias("visits")  # the outer query joins `appointments` already
        seen_there = exists().where(
            visits.c.organization_id == organization_id,
            visits.c.patient_id == patient_recalls.c.patient_id,
            visits.c.location_id == location_id,
        )
        conditions.append(seen_there)
    return conditions


async def due_recalls(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    due_on: date,
    location_id: uuid.UUID | None,
    after: Sequence[Any] | None,
    limit: int,
) -> list[RecallRow]:
    """Due recalls most overdue first (DUE_ORDER), after the position if any."""
    conditions = _due(organization_id, due_on, location_id)
    if after is not None:
        conditions.append(keyset.after(DUE_ORDER, after))
    statement = recall_select().where(*conditions)
    ordered = statement.order_by(*keyset.order_by(DUE_ORDER)).limit(limit)
    return await db.fetch_all(ordered, shape=RecallRow)


async def count_due_recalls(
    db: RequestDatabase, *, organization_id: uuid.UUID, due_on: date, location_id: uuid.UUID | None
) -> int:
    """How many recalls are due (as due_recalls lists them)."""
    listed = recall_select().where(*_due(organization_id, due_on, location_id)).subquery()
    row = await db.fetch_one(
        select(func.count().label("count")).select_from(listed), shape=CountRow
    )
    return row.count if row else 0


async def recalls_linked_to(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    column: str,
    ids: Sequence[uuid.UUID],
) -> list[RecallRow]:
    """Recalls whose `column` (patient_id or appointment_id) is one of `ids`, by due date."""
    statement = recall_select().where(
        patient_recalls.c.organization_id == organization_id,
        patient_recalls.c[column] == any_(uuid_array("ids")),
    )
    order = (patient_recalls.c.due_date, patient_recalls.c.id)
    return await db.fetch_all(statement.order_by(*order), {"ids": list(ids)}, shape=RecallRow)


async def exists_in(
    connection: AsyncConnection, table: Table, *, organization_id: uuid.UUID, ident: uuid.UUID
) -> bool:
    """Whether a row with the id exists in the organization."""
    statement = select(
        exists().where(table.c.organization_id == organization_id, table.c.id == ident)
    )
    return bool(await connection.scalar(statement))


async def insert_row(
    connection: AsyncConnection, kind: ShapedTable[R], values: dict[str, Any]
) -> R:
    """Insert one row (kind: TYPES, TRIGGERS, PATIENT_RECALLS); constraints reject duplicates."""
    statement = insert(kind.table).values(**values).returning(kind.table)
    return await one_as(connection, kind.shape, statement)


async def update_row(
    connection: AsyncConnection,
    kind: ShapedTable[R],
    *,
    organization_id: uuid.UUID,
    ident: uuid.UUID,
    values: dict[str, Any],
) -> R | None:
    """Set columns of a row of the organization; None when there is no such row."""
    table = kind.table
    statement = (
        update(table)
        .where(table.c.organization_id == organization_id, table.c.id == ident)
        .values(**values)
        .returning(table)
    )
    return await one_or_none_as(connection, kind.shape, statement)


async def lock_recall(
    connection: AsyncConnection, *, organization_id: uuid.UUID, recall_id: uuid.UUID
) -> PatientRecallRow | None:
    """A patient recall of the organization, locked for update."""
    statement = (
        select(patient_recalls)
        .where(
            patient_recalls.c.organization_id == organization_id,
            patient_recalls.c.id == recall_id,
        )
        .with_for_update()
    )
    return await one_or_none_as(connection, PatientRecallRow, statement)


async def write_recall(
    connection: AsyncConnection, *, recall: PatientRecallRow, values: dict[str, Any]
) -> PatientRecallRow:
    """Set a locked recall's columns, bumping its version and updated_at."""
    statement = (
        update(patient_recalls)
        .where(patient_recalls.c.id == recall.id)
        .values(**values, version=recall.version + 1, updated_at=func.now())
        .returning(patient_recalls)
    )
    return await one_as(connection, PatientRecallRow, statement)


async def rows_of(
    connection: AsyncConnection, organization_id: uuid.UUID, recall_type_id: uuid.UUID
) -> list[RecallTypeRow]:
    """The recall type with the id in the organization (zero or one row)."""
    statement = select(recall_types).where(
        recall_types.c.organization_id == organization_id, recall_types.c.id == recall_type_id
    )
    return await all_as(connection, RecallTypeRow, statement)


async def lock_recalls(
    connection: AsyncConnection, *, organization_id: uuid.UUID, recall_ids: Sequence[uuid.UUID]
) -> list[RecallRow]:
    """Recalls of the organization with these ids (recall_select rows), locked in id order.

    Lock first, read second: under READ COMMITTED the second statement's fresh snapshot sees
    an appointment that a concurrent booking linked and committed while we waited for the lock.
    """
    mine = and_(
        patient_recalls.c.organization_id == organization_id,
        patient_recalls.c.id == any_(uuid_array("ids")),
    )
    params = {"ids": list(recall_ids)}
    lock = select(patient_recalls.c.id).where(mine).order_by(patient_recalls.c.id).with_for_update()
    await connection.execute(lock, params)
    read = recall_select().where(mine).order_by(patient_recalls.c.id)
    return await all_as(connection, RecallRow, read, params)


async def link_to_appointment(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    recall_ids: Sequence[uuid.UUID],
    appointment_id: uuid.UUID,
) -> None:
    """Mark locked recalls scheduled by an appointment (one statement)."""
    statement = (
        update(patient_recalls)
        .where(
            patient_recalls.c.organization_id == organization_id,
            patient_recalls.c.id == any_(uuid_array("ids")),
        )
        .values(
            status="scheduled",
            appointment_id=appointment_id,
            version=patient_recalls.c.version + 1,
            updated_at=func.now(),
        )
    )
    await connection.execute(statement, {"ids": list(recall_ids)})


async def lock_recalls_of_appointment(
    connection: AsyncConnection, *, organization_id: uuid.UUID, appointment_id: uuid.UUID
) -> list[PatientRecallRow]:
    """The recalls an appointment books, locked in id order."""
    statement = (
        select(patient_recalls)
        .where(
            patient_recalls.c.organization_id == organization_id,
            patient_recalls.c.appointment_id == appointment_id,
        )
        .order_by(patient_recalls.c.id)
        .with_for_update()
    )
    return await all_as(connection, PatientRecallRow, statement)


async def complete_recalls(
    connection: AsyncConnection, *, organization_id: uuid.UUID, completed: Sequence[dict[str, Any]]
) -> None:
    """Roll completed recalls forward: each dict has id, previous_date and due_date."""
    if not completed:
        return
    statement = (
        update(patient_recalls)
        .where(
            patient_recalls.c.organization_id == organization_id,
            patient_recalls.c.id == bindparam("recall_id"),
        )
        .values(
            previous_date=bindparam("previous"),
            due_date=bindparam("due"),
            status="due",
            appointment_id=None,
            version=patient_recalls.c.version + 1,
            updated_at=func.now(),
        )
    )
    rows = [
        {"recall_id": c["id"], "previous": c["previous_date"], "due": c["due_date"]}
        for c in completed
    ]
    await connection.execute(statement, rows)  # executemany: one round trip for all
