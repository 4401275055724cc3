"""createAppointmentType: a kind of visit with its booking rules and who offers it (staff)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.setup.appointment_types import TypeChange, save_appointment_type
from schema.enums import CodeMatch, Modality
from schema.info import Info
from schema.mutations import appointment_type_common as common
from schema.mutations.appointment_type_common import (
    AppointmentTypePayload,
    TimePatternSegmentInput,
)
from schema.mutations.setup_common import IDEMPOTENCY


@strawberry.input(description="A new appointment type.")
class CreateAppointmentTypeInput:
    name: str = strawberry.field(description="Display name, unique in the organization.")
    abbreviation: str = strawberry.field(description="Short label shown on appointments.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    duration_minutes: int = strawberry.field(description=common.DURATION)
    description: str | None = strawberry.field(default=None, description="What it is for.")
    category: str | None = strawberry.field(default=None, description="Pick-list grouping.")
    max_attendees: int = strawberry.field(default=1, description=common.MAX_ATTENDEES)
    bookable_online: bool = strawberry.field(
        default=False, description="Whether patients may book it themselves."
    )
    booking_lead_time_hours: int = strawberry.field(default=0, description=common.LEAD_TIME)
    booking_window_days: int = strawberry.field(default=180, description=common.WINDOW)
    cancellation_policy_hours: int = strawberry.field(default=0, description=common.POLICY)
    modality: Modality = strawberry.field(
        default=Modality.IN_PERSON, description="How the visit happens."
    )
    telehealth: bool = strawberry.field(default=False, description=common.TELEHEALTH)
    deposit_amount: Decimal | None = strawberry.field(default=None, description=common.DEPOSIT)
    procedure_codes: list[str] = strawberry.field(
        default_factory=list, description="Procedures a visit performs by default."
    )
    display_order: int = strawberry.field(default=0, description=common.DISPLAY_ORDER)
    hidden: bool = strawberry.field(default=False, description=common.HIDDEN)
    blockout_only: bool = strawberry.field(default=False, description=common.BLOCKOUT_ONLY)
    required_procedure_codes: list[str] = strawberry.field(
        default_factory=list, description=common.REQUIRED_CODES
    )
    required_codes_match: CodeMatch = strawberry.field(
        default=CodeMatch.ALL, description=common.CODES_MATCH
    )
    time_pattern: list[TimePatternSegmentInput] = strawberry.field(
        default_factory=list, description=common.TIME_PATTERN
    )
    provider_ids: list[GlobalID] = strawberry.field(
        default_factory=list, description=common.PROVIDERS
    )
    location_ids: list[GlobalID] = strawberry.field(
        default_factory=list, description=common.LOCATIONS
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_create_appointment_type(
    info: Info,
    input: Annotated[CreateAppointmentTypeInput, strawberry.argument(description="The type.")],
) -> AppointmentTypePayload:
    """Create an appointment type or explain why not."""

    async def call() -> UUID:
        change = TypeChange(
            values=common.type_values(input),
            offers=common.offers(input.provider_ids, input.location_ids),
            time_pattern=common.time_pattern(input.time_pattern),
        )
        return await save_appointment_type(
            info.context, change, idempotency_key=input.idempotency_key
        )

    return await common.type_payload(info, call)


create_appointment_type_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_create_appointment_type,
    description="Add an appointment type (staff).",
)
