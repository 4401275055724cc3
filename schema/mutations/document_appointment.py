"""documentAppointment: a completed visit's documentation is recorded (seed 001)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.lifecycle.documentation import document_appointment
from resolvers.lifecycle.outcome import AppointmentOutcome
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(description="A completed visit whose documentation is done.")
class DocumentAppointmentInput:
    appointment_id: GlobalID = strawberry.field(description="The COMPLETE appointment.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of documentAppointment.")
class DocumentAppointmentPayload:
    appointment: Appointment | None = strawberry.field(
        description="The appointment, with documentedAt and documentedBy."
    )
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why it was not marked documented."
    )


async def resolve_document_appointment(
    info: Info,
    input: Annotated[
        DocumentAppointmentInput, strawberry.argument(description="The documented visit.")
    ],
) -> DocumentAppointmentPayload:
    """Record that a completed visit is documented; staff only."""

    async def call() -> AppointmentOutcome:
        return await document_appointment(
            info.context,
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            idempotency_key=input.idempotency_key,
        )

    return await appointment_payload(info, DocumentAppointmentPayload, call)


document_appointment_field = strawberry.mutation(
    metadata=staff_only("record documentation"),
    resolver=resolve_document_appointment,
    description=(
        "Record that a COMPLETE visit's documentation is done, now and by the caller: it leaves "
        "appointments(filter: {pendingDocumentation: true}). Already documented: unchanged."
    ),
)
