"""The waitlistEntries root field: its filter, sort, page type and resolver."""

from __future__ import annotations

import enum
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from db.queries import waitlist as queries
from resolvers.access import WAITLIST_USERS
from resolvers.ids import decode_id, decode_optional_id
from resolvers.pages import MAX_PAGE_SIZE
from resolvers.waitlist.entries import count_entries, list_entries
from schema.info import Info
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.waitlist import (
    WaitlistEntry,
    WaitlistSource,
    WaitlistStatus,
    WaitlistUrgency,
)


@strawberry.enum(description="The order of waitlistEntries.")
class WaitlistSort(enum.Enum):
    URGENCY = strawberry.enum_value(
        "URGENCY", description="Most urgent first, then higher priority, then longest waiting."
    )
    PRIORITY = strawberry.enum_value(
        "PRIORITY", description="Highest priority first, then most urgent, then longest waiting."
    )
    SCORE = strawberry.enum_value(
        "SCORE", description="Highest standing score (WaitlistEntry.score) first, then oldest."
    )
    DAYS_WAITING = strawberry.enum_value("DAYS_WAITING", description="Longest waiting first.")
    CREATED = strawberry.enum_value("CREATED", description="Newest first.")
    TREATMENT_VALUE = strawberry.enum_value(
        "TREATMENT_VALUE", description="Highest treatment value first; entries without one last."
    )


@strawberry.input(description="Which waitlist entries to list.")
class WaitlistFilter:
    statuses: list[WaitlistStatus] | None = strawberry.field(
        default=None, description="Only these (read-time) statuses; default the active ones."
    )
    urgency: list[WaitlistUrgency] | None = strawberry.field(
        default=None, description="Only these urgencies."
    )
    source: list[WaitlistSource] | None = strawberry.field(
        default=None, description="Only these sources."
    )
    provider_id: GlobalID | None = strawberry.field(
        default=None, description="Only entries preferring this provider."
    )
    appointment_type_id: GlobalID | None = strawberry.field(
        default=None, description="Only entries for this appointment type."
    )
    location_id: GlobalID | None = strawberry.field(
        default=None, description="Only entries whose home is this location."
    )
    patient_id: GlobalID | None = strawberry.field(
        default=None,
        description="Only this patient's entries (pass statuses to include closed ones).",
    )
    include_other_locations: bool = strawberry.field(
        default=False,
        description="With locationId: also entries of other homes that accept this location.",
    )


@strawberry.type(description="A page of waitlist entries in the order asked for, then by id.")
class WaitlistEntryConnection(CountedConnection[WaitlistEntry]):
    pass


ACTIVE_STATUSES = ["waiting", "contacted", "offered"]


async def resolve_waitlist_entries(
    info: Info,
    filter: Annotated[
        WaitlistFilter | None, strawberry.argument(description="Which entries to list.")
    ] = None,
    sort: Annotated[WaitlistSort, strawberry.argument(description="The order.")] = (
        WaitlistSort.URGENCY
    ),
    first: FirstArg = 50,
    after: AfterArg = None,
) -> WaitlistEntryConnection:
    """A page of the waitlist."""
    f = filter or WaitlistFilter()
    where = queries.EntryFilter(
        statuses=[s.value for s in f.statuses] if f.statuses is not None else ACTIVE_STATUSES,
        urgency=[u.value for u in f.urgency] if f.urgency is not None else None,
        source=[s.value for s in f.source] if f.source is not None else None,
        provider_id=decode_id(f.provider_id, "Provider", field="providerId")
        if f.provider_id
        else None,
        appointment_type_id=decode_id(
            f.appointment_type_id, "AppointmentType", field="appointmentTypeId"
        )
        if f.appointment_type_id
        else None,
        location_id=decode_id(f.location_id, "Location", field="locationId")
        if f.location_id
        else None,
        include_other_locations=f.include_other_locations,
        patient_id=decode_optional_id(f.patient_id, "Patient", field="patientId"),
    )
    ctx = info.context
    page = await list_entries(ctx, where=where, sort=sort.name, first=first, after=after)
    return WaitlistEntryConnection.from_page(
        page, WaitlistEntry.from_row, count=lambda: count_entries(ctx, where=where)
    )


waitlist_entries_field = strawberry.field(
    metadata=WAITLIST_USERS,
    resolver=resolve_waitlist_entries,
    description=(
        "The waitlist: active entries by default, filtered and "
        f"sorted, at most {MAX_PAGE_SIZE} per page."
    ),
)
