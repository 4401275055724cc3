"""The quickFill root field: rank the waitlist for one opening."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import WAITLIST_USERS
from resolvers.ids import decode_id
from resolvers.quick_fill import MAX_MATCHES, quick_fill
from resolvers.wall_clock import LocalSlot
from schema.info import Info
from schema.types.quick_fill import QuickFillMatch, matches_of


@strawberry.input(description="An opening to fill, in the location's local time.")
class QuickFillInput:
    location_id: GlobalID = strawberry.field(description="Where the opening is.")
    date: date = strawberry.field(description="The local date.")
    start_time: time = strawberry.field(description="Local start time.")
    end_time: time = strawberry.field(description="Local end time.")
    provider_id: GlobalID | None = strawberry.field(
        default=None, description="The opening's provider (EXACT matches score higher)."
    )
    appointment_type_id: GlobalID | None = strawberry.field(
        default=None, description="The kind of visit the opening suits."
    )
    cross_location: bool = strawberry.field(
        default=False,
        description="Also entries of other homes whose scope accepts this location.",
    )
    first: int = strawberry.field(
        default=10, description=f"How many matches at most, 1 to {MAX_MATCHES}."
    )


async def resolve_quick_fill(
    info: Info,
    opening: Annotated[QuickFillInput, strawberry.argument(description="The opening to fill.")],
) -> list[QuickFillMatch]:
    """The best waitlist entries for an opening."""
    ranked = await quick_fill(
        info.context,
        location_id=decode_id(opening.location_id, "Location", field="locationId"),
        slot=LocalSlot(day=opening.date, start=opening.start_time, end=opening.end_time),
        provider_id=decode_id(opening.provider_id, "Provider", field="providerId")
        if opening.provider_id
        else None,
        appointment_type_id=decode_id(
            opening.appointment_type_id, "AppointmentType", field="appointmentTypeId"
        )
        if opening.appointment_type_id
        else None,
        cross_location=opening.cross_location,
        first=opening.first,
    )
    return matches_of(ranked)


quick_fill_field = strawberry.field(
    metadata=WAITLIST_USERS,
    resolver=resolve_quick_fill,
    description=(
        "Active waitlist entries that could take an opening, best first "
        "(score total, then longest waiting, then id); entries not in their date range, too long "
        "for the opening or not accepting the location are left out."
    ),
)
