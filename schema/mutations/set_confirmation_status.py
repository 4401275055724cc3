"""setConfirmationStatus: where confirming one visit with the patient stands."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.lifecycle.confirmation import set_confirmation_status
from resolvers.lifecycle.outcome import AppointmentOutcome
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(description="A confirmation status for one appointment.")
class SetConfirmationStatusInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    confirmation_status_id: GlobalID = strawberry.field(
        description="The practice's confirmation status to set."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of setConfirmationStatus.")
class SetConfirmationStatusPayload:
    appointment: Appointment | None = strawberry.field(description="The changed appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why the status was not set."
    )


async def resolve_set_confirmation_status(
    info: Info,
    input: Annotated[
        SetConfirmationStatusInput, strawberry.argument(description="The status to set.")
    ],
) -> SetConfirmationStatusPayload:
    """Set an appointment's confirmation status; staff only."""

    async def call() -> AppointmentOutcome:
        return await set_confirmation_status(
            info.context,
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            confirmation_status_id=decode_id(
                input.confirmation_status_id, "ConfirmationStatus", field="confirmationStatusId"
            ),
            idempotency_key=input.idempotency_key,
        )

    return await appointment_payload(info, SetConfirmationStatusPayload, call)


set_confirmation_status_field = strawberry.mutation(
    metadata=staff_only("set the confirmation status"),
    resolver=resolve_set_confirmation_status,
    description="Set an appointment's confirmation status.",
)
