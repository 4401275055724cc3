"""The procedureFrequency root field: the procedure-frequency check by patient and code,
before there is a visit (a visit's procedures answer it as AppointmentProcedure.frequency)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import EVERYONE_OWN
from resolvers.procedure_frequency import frequency_for_patient
from schema.info import Info
from schema.types.appointment_procedure import ProcedureFrequency


async def resolve_procedure_frequency(
    info: Info,
    patient_id: Annotated[GlobalID, strawberry.argument(description="The patient.")],
    procedure_code: Annotated[
        str, strawberry.argument(description="The procedure code, e.g. D1110 (any case).")
    ],
    on: Annotated[
        date,
        strawberry.argument(description="The day the procedure would be done (e.g. today)."),
    ],
) -> ProcedureFrequency | None:
    """The check, or null for a patient the caller cannot see."""
    found = await frequency_for_patient(
        info.context, patient_id=patient_id, code=procedure_code, on=on
    )
    return ProcedureFrequency.of(*found) if found is not None else None


procedure_frequency_field = strawberry.field(
    metadata=EVERYONE_OWN,
    resolver=resolve_procedure_frequency,
    description=(
        "When the patient last had a procedure done, how many days before `on`, and whether "
        "it may be done on `on` (the frequency of the recall types the code triggers); null "
        "for a patient the caller cannot see. A patient checks only themselves."
    ),
)
