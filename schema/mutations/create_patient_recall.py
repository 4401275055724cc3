"""createPatientRecall: put a patient on a recall of a type."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import RECALL_EDITORS
from resolvers.ids import decode_id
from resolvers.input_limits import MAX_NOTE
from resolvers.recalls.patient_recalls import NewPatientRecall, create_patient_recall
from schema.info import Info
from schema.mutations.recall_common import (
    IDEMPOTENCY_KEY,
    RecallUserError,
    load_patient_recall,
    run_recall_mutation,
)
from schema.types.recalls import PatientRecall


@strawberry.input(description="A patient's new recall.")
class CreatePatientRecallInput:
    patient_id: GlobalID = strawberry.field(description="The patient.")
    recall_type_id: GlobalID = strawberry.field(description="The kind of recall.")
    due_date: date = strawberry.field(description="When it is first due.")
    interval_months: int | None = strawberry.field(
        default=None, description="Months between recalls, 1-120 (default: the type's)."
    )
    previous_date: date | None = strawberry.field(
        default=None, description="When it was last done, if known."
    )
    note: str | None = strawberry.field(
        default=None, description=f"Note, at most {MAX_NOTE} chars."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of createPatientRecall.")
class CreatePatientRecallPayload:
    patient_recall: PatientRecall | None = strawberry.field(description="The new recall.")
    user_errors: list[RecallUserError] = strawberry.field(
        description="Why nothing was created (DUPLICATE: the patient has one of this type)."
    )


async def resolve_create_patient_recall(
    info: Info,
    input: Annotated[CreatePatientRecallInput, strawberry.argument(description="The recall.")],
) -> CreatePatientRecallPayload:
    """Create a patient recall or explain why not."""

    async def call() -> uuid.UUID:
        new = NewPatientRecall(
            patient_id=decode_id(input.patient_id, "Patient", field="patientId"),
            recall_type_id=decode_id(input.recall_type_id, "RecallType", field="recallTypeId"),
            due_date=input.due_date,
            interval_months=input.interval_months,
            previous_date=input.previous_date,
            note=input.note,
        )
        return await create_patient_recall(info.context, new, idempotency_key=input.idempotency_key)

    ident, errors = await run_recall_mutation(call)
    return CreatePatientRecallPayload(
        patient_recall=await load_patient_recall(info, ident), user_errors=errors
    )


create_patient_recall_field = strawberry.mutation(
    metadata=RECALL_EDITORS,
    resolver=resolve_create_patient_recall,
    description=(
        "Put a patient on a recall; one recall per patient and type (DUPLICATE otherwise)."
    ),
)
