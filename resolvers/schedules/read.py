"""Reads of schedules: resolved provider days, templates, notes and overlap rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from db.queries import schedules as schedule_queries
from db.rows.practice import ProviderRow
from db.rows.schedules import OverlapRuleRow, OverrideRow, ScheduleNoteRow, TemplateRow
from resolvers.catalogs.report import check_report_range
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import BadInput
from resolvers.known_ids import ensure_location, ensure_provider
from resolvers.pages import Page, page_of, page_request
from scheduling.schedules import ProviderDay

MAX_NOTE_RANGE_DAYS = 366


@dataclass(frozen=True, slots=True)
class ResolvedDay:
    """A provider's resolved day with the rows a response shows of it."""

    schedule: ProviderDay
    provider: ProviderRow
    time_zone: str


async def _with_providers(
    ctx: RequestContext, days: Sequence[ProviderDay], time_zone: str
) -> list[ResolvedDay]:
    """The days with their provider rows, by provider last and first name."""
    providers = await ctx.loaders.providers.load_many([day.provider_id for day in days])
    resolved = [
        ResolvedDay(day, provider, time_zone)
        for day, provider in zip(days, providers, strict=True)
        if provider is not None
    ]
    return sorted(
        resolved,
        key=lambda r: (r.provider.last_name, r.provider.first_name, str(r.provider.id)),
    )


async def location_day(
    ctx: RequestContext, *, location_id: uuid.UUID, day: date
) -> list[ResolvedDay] | None:
    """Every provider with a template or override at the location that day; None if unknown."""
    location = await ctx.loaders.locations.load(location_id)
    if location is None:
        return None
    days = await ctx.loaders.schedules.provider_days.load((location_id, day))
    return await _with_providers(ctx, days, location.time_zone)


async def provider_day(
    ctx: RequestContext, *, provider_id: uuid.UUID, location_id: uuid.UUID, day: date
) -> ResolvedDay | None:
    """One provider's day at a location (no periods when off); None if either is unknown."""
    location = await ctx.loaders.locations.load(location_id)
    provider = await ctx.loaders.providers.load(provider_id)
    if location is None or provider is None:
        return None
    days = await ctx.loaders.schedules.provider_days.load((location_id, day))
    found = next((d for d in days if d.provider_id == provider_id), None)
    schedule = found or ProviderDay(provider_id, location_id, day, None, ())
    return ResolvedDay(schedule, provider, location.time_zone)


async def templates(
    ctx: RequestContext, *, location_id: uuid.UUID, provider_id: uuid.UUID | None
) -> list[TemplateRow]:
    """A location's weekly templates (of one provider, when given)."""
    return await schedule_queries.templates_of(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        location_id=location_id,
        provider_id=provider_id,
    )


async def notes(
    ctx: RequestContext, *, location_id: uuid.UUID, first_day: date, last_day: date
) -> list[ScheduleNoteRow]:
    """A location's schedule notes from first_day to last_day (inclusive), by date."""
    if last_day < first_day:
        raise BadInput("`to` must not be before `from`", field="to")
    if last_day - first_day >= timedelta(days=MAX_NOTE_RANGE_DAYS):
        raise BadInput(f"At most {MAX_NOTE_RANGE_DAYS} days at a time", field="to")
    return await schedule_queries.notes_of_locations(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        location_ids=[location_id],
        first_day=first_day,
        last_day=last_day,
    )


async def overlap_rules(
    ctx: RequestContext, *, location_id: uuid.UUID | None
) -> list[OverlapRuleRow]:
    """Overlap rules in effect at a location (its own and org-wide), or all of them."""
    return await schedule_queries.overlap_rules_of(
        ctx.db, organization_id=ctx.viewer.organization_id, location_id=location_id
    )


OVERRIDES = CursorList(
    "scheduleOverrides", tuple(key.kind for key in schedule_queries.OVERRIDE_ORDER)
)


async def override_page(
    ctx: RequestContext, where: schedule_queries.OverrideFilter, *, first: int, after: str | None
) -> Page[OverrideRow]:
    """A page of the overrides in the range (of a location and/or provider), by date then id;
    NOT_FOUND for an unknown location or provider, BAD_USER_INPUT for a bad range."""
    check_report_range(where.first_day, where.last_day)
    request = page_request(first, after, OVERRIDES)
    await ensure_location(ctx, where.location_id)
    await ensure_provider(ctx, where.provider_id)
    rows = await schedule_queries.list_overrides(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        where=where,
        after=request.after,
        limit=request.limit,
    )
    return page_of(rows, request, OVERRIDES, lambda row: (row.override_date, row.id))


async def override_count(ctx: RequestContext, where: schedule_queries.OverrideFilter) -> int:
    """How many overrides override_page pages through."""
    return await schedule_queries.count_overrides(
        ctx.db, organization_id=ctx.viewer.organization_id, where=where
    )
