"""setPatientFlowStatus: record where the patient is in the visit (checked in, seated, ...)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import FLOW_EDITORS
from resolvers.ids import decode_id
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.patient_flow import FlowStatusRequest, set_patient_flow_status
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(description="A patient flow status change.")
class SetPatientFlowStatusInput:
    appointment_id: GlobalID = strawberry.field(description="The visit (SCHEDULED or COMPLETE).")
    base_version: int = strawberry.field(description="The version the client last saw.")
    flow_status_id: GlobalID = strawberry.field(description="The active flow status to set.")
    note: str | None = strawberry.field(
        default=None, description="Free-text note for the timeline (at most 500 characters)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of setPatientFlowStatus.")
class SetPatientFlowStatusPayload:
    appointment: Appointment | None = strawberry.field(
        description="The appointment with its new flow status and timeline."
    )
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why the flow status was not set."
    )


async def resolve_set_patient_flow_status(
    info: Info,
    input: Annotated[
        SetPatientFlowStatusInput, strawberry.argument(description="The flow status change.")
    ],
) -> SetPatientFlowStatusPayload:
    """Set an appointment's patient flow status and append it to its timeline."""

    async def call() -> AppointmentOutcome:
        request = FlowStatusRequest(
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            flow_status_id=decode_id(
                input.flow_status_id, "PatientFlowStatus", field="flowStatusId"
            ),
            note=input.note,
        )
        return await set_patient_flow_status(
            info.context, request, idempotency_key=input.idempotency_key
        )

    return await appointment_payload(info, SetPatientFlowStatusPayload, call)


set_patient_flow_status_field = strawberry.mutation(
    resolver=resolve_set_patient_flow_status,
    metadata=FLOW_EDITORS,
    description=(
        "Set where the patient is in the visit (staff, and integrations such as a check-in "
        "kiosk): the appointment's current flow status changes, its version goes up, and the "
        "change joins its flow timeline."
    ),
)
