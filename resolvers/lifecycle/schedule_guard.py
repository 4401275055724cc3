"""The schedule rule of booking: the primary provider works for the whole appointment."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.schedules import provider_schedule_rows
from db.rows.practice import LocationRow
from db.rows.schedules import OverrideRow, TemplateRow
from db.schedule_loaders import date_override, weekly_template
from db.shapes import one_as
from db.tables import locations, operatories
from scheduling.conflicts import Booking, Conflict, ConflictReason
from scheduling.local_time import local_date_of, zone_named
from scheduling.schedules import covering_period, resolve_schedule


class ScheduleReads(Protocol):
    """Where the schedule rule reads from: the transaction (DirectScheduleReads), or what an
    import preloaded for all its rows (resolvers/lifecycle/booking_reads.py)."""

    async def site_of(self, operatory_id: uuid.UUID) -> LocationRow:
        """The location of the operatory."""
        ...

    async def schedule_rows(
        self, provider_id: uuid.UUID, location_id: uuid.UUID, first_day: date, last_day: date
    ) -> tuple[Sequence[TemplateRow], Sequence[OverrideRow]]:
        """The provider's templates at the location (any dates) and overrides on these days."""
        ...


class DirectScheduleReads:
    """The schedule rule's reads, one statement each, in the booking's transaction."""

    def __init__(self, connection: AsyncConnection, organization_id: uuid.UUID) -> None:
        self.connection = connection
        self.organization_id = organization_id

    async def site_of(self, operatory_id: uuid.UUID) -> LocationRow:
        return await one_as(
            self.connection,
            LocationRow,
            select(locations)
            .join(operatories, operatories.c.location_id == locations.c.id)
            .where(operatories.c.id == operatory_id),
        )

    async def schedule_rows(
        self, provider_id: uuid.UUID, location_id: uuid.UUID, first_day: date, last_day: date
    ) -> tuple[Sequence[TemplateRow], Sequence[OverrideRow]]:
        return await provider_schedule_rows(
            self.connection,
            organization_id=self.organization_id,
            provider_id=provider_id,
            location_id=location_id,
            first_day=first_day,
            last_day=last_day,
        )


async def schedule_conflicts(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    candidate: Booking,
    reads: ScheduleReads | None = None,
) -> list[Conflict]:
    """OUTSIDE_SCHEDULE unless one working period of the primary provider covers the booking.

    The period must be at the operatory's location and cover the booking in its operatory
    (scheduling.schedules.covering_period, the rule slot search offers by). A provider with no
    schedule template at the location at all is not restricted there (practices that do not
    keep schedules can still book); slot search offers no times for such a provider.
    """
    provider_id = candidate.primary_provider_id
    if provider_id is None:
        return []
    reads = reads or DirectScheduleReads(connection, organization_id)
    site = await reads.site_of(candidate.operatory_id)
    zone = zone_named(site.time_zone)
    first_day = local_date_of(candidate.start_at, zone)
    last_day = local_date_of(candidate.end_at - timedelta(microseconds=1), zone)
    template_rows, override_rows = await reads.schedule_rows(
        provider_id, site.id, first_day, last_day
    )
    if not template_rows:
        return []
    template_list = [weekly_template(row) for row in template_rows]
    override_list = [date_override(row) for row in override_rows]
    day = first_day
    while day <= last_day:
        periods = resolve_schedule(template_list, override_list, day, zone)
        covered = covering_period(
            periods, candidate.start_at, candidate.end_at, candidate.operatory_id
        )
        if covered is not None:
            return []
        day += timedelta(days=1)
    return [Conflict(ConflictReason.OUTSIDE_SCHEDULE, provider_id=provider_id)]
