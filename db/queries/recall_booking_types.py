"""Which appointment types book which recall types: reads both ways (one statement per batch)
and replacing a recall type's list."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Table, and_, any_, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.ids import uuid_array
from db.request_database import RequestDatabase
from db.rows.recalls import BookedRecallTypeRow, BookingTypeRow
from db.tables import appointment_types, recall_booking_types, recall_types

links = recall_booking_types


def _joined(table: Table, column: str) -> ColumnElement[bool]:
    """The link row's `column` names the table's row, in the same organization."""
    return and_(links.c.organization_id == table.c.organization_id, links.c[column] == table.c.id)


async def booking_types_of(
    db: RequestDatabase, *, organization_id: uuid.UUID, recall_type_ids: Sequence[uuid.UUID]
) -> list[BookingTypeRow]:
    """The appointment types booking each recall type, by name."""
    statement = (
        select(links.c.recall_type_id, appointment_types)
        .join(appointment_types, _joined(appointment_types, "appointment_type_id"))
        .where(
            links.c.organization_id == organization_id,
            links.c.recall_type_id == any_(uuid_array("ids")),
        )
        .order_by(appointment_types.c.name, appointment_types.c.id)
    )
    return await db.fetch_all(statement, {"ids": list(recall_type_ids)}, shape=BookingTypeRow)


async def recall_types_booked_by(
    db: RequestDatabase, *, organization_id: uuid.UUID, appointment_type_ids: Sequence[uuid.UUID]
) -> list[BookedRecallTypeRow]:
    """The recall types each appointment type books, by sort order and name."""
    statement = (
        select(links.c.appointment_type_id, recall_types)
        .join(recall_types, _joined(recall_types, "recall_type_id"))
        .where(
            links.c.organization_id == organization_id,
            links.c.appointment_type_id == any_(uuid_array("ids")),
        )
        .order_by(recall_types.c.sort_order, recall_types.c.name, recall_types.c.id)
    )
    params = {"ids": list(appointment_type_ids)}
    return await db.fetch_all(statement, params, shape=BookedRecallTypeRow)


async def count_appointment_types(
    connection: AsyncConnection, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> int:
    """How many of the ids are appointment types of the organization."""
    statement = select(func.count()).where(
        appointment_types.c.organization_id == organization_id,
        appointment_types.c.id.in_(list(ids)),
    )
    return int(await connection.scalar(statement) or 0)


async def replace_booking_types(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    recall_type_id: uuid.UUID,
    appointment_type_ids: Sequence[uuid.UUID],
) -> None:
    """Make exactly these appointment types book the recall type."""
    await connection.execute(
        delete(links).where(
            links.c.organization_id == organization_id,
            links.c.recall_type_id == recall_type_id,
            links.c.appointment_type_id.not_in(list(appointment_type_ids)),
        )
    )
    if appointment_type_ids:
        rows = [
            {"organization_id": organization_id, "recall_type_id": recall_type_id,
             "appointment_type_id": ident}
            for ident in appointment_type_ids
        ]  # fmt: skip
        await connection.execute(insert(links).values(rows).on_conflict_do_nothing())
