"""updateAppointmentType: change or archive a kind of visit and who offers it (staff)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.ids import decode_id
from resolvers.setup.appointment_types import TypeChange, save_appointment_type
from schema.enums import CodeMatch, Modality
from schema.info import Info
from schema.mutations import appointment_type_common as common
from schema.mutations.appointment_type_common import (
    AppointmentTypePayload,
    TimePatternSegmentInput,
)
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY


@strawberry.input(description="Changes to an appointment type; omitted fields stay as they are.")
class UpdateAppointmentTypeInput:
    appointment_type_id: GlobalID = strawberry.field(description="The type to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New display name.")
    abbreviation: str | None = strawberry.field(default=None, description="New short label.")
    color: str | None = strawberry.field(default=None, description="New color as #rrggbb.")
    duration_minutes: int | None = strawberry.field(default=None, description=common.DURATION)
    description: str | None = strawberry.field(
        default=None, description="New description; an empty one removes it."
    )
    category: str | None = strawberry.field(
        default=None, description="New grouping; an empty one removes it."
    )
    max_attendees: int | None = strawberry.field(default=None, description=common.MAX_ATTENDEES)
    bookable_online: bool | None = strawberry.field(
        default=None, description="Whether patients may book it themselves."
    )
    booking_lead_time_hours: int | None = strawberry.field(
        default=None, description=common.LEAD_TIME
    )
    booking_window_days: int | None = strawberry.field(default=None, description=common.WINDOW)
    cancellation_policy_hours: int | None = strawberry.field(
        default=None, description=common.POLICY
    )
    modality: Modality | None = strawberry.field(default=None, description="How it happens.")
    telehealth: bool | None = strawberry.field(default=None, description=common.TELEHEALTH)
    deposit_amount: Decimal | None = strawberry.field(default=None, description=common.DEPOSIT)
    procedure_codes: list[str] | None = strawberry.field(
        default=None, description="New default procedures."
    )
    display_order: int | None = strawberry.field(default=None, description=common.DISPLAY_ORDER)
    hidden: bool | None = strawberry.field(default=None, description=common.HIDDEN)
    blockout_only: bool | None = strawberry.field(default=None, description=common.BLOCKOUT_ONLY)
    required_procedure_codes: list[str] | None = strawberry.field(
        default=None, description=common.REQUIRED_CODES
    )
    required_codes_match: CodeMatch | None = strawberry.field(
        default=None, description=common.CODES_MATCH
    )
    time_pattern: list[TimePatternSegmentInput] | None = strawberry.field(
        default=None, description=common.TIME_PATTERN
    )
    provider_ids: list[GlobalID] | None = strawberry.field(
        default=None, description=common.PROVIDERS
    )
    location_ids: list[GlobalID] | None = strawberry.field(
        default=None, description=common.LOCATIONS
    )
    archived: bool | None = strawberry.field(
        default=None,
        description="true archives it: no new bookings or slot searches; history keeps it.",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_update_appointment_type(
    info: Info,
    input: Annotated[UpdateAppointmentTypeInput, strawberry.argument(description="The changes.")],
) -> AppointmentTypePayload:
    """Change an appointment type or explain why not."""

    async def call() -> UUID:
        change = TypeChange(
            values=common.type_values(input, archived=input.archived),
            offers=common.offers(input.provider_ids, input.location_ids),
            time_pattern=common.time_pattern(input.time_pattern),
            type_id=decode_id(
                input.appointment_type_id, "AppointmentType", field="appointmentTypeId"
            ),
            base_version=input.base_version,
        )
        return await save_appointment_type(
            info.context, change, idempotency_key=input.idempotency_key
        )

    return await common.type_payload(info, call)


update_appointment_type_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_update_appointment_type,
    description="Change or archive an appointment type; baseVersion must be current (staff).",
)
