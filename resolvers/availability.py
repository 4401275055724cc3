"""Slot search: open times for a type at a location, under the rules booking enforces."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Row

from db.queries import practice as practice_queries
from db.queries.availability import bookings_in_range
from db.queries.blockouts import blockouts_overlapping
from db.queries.schedules import overrides_of_locations, templates_of_locations
from db.schedule_loaders import date_override, weekly_template
from resolvers.context import RequestContext
from resolvers.errors import BadInput, Forbidden, NotFound
from scheduling.local_time import local_day, zone_named
from scheduling.policy import bookable_range
from scheduling.schedules import resolve_schedule
from scheduling.slots import (
    OperatoryAvailability,
    ProviderAvailability,
    Slot,
    SlotRules,
    WorkingPeriod,
    open_slots,
)

MAX_DAYS = 180
STEP = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class SlotSearch:
    """Where, what, with whom and over which local days to look for open slots."""

    location_id: uuid.UUID
    appointment_type_id: uuid.UUID
    provider_ids: tuple[uuid.UUID, ...]  # empty: every provider scheduled at the location
    first_day: date
    last_day: date  # inclusive


@dataclass(frozen=True, slots=True)
class SlotResult:
    """Open slots found and the zone they are read in."""

    slots: list[Slot]
    time_zone: str


async def _type_for(ctx: RequestContext, type_id: uuid.UUID) -> Row[Any]:
    kind = await ctx.loaders.appointment_types.load(type_id)
    if kind is None or kind.archived:
        raise NotFound("No bookable appointment type with this ID", field="appointmentTypeId")
    if ctx.viewer.is_patient and not kind.bookable_online:
        raise Forbidden("This appointment type cannot be booked online", field="appointmentTypeId")
    return kind


async def find_slots(
    ctx: RequestContext, search: SlotSearch, *, limit: int | None
) -> SlotResult | None:
    """Open slots of the search, earliest first; None when the location is unknown.

    Statements per call are constant: location, type, templates, overrides, bookings,
    blockouts and operatories, whatever the range or the number of providers.
    """
    days = (search.last_day - search.first_day).days + 1
    if not 1 <= days <= MAX_DAYS:
        raise BadInput(f"A search covers 1 to {MAX_DAYS} days", field="to")
    org = ctx.viewer.organization_id
    location = await ctx.loaders.locations.load(search.location_id)
    if location is None:
        return None
    kind = await _type_for(ctx, search.appointment_type_id)
    zone = zone_named(location.time_zone)
    window_start = local_day(search.first_day, zone).starts_at
    window_end = local_day(search.last_day, zone).ends_at
    earliest, latest = window_start, window_end
    if ctx.viewer.is_patient:
        # The lead time and booking window bind patients, as in bookAppointment.
        lead_from, window_to = bookable_range(
            datetime.now(UTC), kind.booking_lead_time_hours, kind.booking_window_days
        )
        earliest, latest = max(earliest, lead_from), min(latest, window_to)
    else:
        earliest = max(earliest, datetime.now(UTC))
    if earliest >= latest:
        return SlotResult([], location.time_zone)

    templates = await templates_of_locations(
        ctx.db,
        organization_id=org,
        location_ids=[location.id],
        first_day=search.first_day,
        last_day=search.last_day,
    )
    overrides = await overrides_of_locations(
        ctx.db,
        organization_id=org,
        location_ids=[location.id],
        first_day=search.first_day,
        last_day=search.last_day,
    )
    wanted = set(search.provider_ids) or {row.provider_id for row in templates}
    template_list = [weekly_template(row) for row in templates if row.provider_id in wanted]
    override_list = [date_override(row) for row in overrides if row.provider_id in wanted]
    periods: dict[uuid.UUID, list[WorkingPeriod]] = defaultdict(list)
    for offset in range(days):
        day = search.first_day + timedelta(days=offset)
        for period in resolve_schedule(template_list, override_list, day, zone):
            periods[period.provider_id].append(
                WorkingPeriod(period.start_at, period.end_at, period.operatory_id)
            )

    provider_order = list(search.provider_ids) or sorted(wanted, key=str)
    bookings = await bookings_in_range(
        ctx.db,
        organization_id=org,
        location_id=location.id,
        provider_ids=provider_order,
        start_at=earliest,
        end_at=latest,
    )
    blocked = await blockouts_overlapping(
        ctx.db,
        organization_id=org,
        location_ids=[location.id],
        starts_before=latest,
        ends_after=earliest,
    )
    operatory_rows = await practice_queries.operatories_of_locations(
        ctx.db, organization_id=org, location_ids=[location.id]
    )
    location_wide = [
        (b.start_at, b.end_at) for b in blocked if b.type_no_schedule and b.operatory_id is None
    ]
    operatories = [
        OperatoryAvailability(
            row.id,
            busy=[(b.start_at, b.end_at) for b in bookings if b.operatory_id == row.id]
            + [
                (b.start_at, b.end_at)
                for b in blocked
                if b.type_no_schedule and b.operatory_id == row.id
            ]
            + location_wide,
        )
        for row in operatory_rows
    ]
    providers = [
        ProviderAvailability(
            provider_id,
            periods=sorted(periods.get(provider_id, []), key=lambda p: p.start_at),
            busy=[(b.start_at, b.end_at) for b in bookings if provider_id in b.provider_ids],
        )
        for provider_id in provider_order
    ]
    rules = SlotRules(timedelta(minutes=kind.duration_minutes), STEP, earliest, latest)
    return SlotResult(open_slots(providers, operatories, rules, limit=limit), location.time_zone)
