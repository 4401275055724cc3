"""Calendar views: a location's local days with the appointments that start in them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast as typed

from db.loaders import AppointmentRelation
from db.queries.appointments import appointments_starting_between
from db.rows.appointments import ZonedAppointmentRow, ZonedCoreRow
from db.rows.practice import LocationRow
from resolvers.context import RequestContext
from resolvers.wall_clock import current_week_start, local_today
from scheduling.appointment_status import ON_CALENDAR, AppointmentStatus
from scheduling.local_time import LocalDay, local_date_of, local_days, zone_named


@dataclass(frozen=True, slots=True)
class CalendarDayData:
    """One local day of a location's calendar and the appointments that start in it."""

    location: LocationRow
    day: LocalDay
    appointments: Sequence[ZonedCoreRow]


async def calendar_days(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    first_day: date | None,
    count: int,
    statuses: Sequence[AppointmentStatus] | None,
    relations: Collection[AppointmentRelation] = (),
    core_only: bool = False,
) -> list[CalendarDayData] | None:
    """`count` consecutive local days of a location, loaded with one appointment query, and
    the appointments' `relations` loaded ahead (one batch each). `core_only`: the caller reads
    only the appointments' core columns (ZonedCoreRow), so only those are read.

    Without `first_day`: from the location's today (one day) or its current week's Monday.
    """
    location = await ctx.loaders.locations.load(location_id)
    if location is None:
        return None
    zone = zone_named(location.time_zone)
    if first_day is None:
        now = ctx.now  # the request's clock (resolvers/clock.py)
        first_day = local_today(now, zone) if count == 1 else current_week_start(now, zone)
    days = local_days(first_day, count, zone)
    rows = await appointments_starting_between(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        location_id=location_id,
        starts_from=days[0].starts_at,
        starts_before=days[-1].ends_at,
        statuses=list(statuses) if statuses else sorted(ON_CALENDAR),
        core_only=core_only,
    )
    if not core_only:  # the appointments loader's rows are whole rows
        ctx.loaders.prime_appointments(typed(Sequence[ZonedAppointmentRow], rows))
    await ctx.loaders.load_relations(rows, relations)
    by_day: dict[date, list[ZonedCoreRow]] = defaultdict(list)
    for row in rows:
        by_day[local_date_of(row.start_at, zone)].append(row)
    return [
        CalendarDayData(location=location, day=day, appointments=by_day[day.day]) for day in days
    ]
