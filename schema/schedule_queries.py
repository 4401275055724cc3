"""Root query fields of schedules, assigned to Query one line each."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from db.queries.schedules import OverrideFilter
from resolvers.access import SCHEDULE_READERS
from resolvers.catalogs.report import MAX_REPORT_DAYS
from resolvers.ids import decode_id, decode_optional_id
from resolvers.schedules import read
from schema.info import Info
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.resolved_schedule import ResolvedSchedule
from schema.types.schedules import (
    AppointmentTypeOverlapRule,
    ProviderScheduleOverride,
    ProviderScheduleTemplate,
    ScheduleNote,
)

LocationArg = Annotated[GlobalID, strawberry.argument(description="The location.")]
DateArg = Annotated[date, strawberry.argument(description="The local date.")]


async def resolve_provider_schedule(
    info: Info,
    provider_id: Annotated[GlobalID, strawberry.argument(description="The provider.")],
    location_id: LocationArg,
    date: DateArg,
) -> ResolvedSchedule | None:
    """One provider's resolved day."""
    resolved = await read.provider_day(
        info.context,
        provider_id=decode_id(provider_id, "Provider", field="providerId"),
        location_id=decode_id(location_id, "Location", field="locationId"),
        day=date,
    )
    return ResolvedSchedule.from_day(resolved) if resolved is not None else None


async def resolve_location_schedules(
    info: Info, location_id: LocationArg, date: DateArg
) -> list[ResolvedSchedule] | None:
    """Every provider's resolved day at a location."""
    days = await read.location_day(
        info.context, location_id=decode_id(location_id, "Location", field="locationId"), day=date
    )
    return [ResolvedSchedule.from_day(day) for day in days] if days is not None else None


async def resolve_schedule_templates(
    info: Info,
    location_id: LocationArg,
    provider_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only this provider's templates.")
    ] = None,
) -> list[ProviderScheduleTemplate]:
    """A location's weekly templates."""
    rows = await read.templates(
        info.context,
        location_id=decode_id(location_id, "Location", field="locationId"),
        provider_id=decode_id(provider_id, "Provider", field="providerId") if provider_id else None,
    )
    return [ProviderScheduleTemplate.from_row(row) for row in rows]


async def resolve_schedule_notes(
    info: Info,
    location_id: LocationArg,
    from_: Annotated[date, strawberry.argument(name="from", description="First local date.")],
    to: Annotated[date, strawberry.argument(description="Last local date (inclusive).")],
) -> list[ScheduleNote]:
    """A location's schedule notes in a date range."""
    rows = await read.notes(
        info.context,
        location_id=decode_id(location_id, "Location", field="locationId"),
        first_day=from_,
        last_day=to,
    )
    return [ScheduleNote.from_row(row) for row in rows]


async def resolve_overlap_rules(
    info: Info,
    location_id: Annotated[
        GlobalID | None,
        strawberry.argument(description="Only rules in effect here (its own and org-wide)."),
    ] = None,
) -> list[AppointmentTypeOverlapRule]:
    """The organization's appointment type overlap rules."""
    rows = await read.overlap_rules(
        info.context,
        location_id=decode_id(location_id, "Location", field="locationId") if location_id else None,
    )
    return [AppointmentTypeOverlapRule.from_row(row) for row in rows]


provider_schedule_field = strawberry.field(
    metadata=SCHEDULE_READERS,
    resolver=resolve_provider_schedule,
    description=(
        "A provider's working periods at a location on a local date, from the weekly templates "
        "or that date's override; null if the provider or location is unknown."
    ),
)
location_schedules_field = strawberry.field(
    metadata=SCHEDULE_READERS,
    resolver=resolve_location_schedules,
    description=(
        "Every provider with a template or override at the location on a local date, by name; "
        "null if the location is unknown."
    ),
)
schedule_templates_field = strawberry.field(
    metadata=SCHEDULE_READERS,
    resolver=resolve_schedule_templates,
    description="A location's weekly schedule templates by provider, weekday and time.",
)
schedule_notes_field = strawberry.field(
    metadata=SCHEDULE_READERS,
    resolver=resolve_schedule_notes,
    description="A location's schedule notes from `from` to `to` (at most 366 days), by date.",
)
appointment_type_overlap_rules_field = strawberry.field(
    metadata=SCHEDULE_READERS,
    resolver=resolve_overlap_rules,
    description="Which appointment types may overlap in the schedule.",
)


@strawberry.type(description="A page of schedule overrides by date, then id.")
class ProviderScheduleOverrideConnection(CountedConnection[ProviderScheduleOverride]):
    pass


async def resolve_schedule_overrides(
    info: Info,
    from_: Annotated[date, strawberry.argument(name="from", description="First local date.")],
    to: Annotated[date, strawberry.argument(description="Last local date (inclusive).")],
    location_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only overrides at this location.")
    ] = None,
    provider_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only this provider's overrides.")
    ] = None,
    first: FirstArg = 50,
    after: AfterArg = None,
) -> ProviderScheduleOverrideConnection:
    """Overrides over a date range."""
    where = OverrideFilter(
        first_day=from_,
        last_day=to,
        location_id=decode_optional_id(location_id, "Location", field="locationId"),
        provider_id=decode_optional_id(provider_id, "Provider", field="providerId"),
    )
    ctx = info.context
    page = await read.override_page(ctx, where, first=first, after=after)
    return ProviderScheduleOverrideConnection.from_page(
        page, ProviderScheduleOverride.from_row, count=lambda: read.override_count(ctx, where)
    )


schedule_overrides_field = strawberry.field(
    metadata=SCHEDULE_READERS,
    resolver=resolve_schedule_overrides,
    description=(
        "The organization's schedule overrides dated `from`..`to` (local dates, at most "
        f"{MAX_REPORT_DAYS} days), of one location and/or provider when given, by date then id."
    ),
)
