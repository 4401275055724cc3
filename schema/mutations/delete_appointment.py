"""deleteAppointment: delete a cancelled, expired, unscheduled or pinboard appointment."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.errors import ClientError
from resolvers.ids import decode_id
from resolvers.lifecycle.delete import delete_appointment
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_user_errors


@strawberry.input(description="The appointment to delete for good.")
class DeleteAppointmentInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of deleteAppointment.")
class DeleteAppointmentPayload:
    deleted_appointment_id: GlobalID | None = strawberry.field(
        description="The id of the appointment deleted (null when nothing was)."
    )
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why nothing was deleted."
    )


async def resolve_delete_appointment(
    info: Info,
    input: Annotated[DeleteAppointmentInput, strawberry.argument(description="Which.")],
) -> DeleteAppointmentPayload:
    """Delete an appointment; staff only."""
    try:
        outcome = await delete_appointment(
            info.context,
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            idempotency_key=input.idempotency_key,
        )
    except ClientError as error:
        return DeleteAppointmentPayload(
            deleted_appointment_id=None, user_errors=appointment_user_errors(error)
        )
    deleted = GlobalID("Appointment", str(outcome.appointment_ids[0]))
    return DeleteAppointmentPayload(deleted_appointment_id=deleted, user_errors=[])


delete_appointment_field = strawberry.mutation(
    metadata=staff_only("delete appointments"),
    resolver=resolve_delete_appointment,
    description="Delete an appointment that never happened (CANCELLED, EXPIRED, UNSCHEDULED or "
    "PINBOARD) for good; its row and history stay in the audit trail.",
)
