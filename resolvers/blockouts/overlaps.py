"""OVERLAPS_BLOCKOUT warnings: what the blockouts a mutation wrote overlap (the write stands)."""

# Blockouts may overlap (a meeting during lunch is the practice's choice), so an overlap is a
# warning, not a refusal; one statement finds them all after the write, whatever the count.

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.blockout_overlaps import overlaps_of
from db.rows.blockouts import OverlapRow
from scheduling.blockouts import Skipped, SkipReason
from scheduling.local_time import zone_named


def _message(row: OverlapRow) -> str:
    zone = zone_named(row.time_zone)
    start, end = row.start_at.astimezone(zone), row.end_at.astimezone(zone)
    return f"It overlaps {row.type_name} {start:%H:%M}-{end:%H:%M} on {start.date()}"


async def overlap_warnings(
    connection: AsyncConnection, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> tuple[Skipped, ...]:
    """One warning per written blockout and other blockout it overlaps in a shared operatory."""
    rows = await overlaps_of(connection, organization_id=organization_id, ids=ids)
    return tuple(
        Skipped(SkipReason.OVERLAPS_BLOCKOUT, _message(row), row.blockout_id, row.overlapping_id)
        for row in rows
    )
