"""Write-side statements of appointments' procedures, run inside the caller's transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.rows.appointments import ProcedureRow
from db.shapes import all_as, one_as, one_or_none_as
from db.tables import appointment_procedures as procedures


async def procedure_row(
    connection: AsyncConnection, *, organization_id: uuid.UUID, procedure_id: uuid.UUID
) -> ProcedureRow | None:
    """A procedure of the organization, or None."""
    statement = select(procedures).where(
        procedures.c.organization_id == organization_id, procedures.c.id == procedure_id
    )
    return await one_or_none_as(connection, ProcedureRow, statement)


async def procedures_of(
    connection: AsyncConnection, *, appointment_id: uuid.UUID
) -> list[ProcedureRow]:
    """An appointment's procedures in their order (its row locked by the caller)."""
    statement = (
        select(procedures)
        .where(procedures.c.appointment_id == appointment_id)
        .order_by(procedures.c.position, procedures.c.created_at, procedures.c.id)
    )
    return await all_as(connection, ProcedureRow, statement)


async def make_room(connection: AsyncConnection, *, appointment_id: uuid.UUID, at: int) -> None:
    """Move the procedures at `at` and after one place down, so a new one goes at `at`."""
    await connection.execute(
        update(procedures)
        .where(procedures.c.appointment_id == appointment_id, procedures.c.position >= at)
        .values(position=procedures.c.position + 1)
    )


async def insert_procedure(connection: AsyncConnection, values: dict[str, Any]) -> ProcedureRow:
    """Insert a procedure and return it."""
    statement = insert(procedures).values(**values).returning(*procedures.c)
    return await one_as(connection, ProcedureRow, statement)


async def delete_procedure(connection: AsyncConnection, row: ProcedureRow) -> None:
    """Delete a procedure and close the gap it leaves in its appointment's order."""
    await connection.execute(delete(procedures).where(procedures.c.id == row.id))
    await connection.execute(
        update(procedures)
        .where(
            procedures.c.appointment_id == row.appointment_id,
            procedures.c.position > row.position,
        )
        .values(position=procedures.c.position - 1)
    )
