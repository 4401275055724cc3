"""transitionAppointment: any status change the state machine allows (staff only)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.status_change import StatusChange, transition_appointment
from schema.enums import AppointmentStatus
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(description="A new status for an appointment.")
class TransitionAppointmentInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment to change.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    status: AppointmentStatus = strawberry.field(
        description="The new status; HOLD and EXPIRED are not allowed here."
    )
    reason: str | None = strawberry.field(
        default=None,
        description="Why, at most 500 characters (kept as statusReason for BROKEN/CANCELLED).",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of transitionAppointment.")
class TransitionAppointmentPayload:
    appointment: Appointment | None = strawberry.field(description="The changed appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why the status did not change."
    )


async def resolve_transition_appointment(
    info: Info,
    input: Annotated[
        TransitionAppointmentInput, strawberry.argument(description="The status change.")
    ],
) -> TransitionAppointmentPayload:
    """Change an appointment's status; entering a slot-holding status checks the slot."""

    async def call() -> AppointmentOutcome:
        request = StatusChange(
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            status=input.status,
            reason=input.reason,
        )
        return await transition_appointment(
            info.context, request, idempotency_key=input.idempotency_key
        )

    return await appointment_payload(info, TransitionAppointmentPayload, call)


transition_appointment_field = strawberry.mutation(
    resolver=resolve_transition_appointment,
    metadata=staff_only("change an appointment's status"),
    description="Move an appointment to another status, as the status machine allows.",
)
