"""Calendar views: days and weeks of a location."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from resolvers.calendar import CalendarDayData
from resolvers.context import RequestContext
from schema.types.appointment import Appointment
from schema.types.practice import Location, Operatory

Info = strawberry.Info[RequestContext, None]


@strawberry.type(description="One local day of a location's calendar.")
class CalendarDay:
    date: date = strawberry.field(description="The local calendar date.")
    time_zone: str = strawberry.field(description="IANA time zone the day is read in.")
    day_hours: int = strawberry.field(
        description="Hours in this local day: 23 on spring-forward, 25 on fall-back, else 24."
    )
    starts_at: datetime = strawberry.field(description="First instant of the local day.")
    ends_at: datetime = strawberry.field(description="First instant of the next local day.")
    location: Location = strawberry.field(description="The location shown.")
    appointments: list[Appointment] = strawberry.field(
        description="Appointments that start on this day, in start order."
    )

    @classmethod
    def from_data(cls, data: CalendarDayData) -> CalendarDay:
        """Build from the resolver's day data."""
        return cls(
            date=data.day.day,
            time_zone=data.day.zone.key,
            day_hours=data.day.hours,
            starts_at=data.day.starts_at,
            ends_at=data.day.ends_at,
            location=Location.from_row(data.location),
            appointments=[Appointment.from_row(row) for row in data.appointments],
        )

    @strawberry.field(description="The location's active operatories: the calendar's columns.")
    async def operatories(self, info: Info) -> list[Operatory]:
        rows = await info.context.loaders.operatories_by_location.load(self.location.pk)
        return [Operatory.from_row(row) for row in rows]


@strawberry.type(description="Seven consecutive local days of a location's calendar.")
class CalendarWeek:
    week_start: date = strawberry.field(description="The first local date of the week.")
    time_zone: str = strawberry.field(description="IANA time zone the days are read in.")
    location: Location = strawberry.field(description="The location shown.")
    days: list[CalendarDay] = strawberry.field(description="The seven days, in order.")

    @strawberry.field(description="The location's active operatories: the calendar's columns.")
    async def operatories(self, info: Info) -> list[Operatory]:
        rows = await info.context.loaders.operatories_by_location.load(self.location.pk)
        return [Operatory.from_row(row) for row in rows]
