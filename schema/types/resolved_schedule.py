"""A provider's resolved day: the working periods that templates or an override give."""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID

import strawberry

from resolvers.schedules import read
from resolvers.schedules.read import ResolvedDay
from scheduling.schedules import DateOverride, WeeklyTemplate, WorkingPeriod
from schema.info import Info
from schema.types.practice import Location, Operatory, Provider
from schema.types.schedules import ProviderScheduleOverride, ProviderScheduleTemplate, ScheduleNote


@strawberry.type(description="A stretch of time a provider works, half-open [startsAt, endsAt).")
class SchedulePeriod:
    starts_at: datetime = strawberry.field(description="When the period starts (an instant).")
    ends_at: datetime = strawberry.field(description="When it ends (exclusive).")
    local_start_time: time = strawberry.field(
        description="Local start; a start inside a spring-forward gap reads as the gap's end."
    )
    local_end_time: time = strawberry.field(description="Local end in the location's zone.")
    location_id: strawberry.Private[UUID]
    operatory_id: strawberry.Private[UUID | None]
    template_id: strawberry.Private[UUID | None]

    @classmethod
    def from_period(cls, period: WorkingPeriod) -> SchedulePeriod:
        """Build from a resolved working period."""
        source = period.source
        return cls(
            starts_at=period.start_at,
            ends_at=period.end_at,
            local_start_time=period.local_start,
            local_end_time=period.local_end,
            location_id=period.location_id,
            operatory_id=period.operatory_id,
            template_id=source.template_id if isinstance(source, WeeklyTemplate) else None,
        )

    @strawberry.field(description="The operatory the provider works in; null: not fixed.")
    async def operatory(self, info: Info) -> Operatory | None:
        if self.operatory_id is None:
            return None
        row = await info.context.loaders.operatory_at(self.location_id, self.operatory_id)
        return Operatory.from_row(row) if row is not None else None

    @strawberry.field(description="The weekly template it comes from; null for an override.")
    async def template(self, info: Info) -> ProviderScheduleTemplate | None:
        if self.template_id is None:
            return None
        row = await info.context.loaders.schedules.templates.load(self.template_id)
        return ProviderScheduleTemplate.from_row(row) if row is not None else None


@strawberry.type(description="One provider's working hours at a location on one local date.")
class ResolvedSchedule:
    provider: Provider = strawberry.field(description="Whose schedule it is.")
    date: date = strawberry.field(description="The local date.")
    time_zone: str = strawberry.field(description="IANA time zone of the location.")
    is_override: bool = strawberry.field(
        description="True when a date override decides the day instead of the weekly templates."
    )
    periods: list[SchedulePeriod] = strawberry.field(
        description="Working periods in start order; empty when the provider is off."
    )
    reason: str | None = strawberry.field(description="The override's reason, if any.")
    note: str | None = strawberry.field(description="The override's note, if any.")
    location_id: strawberry.Private[UUID]
    override_id: strawberry.Private[UUID | None]

    @classmethod
    def from_day(cls, resolved: ResolvedDay) -> ResolvedSchedule:
        """Build from a resolved provider day."""
        day = resolved.schedule
        override: DateOverride | None = day.override
        return cls(
            provider=Provider.from_row(resolved.provider),
            date=day.day,
            time_zone=resolved.time_zone,
            is_override=day.is_override,
            periods=[SchedulePeriod.from_period(period) for period in day.periods],
            reason=override.reason if override else None,
            note=override.note if override else None,
            location_id=day.location_id,
            override_id=override.override_id if override else None,
        )

    @strawberry.field(description="The location the hours are at.")
    async def location(self, info: Info) -> Location:
        row = await info.context.loaders.locations.load(self.location_id)
        assert row is not None, "a resolved schedule belongs to a known location"
        return Location.from_row(row)

    @strawberry.field(description="The date override that decides the day, if any.")
    async def override(self, info: Info) -> ProviderScheduleOverride | None:
        if self.override_id is None:
            return None
        row = await info.context.loaders.schedules.overrides.load(self.override_id)
        return ProviderScheduleOverride.from_row(row) if row is not None else None


async def day_schedules(info: Info, location_id: UUID, day: date) -> list[ResolvedSchedule]:
    """Every provider's resolved day at a location, for calendar days (batched per request)."""
    days = await read.location_day(info.context, location_id=location_id, day=day)
    return [ResolvedSchedule.from_day(resolved) for resolved in days or ()]


async def day_note(info: Info, location_id: UUID, day: date) -> ScheduleNote | None:
    """The schedule note of a location's day, for calendar days (batched per request)."""
    rows = await info.context.loaders.schedules.notes_by_day.load((location_id, day))
    return ScheduleNote.from_row(rows[0]) if rows else None
