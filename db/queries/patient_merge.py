"""What merging one patient into another checks and moves, inside the merge's transaction:
the visits that would overlap, the recalls and active waitlist entries only one patient may
have, and the rows that change hands."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models.appointments import BLOCKING_SQL
from db.models.waitlist import ACTIVE_SQL
from db.tables import appointments, patient_recalls, recall_types, waitlist_entries

# The appointments, waitlist entries and recalls of a patient, moved by a merge.
MOVED_TABLES = {
    "appointments": appointments,
    "waitlist_entries": waitlist_entries,
    "patient_recalls": patient_recalls,
}


async def overlapping_visit(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    keep: uuid.UUID,
    duplicate: uuid.UUID,
) -> Any:
    """The start of a slot-holding visit of the duplicate that overlaps one of the kept
    patient's (one patient cannot be in two chairs at once), or None."""
    mine, theirs = appointments.alias("mine"), appointments.alias("theirs")
    statement = (
        select(theirs.c.start_at)
        .select_from(mine.join(theirs, mine.c.organization_id == theirs.c.organization_id))
        .where(
            mine.c.organization_id == organization_id,
            mine.c.patient_id == keep,
            theirs.c.patient_id == duplicate,
            text(f"mine.status IN ({BLOCKING_SQL}) AND theirs.status IN ({BLOCKING_SQL})"),
            mine.c.start_at < theirs.c.end_at,
            theirs.c.start_at < mine.c.end_at,
        )
        .order_by(theirs.c.start_at)
        .limit(1)
    )
    return await connection.scalar(statement)


async def shared_recall_type(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    keep: uuid.UUID,
    duplicate: uuid.UUID,
) -> str | None:
    """The name of a recall type both patients have a recall of (a patient has one per type)."""
    mine, theirs = patient_recalls.alias("mine"), patient_recalls.alias("theirs")
    statement = (
        select(recall_types.c.name)
        .select_from(
            mine.join(
                theirs,
                and_(
                    mine.c.organization_id == theirs.c.organization_id,
                    mine.c.recall_type_id == theirs.c.recall_type_id,
                ),
            ).join(recall_types, recall_types.c.id == mine.c.recall_type_id)
        )
        .where(
            mine.c.organization_id == organization_id,
            mine.c.patient_id == keep,
            theirs.c.patient_id == duplicate,
        )
        .order_by(recall_types.c.name)
        .limit(1)
    )
    name: str | None = await connection.scalar(statement)
    return name


async def shared_waitlist_entries(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    keep: uuid.UUID,
    duplicate: uuid.UUID,
) -> int:
    """How many active waitlist entries of the duplicate the kept patient has an active one
    like (same home location and type: a patient waits once for each)."""
    mine, theirs = waitlist_entries.alias("mine"), waitlist_entries.alias("theirs")
    none = text("'00000000-0000-0000-0000-000000000000'::uuid")
    statement = (
        select(func.count())
        .select_from(mine.join(theirs, mine.c.organization_id == theirs.c.organization_id))
        .where(
            mine.c.organization_id == organization_id,
            mine.c.patient_id == keep,
            theirs.c.patient_id == duplicate,
            mine.c.home_location_id == theirs.c.home_location_id,
            func.coalesce(mine.c.appointment_type_id, none)
            == func.coalesce(theirs.c.appointment_type_id, none),
            text(f"mine.{ACTIVE_SQL} AND theirs.{ACTIVE_SQL}"),
        )
    )
    return int(await connection.scalar(statement) or 0)


async def move_rows(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    keep: uuid.UUID,
    duplicate: uuid.UUID,
) -> dict[str, list[uuid.UUID]]:
    """Give the duplicate's appointments, waitlist entries and recalls to the kept patient,
    each at its next version; the moved ids per table."""
    moved: dict[str, list[uuid.UUID]] = {}
    for name, table in MOVED_TABLES.items():
        result = await connection.execute(
            update(table)
            .where(table.c.organization_id == organization_id, table.c.patient_id == duplicate)
            .values(patient_id=keep, version=table.c.version + 1)
            .returning(table.c.id)
        )
        moved[name] = sorted(result.scalars(), key=str)
    return moved
