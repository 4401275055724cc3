"""updateBlockout's scope: which blockouts of a recurrence group a change reaches, and where
a changed date and times put each of them."""

from __future__ import annotations

import enum
import uuid
from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.rows.blockouts import BlockoutRow
from db.shapes import all_as
from db.tables import blockouts
from resolvers.blockouts.common import LocalSpan


class BlockoutScope(enum.StrEnum):
    """Which blockouts of its recurrence group a change to one reaches."""

    THIS = "THIS"
    THIS_AND_FOLLOWING = "THIS_AND_FOLLOWING"
    ALL = "ALL"


async def others_in_scope(
    connection: AsyncConnection, org: uuid.UUID, row: BlockoutRow, scope: BlockoutScope
) -> list[BlockoutRow]:
    """The other blockouts of the row's recurrence group the scope reaches, locked, in time
    order; none for THIS or a blockout never repeated."""
    if scope is BlockoutScope.THIS or row.recurrence_id is None:
        return []
    statement = select(blockouts).where(
        blockouts.c.organization_id == org,
        blockouts.c.recurrence_id == row.recurrence_id,
        blockouts.c.id != row.id,
    )
    if scope is BlockoutScope.THIS_AND_FOLLOWING:
        statement = statement.where(blockouts.c.start_at >= row.start_at)
    statement = statement.order_by(blockouts.c.start_at, blockouts.c.id).with_for_update()
    return await all_as(connection, BlockoutRow, statement)


def span_for(
    span: LocalSpan, changed: BlockoutRow, member: BlockoutRow, zone: ZoneInfo
) -> LocalSpan:
    """The new local span of a member of the changed blockout's group: the new times, on its
    own local date moved by as many days as the changed blockout's date moves."""
    moved = span.day - changed.start_at.astimezone(zone).date()
    return replace(span, day=member.start_at.astimezone(zone).date() + moved)
