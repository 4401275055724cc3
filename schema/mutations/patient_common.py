"""What registerPatient and updatePatient share: their payload and the values they set."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import strawberry

from resolvers.setup.patients import PatientValues
from schema.info import Info
from schema.mutations.setup_common import USER_ERRORS, SetupUserError, saved
from schema.types.practice import Patient


@strawberry.type(description="The result of registerPatient or updatePatient.")
class PatientPayload:
    patient: Patient | None = strawberry.field(description="The registered or changed patient.")
    user_errors: list[SetupUserError] = strawberry.field(description=USER_ERRORS)


def patient_values(source: object) -> PatientValues:
    """The columns an input sets (its fields share names with PatientValues')."""
    get = source.__getattribute__
    return PatientValues(
        first_name=get("first_name"),
        last_name=get("last_name"),
        chart_number=get("chart_number"),
        date_of_birth=get("date_of_birth"),
        phone=get("phone"),
        email=get("email"),
    )


async def patient_payload(info: Info, call: Callable[[], Awaitable[UUID]]) -> PatientPayload:
    """Run the save and build the payload, or its userErrors."""
    node, errors = await saved(info, call, lambda c: c.loaders.patients, Patient.from_row)
    return PatientPayload(patient=node, user_errors=errors)
