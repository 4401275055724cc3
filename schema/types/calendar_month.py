"""The month view: one summary per local day, no appointment details."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import CALENDAR_READERS
from resolvers.calendar_month import MonthData, MonthDayData, calendar_month
from resolvers.ids import decode_id
from scheduling.appointment_status import ON_CALENDAR, AppointmentStatus
from scheduling.production import money
from schema.info import Info
from schema.types.practice import Location

S = AppointmentStatus


@strawberry.type(description="How many appointments of each status start in a period.")
class AppointmentCounts:
    hold: int = strawberry.field(description="Live holds (a lapsed hold counts as EXPIRED).")
    planned: int = strawberry.field(description="Planned appointments.")
    scheduled: int = strawberry.field(description="Scheduled appointments.")
    complete: int = strawberry.field(description="Completed appointments.")
    broken: int = strawberry.field(description="Broken appointments (no-shows).")
    cancelled: int = strawberry.field(description="Cancelled appointments.")
    unscheduled: int = strawberry.field(description="Appointments waiting for a new time.")
    pinboard: int = strawberry.field(description="Appointments parked on the pinboard.")
    expired: int = strawberry.field(description="Holds that lapsed unconfirmed.")
    on_calendar: int = strawberry.field(
        description="Those a calendar shows by default: hold, planned, scheduled, complete, broken."
    )
    total: int = strawberry.field(description="All appointments, whatever their status.")

    @classmethod
    def from_counter(cls, counts: Counter[AppointmentStatus]) -> AppointmentCounts:
        """Build from counts per status."""
        return cls(
            hold=counts[S.HOLD],
            planned=counts[S.PLANNED],
            scheduled=counts[S.SCHEDULED],
            complete=counts[S.COMPLETE],
            broken=counts[S.BROKEN],
            cancelled=counts[S.CANCELLED],
            unscheduled=counts[S.UNSCHEDULED],
            pinboard=counts[S.PINBOARD],
            expired=counts[S.EXPIRED],
            on_calendar=sum(counts[status] for status in ON_CALENDAR),
            total=sum(counts.values()),
        )


PRODUCTION_HELP = (
    "Production is the sum of appointments' productionAmount: scheduled counts PLANNED and "
    "SCHEDULED, completed counts COMPLETE, lost counts BROKEN and CANCELLED."
)


@strawberry.type(description=f"One local day of a location's month. {PRODUCTION_HELP}")
class CalendarMonthDay:
    date: date = strawberry.field(description="The local calendar date.")
    day_hours: int = strawberry.field(
        description="Hours in this local day: 23 on spring-forward, 25 on fall-back, else 24."
    )
    appointment_counts: AppointmentCounts = strawberry.field(
        description="Appointments starting on this local day, per status."
    )
    scheduled_production: Decimal = strawberry.field(description="Production still expected.")
    completed_production: Decimal = strawberry.field(description="Production of completed visits.")
    lost_production: Decimal = strawberry.field(description="Production of broken and cancelled.")
    production_goal: Decimal = strawberry.field(
        description="The sum of the providers' production goals at the location on this date."
    )
    has_blockout: bool = strawberry.field(
        description="Whether a blockout of a type that is not hidden overlaps this local day."
    )
    is_holiday: bool = strawberry.field(
        description=(
            "Whether the location is closed all day: one blockout of a no-schedule type for "
            "the whole location (no operatory) covers the entire local day."
        )
    )

    @classmethod
    def from_data(cls, data: MonthDayData) -> CalendarMonthDay:
        """Build from the resolver's day data."""
        return cls(
            date=data.day.day,
            day_hours=data.day.hours,
            appointment_counts=AppointmentCounts.from_counter(data.counts),
            scheduled_production=data.scheduled,
            completed_production=data.completed,
            lost_production=data.lost,
            production_goal=data.goal,
            has_blockout=data.has_blockout,
            is_holiday=data.is_holiday,
        )


@strawberry.type(description=f"Every local day of one month at a location. {PRODUCTION_HELP}")
class CalendarMonth:
    month: str = strawberry.field(description="The month, YYYY-MM.")
    time_zone: str = strawberry.field(description="IANA time zone the days are read in.")
    location: Location = strawberry.field(description="The location shown.")
    days: list[CalendarMonthDay] = strawberry.field(description="One summary per day, in order.")
    appointment_counts: AppointmentCounts = strawberry.field(
        description="Appointments starting in the month, per status."
    )
    scheduled_production: Decimal = strawberry.field(
        description="Expected production in the month."
    )
    completed_production: Decimal = strawberry.field(
        description="Completed production in the month."
    )
    lost_production: Decimal = strawberry.field(description="Lost production in the month.")
    production_goal: Decimal = strawberry.field(description="Production goals in the month.")

    @classmethod
    def from_data(cls, data: MonthData) -> CalendarMonth:
        """Build from the resolver's month data."""
        days = [CalendarMonthDay.from_data(day) for day in data.days]
        counts: Counter[AppointmentStatus] = Counter()
        for day in data.days:
            counts.update(day.counts)

        def total(values: Iterable[Decimal]) -> Decimal:
            return money(sum(values, Decimal(0)))

        return cls(
            month=data.month,
            time_zone=data.days[0].day.zone.key,
            location=Location.from_row(data.location),
            days=days,
            appointment_counts=AppointmentCounts.from_counter(counts),
            scheduled_production=total(day.scheduled for day in data.days),
            completed_production=total(day.completed for day in data.days),
            lost_production=total(day.lost for day in data.days),
            production_goal=total(day.goal for day in data.days),
        )


async def resolve_calendar_month(
    info: Info,
    location_id: Annotated[GlobalID, strawberry.argument(description="The location to show.")],
    month: Annotated[
        str | None,
        strawberry.argument(
            description="The month as YYYY-MM, e.g. 2026-11; default: the current month in the "
            "location's zone."
        ),
    ] = None,
) -> CalendarMonth | None:
    """The month view of a location."""
    data = await calendar_month(
        info.context,
        location_id=decode_id(location_id, "Location", field="locationId"),
        month=month,
    )
    return CalendarMonth.from_data(data) if data is not None else None


calendar_month_field = strawberry.field(
    metadata=CALENDAR_READERS,
    resolver=resolve_calendar_month,
    description=(
        "A summary of every local day of a month at a location (counts per status, production, "
        "goals), aggregated in the database without loading appointments; null if the location "
        "is unknown."
    ),
)
