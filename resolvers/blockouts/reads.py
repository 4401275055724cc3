"""Reads of blockouts, their types and templates; none of it is for patients."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db.queries import blockouts as queries
from db.queries.blockouts import TemplateFilter
from db.rows.blockouts import BlockoutTemplateRow, BlockoutTypeRow, TypedBlockoutRow
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import BadInput
from resolvers.pages import Page, page_of, page_request
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


async def blockout_templates(
    ctx: RequestContext, where: TemplateFilter
) -> list[BlockoutTemplateRow]:
    """The organization's blockout templates the filter keeps, in display order."""
    return await queries.all_templates(
        ctx.db, organization_id=ctx.viewer.organization_id, where=where
    )


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


BLOCKOUTS = CursorList("blockouts", tuple(key.kind for key in queries.BLOCKOUT_ORDER))


@dataclass(frozen=True, slots=True)
class BlockoutRange:
    """blockouts' arguments: a location's local days first..last, hidden types or not."""

    location_id: uuid.UUID
    first: date
    last: date
    include_hidden: bool


async def _span(ctx: RequestContext, where: BlockoutRange) -> tuple[datetime, datetime] | None:
    """The range's instants in the location's zone; None for an unknown location."""
    if where.last < where.first:
        raise BadInput("to must not be before from", field="to")
    if (where.last - where.first).days >= MAX_DAYS:
        raise BadInput(f"At most {MAX_DAYS} days at a time", field="to")
    location = await ctx.loaders.locations.load(where.location_id)
    if location is None:
        return None
    zone = zone_named(location.time_zone)
    return (
        start_of_local_day(where.first, zone),
        start_of_local_day(where.last + timedelta(days=1), zone),
    )


async def blockout_page(
    ctx: RequestContext, where: BlockoutRange, *, first: int, after: str | None
) -> Page[TypedBlockoutRow]:
    """A page of the location's blockouts overlapping the local days; empty for an unknown
    location."""
    request = page_request(first, after, BLOCKOUTS)
    span = await _span(ctx, where)
    rows: Sequence[TypedBlockoutRow] = []
    if span is not None:
        rows = await queries.blockout_page(
            ctx.db,
            organization_id=ctx.viewer.organization_id,
            location_id=where.location_id,
            span=span,
            include_hidden=where.include_hidden,
            after=request.after,
            limit=request.limit,
        )
    return page_of(rows, request, BLOCKOUTS, lambda row: (row.start_at, row.end_at, row.id))


async def blockout_count(ctx: RequestContext, where: BlockoutRange) -> int:
    """How many blockouts blockout_page pages through."""
    span = await _span(ctx, where)
    if span is None:
        return 0
    return await queries.count_blockouts(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        location_id=where.location_id,
        span=span,
        include_hidden=where.include_hidden,
    )
