"""What registerPatient and updatePatient share: their payload and running the save."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import strawberry

from resolvers.errors import ClientError
from schema.mutations.setup_common import USER_ERRORS, Info, SetupUserError, setup_user_errors
from schema.types.practice import Patient


@strawberry.type(description="The result of registerPatient or updatePatient.")
class PatientPayload:
    patient: Patient | None = strawberry.field(description="The registered or changed patient.")
    user_errors: list[SetupUserError] = strawberry.field(description=USER_ERRORS)


async def patient_payload(info: Info, call: Callable[[], Awaitable[UUID]]) -> PatientPayload:
    """Run the save and build the payload, or its userErrors."""
    try:
        ident = await call()
    except ClientError as error:
        return PatientPayload(patient=None, user_errors=setup_user_errors(error))
    row = await info.context.loaders.patients.load(ident)
    return PatientPayload(
        patient=Patient.from_row(row) if row is not None else None, user_errors=[]
    )
