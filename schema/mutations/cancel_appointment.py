"""cancelAppointment: cancel on the patient's or the practice's behalf."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import CANCELLERS
from resolvers.ids import decode_id, decode_optional_id
from resolvers.lifecycle.cancel import CancelledBy, CancelRequest, cancel_appointment
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.quick_fill import FreedSlot
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment
from schema.types.quick_fill import (
    OPENING_MATCHES_DESCRIPTION,
    QuickFillMatch,
    freed_slot_of,
    opening_matches,
)

strawberry.enum(CancelledBy, name="CancelledBy", description="Who asked for a cancellation.")


@strawberry.input(description="A cancellation.")
class CancelAppointmentInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment to cancel.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    cancelled_by: CancelledBy = strawberry.field(description="Who asked for it.")
    reason: str | None = strawberry.field(
        default=None,
        description="Why, in free text (kept as statusReason; with reasonId it says more).",
    )
    reason_id: GlobalID | None = strawberry.field(
        default=None,
        description="An active entry of the organization's cancellation reasons "
        "(appointmentReasons(kind: CANCELLATION)); kept as the appointment's reason.",
    )
    override_policy: bool = strawberry.field(
        default=False, description="Staff only: cancel for the patient inside the policy window."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of cancelAppointment.")
class CancelAppointmentPayload:
    appointment: Appointment | None = strawberry.field(description="The cancelled appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why it was not cancelled."
    )

    freed_slot: strawberry.Private[FreedSlot | None] = None

    @strawberry.field(description=OPENING_MATCHES_DESCRIPTION)
    async def opening_matches(self, info: Info) -> list[QuickFillMatch]:
        return await opening_matches(info, self.freed_slot)


async def resolve_cancel_appointment(
    info: Info,
    input: Annotated[CancelAppointmentInput, strawberry.argument(description="The cancellation.")],
) -> CancelAppointmentPayload:
    """Cancel an appointment; its slot is free at once."""

    async def call() -> AppointmentOutcome:
        request = CancelRequest(
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            cancelled_by=input.cancelled_by,
            reason=input.reason,
            override_policy=input.override_policy,
            reason_id=decode_optional_id(input.reason_id, "AppointmentReason", field="reasonId"),
        )
        return await cancel_appointment(
            info.context, request, idempotency_key=input.idempotency_key
        )

    payload = await appointment_payload(info, CancelAppointmentPayload, call)
    payload.freed_slot = freed_slot_of(payload.appointment) if not payload.user_errors else None
    return payload


cancel_appointment_field = strawberry.mutation(
    metadata=CANCELLERS,
    resolver=resolve_cancel_appointment,
    description="Cancel an appointment.",
)
