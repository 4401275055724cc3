"""Reads and writes of per-user settings: a patient's scheduling preferences, and the schedule
views and saved searches a user (a token's subject) owns."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import PatientSchedulingPreference, SavedSearch, ScheduleView
from db.queries import keyset
from db.queries.keyset import SortKey
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.user_settings import PreferenceRow, SavedSearchRow, ScheduleViewRow
from db.shapes import ShapedTable, one_or_none_as
from db.tables import table_of

preferences = table_of(PatientSchedulingPreference)
schedule_views = table_of(ScheduleView)
saved_searches = table_of(SavedSearch)

VIEWS = ShapedTable(schedule_views, ScheduleViewRow)
SEARCHES = ShapedTable(saved_searches, SavedSearchRow)


async def patient_preferences(
    db: RequestDatabase, *, organization_id: uuid.UUID, patient_id: uuid.UUID
) -> PreferenceRow | None:
    """The patient's preferences, if any were saved."""
    statement = select(preferences).where(
        preferences.c.organization_id == organization_id, preferences.c.patient_id == patient_id
    )
    return await db.fetch_one(statement, shape=PreferenceRow)


async def preferences_in_transaction(
    connection: AsyncConnection, *, organization_id: uuid.UUID, patient_id: uuid.UUID
) -> PreferenceRow | None:
    """The patient's preferences read inside a mutation's transaction (the patient's row is
    locked by then, so no other writer changes them meanwhile)."""
    statement = select(preferences).where(
        preferences.c.organization_id == organization_id, preferences.c.patient_id == patient_id
    )
    return await one_or_none_as(connection, PreferenceRow, statement)


async def save_preferences(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    patient_id: uuid.UUID,
    values: dict[str, Any],
    exists: bool,
) -> None:
    """Insert the patient's first preferences or replace them (bumping the version)."""
    if not exists:
        await connection.execute(
            insert(preferences).values(
                organization_id=organization_id, patient_id=patient_id, **values
            )
        )
        return
    await connection.execute(
        update(preferences)
        .where(
            preferences.c.organization_id == organization_id,
            preferences.c.patient_id == patient_id,
        )
        .values(version=preferences.c.version + 1, updated_at=func.now(), **values)
    )


async def lock_owner(
    connection: AsyncConnection, *, organization_id: uuid.UUID, owner: str
) -> None:
    """Serialize one owner's writes of their settings until the transaction ends (a default
    flag moves, names are checked, without racing the owner's other requests)."""
    key = func.hashtextextended(func.concat(str(organization_id), ":", owner), 0)
    await connection.execute(select(func.pg_advisory_xact_lock(key)))


async def name_in_use(
    connection: AsyncConnection,
    table: Table,
    *,
    organization_id: uuid.UUID,
    owner: str,
    column: str,
    value: str,
    other_than: uuid.UUID | None = None,
) -> bool:
    """Whether another of the owner's rows has this value in `column` (name, shortcut)."""
    conditions = [
        table.c.organization_id == organization_id,
        table.c.owner == owner,
        table.c[column] == value,
    ]
    if other_than is not None:
        conditions.append(table.c.id != other_than)
    result = await connection.execute(select(table.c.id).where(*conditions).limit(1))
    return result.first() is not None


async def clear_default(
    connection: AsyncConnection,
    table: Table,
    *,
    organization_id: uuid.UUID,
    owner: str,
    where: Sequence[ColumnElement[bool]] = (),
) -> None:
    """The owner's default row of `table` (meeting `where`: a saved search's kind) is no longer
    their default."""
    await connection.execute(
        update(table)
        .where(
            table.c.organization_id == organization_id,
            table.c.owner == owner,
            table.c.is_default,
            *where,
        )
        .values(is_default=False)
    )


async def delete_owned(
    connection: AsyncConnection, table: Table, *, organization_id: uuid.UUID, ident: uuid.UUID
) -> None:
    """Delete one row (already locked and checked)."""
    await connection.execute(
        delete(table).where(table.c.organization_id == organization_id, table.c.id == ident)
    )


def owned_order(table: Table) -> tuple[SortKey, SortKey]:
    """An owner's settings by name (unique per owner), then id."""
    return (SortKey(table.c.name, "text"), SortKey(table.c.id, "uuid"))


async def list_owned(
    db: RequestDatabase,
    kind: ShapedTable[Any],
    *,
    organization_id: uuid.UUID,
    owner: str,
    after: Sequence[Any] | None,
    limit: int,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[Any]:
    """The owner's rows meeting `where` by name, after the position if any."""
    table = kind.table
    order = owned_order(table)
    conditions = [table.c.organization_id == organization_id, table.c.owner == owner, *where]
    if after is not None:
        conditions.append(keyset.after(order, after))
    statement = select(table).where(*conditions).order_by(*keyset.order_by(order)).limit(limit)
    return await db.fetch_all(statement, shape=kind.shape)


async def count_owned(
    db: RequestDatabase,
    table: Table,
    *,
    organization_id: uuid.UUID,
    owner: str,
    where: Sequence[ColumnElement[bool]] = (),
) -> int:
    """How many rows meeting `where` the owner has."""
    statement = (
        select(func.count().label("count"))
        .select_from(table)
        .where(table.c.organization_id == organization_id, table.c.owner == owner, *where)
    )
    row = await db.fetch_one(statement, shape=CountRow)
    return row.count if row else 0


async def owned_by_ids(
    db: RequestDatabase,
    kind: ShapedTable[Any],
    *,
    organization_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
) -> list[Any]:
    """Rows with these ids in the organization (whoever owns them: the caller filters)."""
    table = kind.table
    statement = select(table).where(
        table.c.organization_id == organization_id, table.c.id.in_(list(ids))
    )
    return await db.fetch_all(statement, shape=kind.shape)


async def owner_of_row(
    connection: AsyncConnection, table: Table, *, organization_id: uuid.UUID, ident: uuid.UUID
) -> str | None:
    """Whose row this is (unlocked: the owner never changes), None when there is none."""
    return await connection.scalar(
        select(table.c.owner).where(table.c.organization_id == organization_id, table.c.id == ident)
    )


async def existing_ids(
    connection: AsyncConnection,
    table: Table,
    *,
    organization_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
) -> set[uuid.UUID]:
    """Which of the ids are rows of `table` in the organization."""
    if not ids:
        return set()
    result = await connection.execute(
        select(table.c.id).where(
            table.c.organization_id == organization_id, table.c.id.in_(list(ids))
        )
    )
    return set(result.scalars())
