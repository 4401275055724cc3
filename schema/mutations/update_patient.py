"""updatePatient: change a patient's name, date of birth or contact details (staff)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.ids import decode_id
from resolvers.setup.patients import PatientChange, save_patient
from schema.info import Info
from schema.mutations.patient_common import PatientPayload, patient_payload, patient_values
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY


@strawberry.input(description="Changes to a patient; omitted fields stay as they are.")
class UpdatePatientInput:
    patient_id: GlobalID = strawberry.field(description="The patient to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    first_name: str | None = strawberry.field(default=None, description="New given name.")
    last_name: str | None = strawberry.field(default=None, description="New family name.")
    chart_number: str | None = strawberry.field(default=None, description="New chart number.")
    date_of_birth: date | None = strawberry.field(default=None, description="Date of birth.")
    phone: str | None = strawberry.field(
        default=None, description="New phone number; an empty one removes it."
    )
    email: str | None = strawberry.field(
        default=None, description="New email address; an empty one removes it."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_update_patient(
    info: Info,
    input: Annotated[UpdatePatientInput, strawberry.argument(description="The changes.")],
) -> PatientPayload:
    """Change a patient or explain why not."""

    async def call() -> UUID:
        change = PatientChange(
            values=patient_values(input),
            patient_id=decode_id(input.patient_id, "Patient", field="patientId"),
            base_version=input.base_version,
        )
        return await save_patient(info.context, change, idempotency_key=input.idempotency_key)

    return await patient_payload(info, call)


update_patient_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_update_patient,
    description="Change a patient's details; baseVersion must be current (staff).",
)
