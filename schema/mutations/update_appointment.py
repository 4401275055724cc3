"""updateAppointment: change details (note, type, priority, production, flags, procedure codes),
not the time."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.input_limits import MAX_NOTE
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.update import UpdateRequest, update_appointment
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(description="New details of an appointment; omitted (null) fields stay.")
class UpdateAppointmentInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment to update.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    note: str | None = strawberry.field(
        default=None, description=f"New front-desk note (at most {MAX_NOTE} characters)."
    )
    appointment_type_id: GlobalID | None = strawberry.field(
        default=None, description="New kind of visit; the times stay as they are."
    )
    priority: int | None = strawberry.field(
        default=None, description="New scheduling priority, -100 to 100."
    )
    production_amount: Decimal | None = strawberry.field(
        default=None, description="New scheduled production, 0 to 1000000 with 2 decimals."
    )
    is_new_patient: bool | None = strawberry.field(
        default=None, description="Whether this is the patient's first visit."
    )
    is_time_locked: bool | None = strawberry.field(
        default=None, description="Whether the time is locked against moves."
    )
    procedure_codes: list[str] | None = strawberry.field(
        default=None,
        description=(
            "Replace the procedures the visit performs (1-20 characters each, upper-cased, "
            "duplicates dropped, at most 20; [] clears them). A new appointmentTypeId does not "
            "change them."
        ),
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of updateAppointment.")
class UpdateAppointmentPayload:
    appointment: Appointment | None = strawberry.field(description="The updated appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why it was not updated."
    )


async def resolve_update_appointment(
    info: Info,
    input: Annotated[UpdateAppointmentInput, strawberry.argument(description="The changes.")],
) -> UpdateAppointmentPayload:
    """Update an appointment's details; staff only."""

    async def call() -> AppointmentOutcome:
        request = UpdateRequest(
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            note=input.note,
            appointment_type_id=decode_id(
                input.appointment_type_id, "AppointmentType", field="appointmentTypeId"
            )
            if input.appointment_type_id
            else None,
            priority=input.priority,
            production_amount=input.production_amount,
            is_new_patient=input.is_new_patient,
            is_time_locked=input.is_time_locked,
            procedure_codes=tuple(input.procedure_codes)
            if input.procedure_codes is not None
            else None,
        )
        return await update_appointment(
            info.context, request, idempotency_key=input.idempotency_key
        )

    return await appointment_payload(info, UpdateAppointmentPayload, call)


update_appointment_field = strawberry.mutation(
    metadata=staff_only("update an appointment"),
    resolver=resolve_update_appointment,
    description="Change an appointment's details.",
)
