"""The month view: per local day of a location, counts and production aggregated in SQL."""

from __future__ import annotations

import calendar
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from db.queries import calendar_month as queries
from db.rows.practice import LocationRow
from resolvers.context import RequestContext
from resolvers.errors import BadInput
from resolvers.wall_clock import local_today
from scheduling.appointment_status import AppointmentStatus
from scheduling.local_time import LocalDay, local_days, zone_named
from scheduling.production import (
    COMPLETED_PRODUCTION,
    LOST_PRODUCTION,
    SCHEDULED_PRODUCTION,
    money,
)

MONTH = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR, LAST_YEAR = 1900, 2999
# The month view's production buckets, named as MonthDayData's fields.
BUCKETS = (
    ("scheduled", SCHEDULED_PRODUCTION),
    ("completed", COMPLETED_PRODUCTION),
    ("lost", LOST_PRODUCTION),
)


def parse_month(text: str) -> date:
    """The first day of a YYYY-MM month, or BadInput naming the `month` argument."""
    match = MONTH.fullmatch(text)
    year, month = (int(part) for part in match.groups()) if match else (0, 0)
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise BadInput(
            f"month must be YYYY-MM between {FIRST_YEAR}-01 and {LAST_YEAR}-12, e.g. 2026-11;"
            f" got {text!r}",
            field="month",
        )
    return date(year, month, 1)


@dataclass(slots=True)
class MonthDayData:
    """One local day of the month: appointments per status and production in three buckets."""

    day: LocalDay
    counts: Counter[AppointmentStatus] = field(default_factory=Counter)
    scheduled: Decimal = Decimal("0.00")
    completed: Decimal = Decimal("0.00")
    lost: Decimal = Decimal("0.00")
    goal: Decimal = Decimal("0.00")
    has_blockout: bool = False
    is_holiday: bool = False


@dataclass(frozen=True, slots=True)
class MonthData:
    """A location's month: its days in order."""

    location: LocationRow
    month: str
    days: list[MonthDayData]


async def calendar_month(
    ctx: RequestContext, *, location_id: uuid.UUID, month: str | None
) -> MonthData | None:
    """Every local day of `month` (default: the location's current month) at the location;
    None if the location is unknown."""
    asked = parse_month(month) if month is not None else None
    location = await ctx.loaders.locations.load(location_id)
    if location is None:
        return None
    zone = zone_named(location.time_zone)
    first_day = asked if asked is not None else local_today(ctx.now, zone).replace(day=1)
    count = calendar.monthrange(first_day.year, first_day.month)[1]
    days = [MonthDayData(day=day) for day in local_days(first_day, count, zone)]
    by_date = {data.day.day: data for data in days}
    org = ctx.viewer.organization_id
    booked = await queries.appointment_day_totals(
        ctx.db,
        organization_id=org,
        location_id=location_id,
        time_zone=zone.key,
        starts_from=days[0].day.starts_at,
        starts_before=days[-1].day.ends_at,
    )
    amounts: defaultdict[tuple[date, str], Decimal] = defaultdict(Decimal)
    for row in booked:
        status = AppointmentStatus(row.status)
        by_date[row.day].counts[status] += row.appointments
        for bucket, statuses in BUCKETS:
            if status in statuses:
                amounts[row.day, bucket] += row.production
    targets = await queries.goal_day_totals(
        ctx.db,
        organization_id=org,
        location_id=location_id,
        first_day=first_day,
        last_day=days[-1].day.day,
    )
    for target in targets:
        by_date[target.day].goal = money(target.goal)
    flags = await queries.blockout_day_flags(
        ctx.db, organization_id=org, location_id=location_id, days=[data.day for data in days]
    )
    for flag in flags:
        by_date[flag.day].has_blockout = flag.has_blockout
        by_date[flag.day].is_holiday = flag.is_holiday
    for data in days:
        data.scheduled = money(amounts[data.day.day, "scheduled"])
        data.completed = money(amounts[data.day.day, "completed"])
        data.lost = money(amounts[data.day.day, "lost"])
    return MonthData(location=location, month=first_day.strftime("%Y-%m"), days=days)
