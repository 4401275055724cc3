"""removeAppointmentProcedure: take a procedure record off its appointment."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.procedures import remove_procedure
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(description="The procedure to remove.")
class RemoveAppointmentProcedureInput:
    procedure_id: GlobalID = strawberry.field(description="The procedure.")
    base_version: int = strawberry.field(description="Its appointment's version last seen.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of removeAppointmentProcedure.")
class RemoveAppointmentProcedurePayload:
    appointment: Appointment | None = strawberry.field(
        description="The appointment with its remaining procedures."
    )
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why nothing was removed."
    )


async def resolve_remove_appointment_procedure(
    info: Info,
    input: Annotated[RemoveAppointmentProcedureInput, strawberry.argument(description="What.")],
) -> RemoveAppointmentProcedurePayload:
    """Remove a procedure from its appointment; staff only."""

    async def call() -> AppointmentOutcome:
        return await remove_procedure(
            info.context,
            procedure_id=decode_id(input.procedure_id, "AppointmentProcedure", field="procedureId"),
            base_version=input.base_version,
            idempotency_key=input.idempotency_key,
        )

    return await appointment_payload(info, RemoveAppointmentProcedurePayload, call)


remove_appointment_procedure_field = strawberry.mutation(
    metadata=staff_only("change an appointment's procedures"),
    resolver=resolve_remove_appointment_procedure,
    description="Remove a procedure from its appointment; its code leaves procedureCodes "
    "unless another of the appointment's procedures has it.",
)
