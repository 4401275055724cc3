"""Reads of blockouts, their types and templates; none of it is for patients."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from db.queries import blockouts as queries
from db.rows.blockouts import BlockoutTemplateRow, BlockoutTypeRow, TypedBlockoutRow
from resolvers.context import RequestContext
from resolvers.errors import BadInput
from scheduling.local_time import start_of_local_day, zone_named

MAX_DAYS = 366


async def blockout_types(
    ctx: RequestContext, *, include_hidden: bool, include_inactive: bool
) -> list[BlockoutTypeRow]:
    """The organization's blockout types in display order."""
    return await queries.all_blockout_types(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        include_hidden=include_hidden,
        include_inactive=include_inactive,
    )


async def blockout_templates(ctx: RequestContext) -> list[BlockoutTemplateRow]:
    """The organization's blockout templates by name."""
    return await queries.all_templates(ctx.db, organization_id=ctx.viewer.organization_id)


async def in_range(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    include_hidden: bool,
) -> list[TypedBlockoutRow]:
    """A location's blockouts overlapping [starts_at, ends_at), batched per request."""
    rows = await ctx.loaders.blockouts.in_range.load((location_id, starts_at, ends_at))
    return [row for row in rows if include_hidden or not row.type_hidden]


async def blockouts_between(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    first: date,
    last: date,
    include_hidden: bool,
) -> list[TypedBlockoutRow]:
    """A location's blockouts overlapping local days first..last; none for an unknown location."""
    if last < first:
        raise BadInput("to must not be before from", field="to")
    if (last - first).days >= MAX_DAYS:
        raise BadInput(f"At most {MAX_DAYS} days at a time", field="to")
    location = await ctx.loaders.locations.load(location_id)
    if location is None:
        return []
    zone = zone_named(location.time_zone)
    return await in_range(
        ctx,
        location_id=location_id,
        starts_at=start_of_local_day(first, zone),
        ends_at=start_of_local_day(last + timedelta(days=1), zone),
        include_hidden=include_hidden,
    )
