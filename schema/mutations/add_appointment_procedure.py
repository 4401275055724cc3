"""addAppointmentProcedure: a procedure record (code, fee, provider, order) on an appointment."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.procedures import AddProcedure, add_procedure
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(description="A procedure the appointment performs.")
class AddAppointmentProcedureInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment.")
    base_version: int = strawberry.field(description="The appointment's version last seen.")
    code: str = strawberry.field(description="Procedure code, 1-20 characters (upper-cased).")
    fee: Decimal = strawberry.field(
        default=Decimal("0"), description="The fee, 0 to 1000000 with 2 decimals."
    )
    provider_id: GlobalID | None = strawberry.field(
        default=None, description="Who performs it (an active provider); null: not said."
    )
    order: int | None = strawberry.field(
        default=None,
        description="Its place in the list (0 first; those from there move down); default: last.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of addAppointmentProcedure.")
class AddAppointmentProcedurePayload:
    appointment: Appointment | None = strawberry.field(
        description="The appointment with its procedures."
    )
    user_errors: list[AppointmentUserError] = strawberry.field(description="Why nothing was added.")


async def resolve_add_appointment_procedure(
    info: Info,
    input: Annotated[AddAppointmentProcedureInput, strawberry.argument(description="What.")],
) -> AddAppointmentProcedurePayload:
    """Add a procedure to an appointment; staff only."""

    async def call() -> AppointmentOutcome:
        request = AddProcedure(
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            code=input.code,
            fee=input.fee,
            provider_id=decode_id(input.provider_id, "Provider", field="providerId")
            if input.provider_id
            else None,
            order=input.order,
        )
        return await add_procedure(info.context, request, idempotency_key=input.idempotency_key)

    return await appointment_payload(info, AddAppointmentProcedurePayload, call)


add_appointment_procedure_field = strawberry.mutation(
    metadata=staff_only("change an appointment's procedures"),
    resolver=resolve_add_appointment_procedure,
    description="Add a procedure (code, fee, provider, order) to an appointment; its code "
    "joins the appointment's procedureCodes.",
)
