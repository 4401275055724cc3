"""updateWaitlistEntry: change an active entry's preferences."""

from __future__ import annotations

import uuid
from datetime import date, time
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.ids import decode_id
from resolvers.waitlist.common import EntryFields
from resolvers.waitlist.entries import update_entry
from schema.mutations.waitlist_common import (
    IDEMPOTENCY_DESCRIPTION,
    Info,
    WaitlistUserError,
    decode_entry_id,
    run_entry_mutation,
)
from schema.types.waitlist import WaitlistEntry, WaitlistUrgency


@strawberry.input(description="Changes to a waitlist entry; omitted fields stay as they are.")
class UpdateWaitlistEntryInput:
    waitlist_entry_id: GlobalID = strawberry.field(description="The entry.")
    base_version: int = strawberry.field(description="The version the change is based on.")
    provider_id: GlobalID | None = strawberry.field(
        default=None, description="New preferred provider."
    )
    appointment_type_id: GlobalID | None = strawberry.field(
        default=None, description="New appointment type."
    )
    estimated_duration_minutes: int | None = strawberry.field(
        default=None, description="New expected length, 5 to 480 minutes."
    )
    date_from: date | None = strawberry.field(default=None, description="New earliest date.")
    date_to: date | None = strawberry.field(default=None, description="New latest date.")
    preferred_days: list[int] | None = strawberry.field(
        default=None, description="New preferred ISO weekdays."
    )
    preferred_start_time: time | None = strawberry.field(
        default=None, description="New earliest preferred local time."
    )
    preferred_end_time: time | None = strawberry.field(
        default=None, description="New latest preferred local time (after the earliest)."
    )
    urgency: WaitlistUrgency | None = strawberry.field(default=None, description="New urgency.")
    priority: int | None = strawberry.field(default=None, description="New priority.")
    treatment_value: Decimal | None = strawberry.field(
        default=None, description="New treatment value."
    )
    note: str | None = strawberry.field(default=None, description="New note.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of updateWaitlistEntry.")
class UpdateWaitlistEntryPayload:
    waitlist_entry: WaitlistEntry | None = strawberry.field(description="The changed entry.")
    user_errors: list[WaitlistUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_update_waitlist_entry(
    info: Info,
    input: Annotated[UpdateWaitlistEntryInput, strawberry.argument(description="The changes.")],
) -> UpdateWaitlistEntryPayload:
    """Change an entry or explain why not."""

    async def call() -> uuid.UUID:
        fields = EntryFields(
            provider_id=decode_id(input.provider_id, "Provider", field="providerId")
            if input.provider_id
            else None,
            appointment_type_id=decode_id(
                input.appointment_type_id, "AppointmentType", field="appointmentTypeId"
            )
            if input.appointment_type_id
            else None,
            estimated_duration_minutes=input.estimated_duration_minutes,
            date_from=input.date_from,
            date_to=input.date_to,
            preferred_days=tuple(input.preferred_days)
            if input.preferred_days is not None
            else None,
            preferred_start_time=input.preferred_start_time,
            preferred_end_time=input.preferred_end_time,
            urgency=input.urgency.value if input.urgency else None,
            priority=input.priority,
            treatment_value=input.treatment_value,
            note=input.note,
        )
        return await update_entry(
            info.context,
            entry_id=decode_entry_id(input.waitlist_entry_id),
            base_version=input.base_version,
            fields=fields,
            idempotency_key=input.idempotency_key,
        )

    entry, errors = await run_entry_mutation(info, call)
    return UpdateWaitlistEntryPayload(waitlist_entry=entry, user_errors=errors)


update_waitlist_entry_field = strawberry.mutation(
    resolver=resolve_update_waitlist_entry,
    description="Change an active waitlist entry (staff, integrations).",
)
