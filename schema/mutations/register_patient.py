"""registerPatient: add a patient before their first booking (staff)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import strawberry

from resolvers.access import SETUP_EDITORS
from resolvers.setup.patients import PatientChange, save_patient
from schema.info import Info
from schema.mutations.patient_common import PatientPayload, patient_payload, patient_values
from schema.mutations.setup_common import IDEMPOTENCY


@strawberry.input(description="A new patient.")
class RegisterPatientInput:
    first_name: str = strawberry.field(description="Given name.")
    last_name: str = strawberry.field(description="Family name.")
    chart_number: str | None = strawberry.field(
        default=None,
        description="Chart number, unique in the practice; omitted: the next generated one "
        "(P000001, P000002, ... per practice).",
    )
    date_of_birth: date | None = strawberry.field(default=None, description="Date of birth.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")
    email: str | None = strawberry.field(default=None, description="Email address.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_register_patient(
    info: Info,
    input: Annotated[RegisterPatientInput, strawberry.argument(description="The patient.")],
) -> PatientPayload:
    """Register a patient or explain why not."""

    async def call() -> UUID:
        change = PatientChange(values=patient_values(input))
        return await save_patient(info.context, change, idempotency_key=input.idempotency_key)

    return await patient_payload(info, call)


register_patient_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_register_patient,
    description="Register a patient, e.g. before their first booking (staff).",
)
