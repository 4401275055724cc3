"""Input objects of queries."""

from __future__ import annotations

import enum

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
    patient_name: str | None = strawberry.field(
        default=None,
        description=(
            "Only patients whose first or last name starts with each of these words "
            "(case-insensitive; 'ann sm' finds Ann Smith)."
        ),
    )
    pending_documentation: bool | None = strawberry.field(
        default=None,
        description=(
            "true: only complete visits whose documentation is not recorded yet (seed 001's "
            "pending documentation); false: only the others."
        ),
    )


@strawberry.enum(description="The order of the appointments list; ties by id.")
class AppointmentSort(enum.Enum):
    START = strawberry.enum_value("START", description="Earliest start first.")
    START_DESC = strawberry.enum_value("START_DESC", description="Latest start first.")
    PATIENT_NAME = strawberry.enum_value(
        "PATIENT_NAME", description="By patient last then first name, then start."
    )
    CREATED_DESC = strawberry.enum_value("CREATED_DESC", description="Newest booking first.")
    UPDATED_DESC = strawberry.enum_value("UPDATED_DESC", description="Most recently changed first.")
    STATUS = strawberry.enum_value("STATUS", description="By status name, then start.")
