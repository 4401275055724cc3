"""moveAppointment: reschedule to a new time, operatory and/or providers."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import MOVERS
from resolvers.ids import decode_id
from resolvers.lifecycle.move import MoveRequest, move_appointment
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.quick_fill import FreedSlot
from schema.info import Info
from schema.mutations.appointment_common import (
    AppointmentUserError,
    LocalSlotInput,
    appointment_payload,
    placement_of,
)
from schema.types.appointment import Appointment
from schema.types.quick_fill import (
    OPENING_MATCHES_DESCRIPTION,
    QuickFillMatch,
    freed_slot_of,
    opening_matches,
)


@strawberry.input(description="Where and when the appointment goes; omitted parts stay.")
class MoveAppointmentInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment to move.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    slot: LocalSlotInput = strawberry.field(description="New local date and times.")
    operatory_id: GlobalID | None = strawberry.field(default=None, description="New operatory.")
    provider_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="New providers, primary first."
    )
    allow_overlap: bool | None = strawberry.field(
        default=None, description="Staff only: double-book on purpose."
    )
    override_policy: bool = strawberry.field(
        default=False, description="Staff only: move inside the cancellation policy window."
    )
    reason: str | None = strawberry.field(
        default=None,
        description="Why it moves (e.g. 'patient asked'); kept in its history, not on the "
        "appointment.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of moveAppointment.")
class MoveAppointmentPayload:
    appointment: Appointment | None = strawberry.field(description="The moved appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(description="Why it was not moved.")

    freed_slot: strawberry.Private[FreedSlot | None] = None

    @strawberry.field(description=OPENING_MATCHES_DESCRIPTION)
    async def opening_matches(self, info: Info) -> list[QuickFillMatch]:
        return await opening_matches(info, self.freed_slot)


async def resolve_move_appointment(
    info: Info,
    input: Annotated[MoveAppointmentInput, strawberry.argument(description="The move.")],
) -> MoveAppointmentPayload:
    """Move an appointment under the same conflict rules as booking."""

    before: list[FreedSlot | None] = [None]

    async def call() -> AppointmentOutcome:
        appointment_id = decode_id(input.appointment_id, "Appointment", field="appointmentId")
        # The pre-move slot is what the move frees (the runner then drops this cached row, so
        # the payload reads the moved one).
        row = await info.context.loaders.appointments.load(appointment_id)
        before[0] = (
            freed_slot_of(Appointment.from_row(row, info.context.now)) if row is not None else None
        )
        request = MoveRequest(
            appointment_id=appointment_id,
            base_version=input.base_version,
            placement=placement_of(input),
            override_policy=input.override_policy,
            reason=input.reason,
        )
        return await move_appointment(info.context, request, idempotency_key=input.idempotency_key)

    payload = await appointment_payload(info, MoveAppointmentPayload, call)
    payload.freed_slot = before[0] if not payload.user_errors else None
    return payload


move_appointment_field = strawberry.mutation(
    metadata=MOVERS,
    resolver=resolve_move_appointment,
    description="Reschedule an appointment.",
)
