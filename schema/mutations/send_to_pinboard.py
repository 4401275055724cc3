"""sendToPinboard: park an appointment off the grid, keeping its details and times."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.status_change import send_to_pinboard
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(description="The appointment to park on the pinboard.")
class SendToPinboardInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment to park.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of sendToPinboard.")
class SendToPinboardPayload:
    appointment: Appointment | None = strawberry.field(description="The pinboard appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why it was not sent to the pinboard."
    )


async def resolve_send_to_pinboard(
    info: Info,
    input: Annotated[SendToPinboardInput, strawberry.argument(description="What to park.")],
) -> SendToPinboardPayload:
    """Send an appointment to the pinboard (staff only); it stops blocking its slot."""

    async def call() -> AppointmentOutcome:
        return await send_to_pinboard(
            info.context,
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            idempotency_key=input.idempotency_key,
        )

    return await appointment_payload(info, SendToPinboardPayload, call)


send_to_pinboard_field = strawberry.mutation(
    metadata=staff_only("send an appointment to the pinboard"),
    resolver=resolve_send_to_pinboard,
    description="Park an appointment on the pinboard; it leaves the calendar and frees its slot.",
)
