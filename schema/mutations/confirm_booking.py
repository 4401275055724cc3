"""confirmBooking: turn a live hold into a scheduled appointment."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import HOLD_CONFIRMERS
from resolvers.ids import decode_id
from resolvers.lifecycle.hold_confirm import confirm_booking
from resolvers.lifecycle.outcome import AppointmentOutcome
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(description="The hold to confirm.")
class ConfirmBookingInput:
    appointment_id: GlobalID = strawberry.field(description="The HOLD appointment.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of confirmBooking.")
class ConfirmBookingPayload:
    appointment: Appointment | None = strawberry.field(description="The now scheduled appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why it was not confirmed."
    )


async def resolve_confirm_booking(
    info: Info,
    input: Annotated[ConfirmBookingInput, strawberry.argument(description="What to confirm.")],
) -> ConfirmBookingPayload:
    """Confirm a hold; an expired one is HOLD_EXPIRED."""

    async def call() -> AppointmentOutcome:
        return await confirm_booking(
            info.context,
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            idempotency_key=input.idempotency_key,
        )

    return await appointment_payload(info, ConfirmBookingPayload, call)


confirm_booking_field = strawberry.mutation(
    metadata=HOLD_CONFIRMERS,
    resolver=resolve_confirm_booking,
    description="Confirm a hold before it expires.",
)
