"""recordWaitlistResponse: the patient's answer; ACCEPTED books the offered slot."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import WAITLIST_USERS
from resolvers.quick_fill import FreedSlot
from resolvers.waitlist.response import ResponseOutcome, record_response
from scheduling.waitlist import WaitlistResponse as Response
from schema.info import Info
from schema.mutations.waitlist_common import (
    IDEMPOTENCY_DESCRIPTION,
    WaitlistUserError,
    decode_entry_id,
    run_entry_mutation,
)
from schema.types.appointment import Appointment
from schema.types.quick_fill import QuickFillMatch, opening_matches
from schema.types.waitlist import WaitlistEntry, WaitlistResponse


@strawberry.input(description="A patient's response to an offer or contact.")
class RecordWaitlistResponseInput:
    waitlist_entry_id: GlobalID = strawberry.field(description="The entry.")
    base_version: int = strawberry.field(description="The version the response is based on.")
    response: WaitlistResponse = strawberry.field(description="The answer.")
    note: str | None = strawberry.field(
        default=None, description="Note for the booked appointment (default: the entry's)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of recordWaitlistResponse.")
class RecordWaitlistResponsePayload:
    waitlist_entry: WaitlistEntry | None = strawberry.field(
        description="The entry as it is now (also on SLOT_TAKEN: back to WAITING)."
    )
    appointment: Appointment | None = strawberry.field(
        description="The appointment an ACCEPTED response booked (or moved)."
    )
    user_errors: list[WaitlistUserError] = strawberry.field(
        description="Why nothing was booked or changed."
    )

    freed_slot: strawberry.Private[FreedSlot | None] = None

    @strawberry.field(
        description=(
            "When ACCEPTED moved the entry's later visit into the offer: the top 5 waitlist "
            "entries for the time that visit gave up (as cancelAppointment's); else empty."
        )
    )
    async def opening_matches(self, info: Info) -> list[QuickFillMatch]:
        return await opening_matches(info, self.freed_slot)


async def resolve_record_waitlist_response(
    info: Info,
    input: Annotated[RecordWaitlistResponseInput, strawberry.argument(description="The response.")],
) -> RecordWaitlistResponsePayload:
    """Record a response or explain why not."""
    recorded: list[ResponseOutcome] = []

    async def call() -> uuid.UUID:
        outcome = await record_response(
            info.context,
            entry_id=decode_entry_id(input.waitlist_entry_id),
            base_version=input.base_version,
            response=Response(input.response.value),
            note=input.note,
            idempotency_key=input.idempotency_key,
        )
        recorded.append(outcome)
        return outcome.entry_id

    entry, errors = await run_entry_mutation(info, call)
    if not recorded:
        return RecordWaitlistResponsePayload(
            waitlist_entry=entry, appointment=None, user_errors=errors
        )
    (outcome,) = recorded
    appointment = None
    if outcome.appointment_id is not None:
        row = await info.context.loaders.appointments.load(outcome.appointment_id)
        appointment = Appointment.from_row(row, info.context.now) if row is not None else None
    return RecordWaitlistResponsePayload(
        waitlist_entry=entry, appointment=appointment, user_errors=[], freed_slot=outcome.freed
    )


record_waitlist_response_field = strawberry.mutation(
    metadata=WAITLIST_USERS,
    resolver=resolve_record_waitlist_response,
    description=(
        "Record a patient's response. ACCEPTED books the offered slot "
        "in the same transaction under bookAppointment's conflict rules (SLOT_TAKEN if it is "
        "gone; the entry then waits again); when the entry links a later visit that is still "
        "to come (PLANNED or SCHEDULED, not time-locked), that visit moves into the slot "
        "instead of a second one being booked. Other responses return the entry to WAITING."
    ),
)
