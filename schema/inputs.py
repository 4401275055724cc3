"""Input objects of queries."""

from __future__ import annotations

import strawberry
from strawberry.relay import GlobalID

from schema.enums import AppointmentStatus
from schema.scalars import DateOrDateTime


@strawberry.input(description="Narrows a list of appointments; omitted fields match everything.")
class AppointmentFilter:
    location_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="Only at these locations."
    )
    provider_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="Only with one of these providers (primary or additional)."
    )
    patient_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="Only for these patients."
    )
    operatory_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="Only in these operatories."
    )
    statuses: list[AppointmentStatus] | None = strawberry.field(
        default=None, description="Only in one of these statuses."
    )
    from_: DateOrDateTime | None = strawberry.field(
        name="from",
        default=None,
        description=(
            "Starting at or after this: a date means local midnight in each appointment's "
            "location zone; a date-time is an exact instant."
        ),
    )
    to: DateOrDateTime | None = strawberry.field(
        default=None,
        description=(
            "Starting before this: a date includes that whole local day; a date-time is an "
            "exclusive instant."
        ),
    )
