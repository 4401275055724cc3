"""Write-side statements of schedules, notes and overlap rules, in the caller's transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.rows.schedules import OverrideRow
from db.shapes import R, ShapedTable, one_as, one_or_none_as
from db.tables import schedule_overrides as overrides


async def lock_row(
    connection: AsyncConnection,
    *,
    kind: ShapedTable[R],
    organization_id: uuid.UUID,
    ident: uuid.UUID,
) -> R | None:
    """A row of the organization (kind: db.queries.schedules.TEMPLATES, practice.PROVIDERS,
    ...), locked until the transaction ends."""
    table = kind.table
    statement = (
        select(table)
        .where(table.c.organization_id == organization_id, table.c.id == ident)
        .with_for_update()
    )
    return await one_or_none_as(connection, kind.shape, statement)


async def insert_row(
    connection: AsyncConnection, *, kind: ShapedTable[R], values: dict[str, Any]
) -> R:
    """Insert a schedule row and return it."""
    table = kind.table
    statement = insert(table).values(**values).returning(*table.c)
    return await one_as(connection, kind.shape, statement)


async def update_row(
    connection: AsyncConnection, *, kind: ShapedTable[R], ident: uuid.UUID, values: dict[str, Any]
) -> R:
    """Change a (locked) versioned row, bump its version and return the new row."""
    table = kind.table
    statement = (
        update(table)
        .where(table.c.id == ident)
        .values(**values, version=table.c.version + 1, updated_at=func.now())
        .returning(*table.c)
    )
    return await one_as(connection, kind.shape, statement)


async def delete_row(
    connection: AsyncConnection,
    *,
    kind: ShapedTable[Any],
    organization_id: uuid.UUID,
    ident: uuid.UUID,
) -> bool:
    """Delete a schedule row of the organization; whether one was there."""
    table = kind.table
    statement = (
        delete(table)
        .where(table.c.organization_id == organization_id, table.c.id == ident)
        .returning(table.c.id)
    )
    return (await connection.execute(statement)).first() is not None


async def upsert_override(connection: AsyncConnection, *, values: dict[str, Any]) -> OverrideRow:
    """Insert the override of (provider, location, date), or replace the one there."""
    changes = {
        column: values[column]
        for column in (
            "operatory_id",
            "is_unavailable",
            "start_time",
            "end_time",
            "reason",
            "note",
        )
    }
    inserted = (
        pg_insert(overrides)
        .values(**values)
        .on_conflict_do_update(
            constraint="uq_provider_schedule_overrides_day",
            set_={**changes, "version": overrides.c.version + 1, "updated_at": func.now()},
        )
        .returning(*overrides.c)
    )
    return await one_as(connection, OverrideRow, inserted)
