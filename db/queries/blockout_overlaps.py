"""Which blockouts a mutation just wrote overlap others in the same operatory (one statement)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import and_, any_, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.ids import uuid_array
from db.rows.blockouts import OverlapRow
from db.shapes import all_as
from db.tables import blockout_types, blockouts, locations


async def overlaps_of(
    connection: AsyncConnection, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[OverlapRow]:
    """Pairs (written, other) of blockouts at one location whose times overlap and that share
    an operatory (a location-wide one shares every operatory). Two written ones that overlap
    make one pair, the earlier of `ids` first; pairs come in the order of `ids`, then by the
    other's start."""
    if not ids:
        return []
    written = blockouts.alias("written")
    other = blockouts.alias("other")
    listed = uuid_array("ids")
    position = func.array_position(listed, written.c.id)
    statement = (
        select(
            written.c.id.label("blockout_id"),
            other.c.id.label("overlapping_id"),
            blockout_types.c.name.label("type_name"),
            other.c.start_at,
            other.c.end_at,
            locations.c.time_zone,
        )
        .select_from(written)
        .join(
            other,
            and_(
                other.c.organization_id == written.c.organization_id,
                other.c.location_id == written.c.location_id,
                other.c.id != written.c.id,
                other.c.start_at < written.c.end_at,
                other.c.end_at > written.c.start_at,
                or_(
                    other.c.operatory_id.is_(None),
                    written.c.operatory_id.is_(None),
                    other.c.operatory_id == written.c.operatory_id,
                ),
            ),
        )
        .join(blockout_types, blockout_types.c.id == other.c.blockout_type_id)
        .join(locations, locations.c.id == written.c.location_id)
        .where(
            written.c.organization_id == organization_id,
            written.c.id == any_(listed),
            # a pair of written blockouts once: from the one listed first
            not_(func.coalesce(func.array_position(listed, other.c.id) < position, False)),
        )
        .order_by(position, other.c.start_at, other.c.id)
    )
    return await all_as(connection, OverlapRow, statement, {"ids": list(ids)})
