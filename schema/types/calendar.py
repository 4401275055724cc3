"""Calendar views: days and weeks of a location."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from resolvers.blockouts.reads import in_range as blockouts_in_range
from resolvers.calendar import CalendarDayData
from schema.info import Info
from schema.types.appointment import Appointment
from schema.types.blockouts import Blockout
from schema.types.practice import Location, Operatory
from schema.types.resolved_schedule import ResolvedSchedule, ScheduleNote, day_note, day_schedules


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
    def from_data(cls, data: CalendarDayData, now: datetime) -> CalendarDay:
        """Build from the resolver's day data as of `now` (the request's instant)."""
        return cls(
            date=data.day.day,
            time_zone=data.day.zone.key,
            day_hours=data.day.hours,
            starts_at=data.day.starts_at,
            ends_at=data.day.ends_at,
            location=Location.from_row(data.location),
            appointments=[Appointment.from_row(row, now) for row in data.appointments],
        )

    @strawberry.field(description="The location's active operatories: the calendar's columns.")
    async def operatories(self, info: Info) -> list[Operatory]:
        rows = await info.context.loaders.operatories_by_location.load(self.location.pk)
        return [Operatory.from_row(row) for row in rows]

    @strawberry.field(
        description="Providers with a template or override here this day, by name (one query)."
    )
    async def provider_schedules(self, info: Info) -> list[ResolvedSchedule]:
        return await day_schedules(info, self.location.pk, self.date)

    @strawberry.field(description="The schedule note of this day, if any.")
    async def schedule_note(self, info: Info) -> ScheduleNote | None:
        return await day_note(info, self.location.pk, self.date)

    @strawberry.field(description="Blockouts overlapping this day, in time order.")
    async def blockouts(
        self,
        info: Info,
        include_hidden: Annotated[
            bool, strawberry.argument(description="Also show blockouts of hidden types.")
        ] = False,
    ) -> list[Blockout]:
        # One statement for all days of the request (keyed by location and day range).
        rows = await blockouts_in_range(
            info.context,
            location_id=self.location.pk,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            include_hidden=include_hidden,
        )
        return [Blockout.from_row(row) for row in rows]


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
