"""completePatientRecall: record a recall as done and roll it to the next due date."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import RECALL_EDITORS
from resolvers.ids import decode_id
from resolvers.recalls.patient_recalls import complete_patient_recall
from schema.info import Info
from schema.mutations.recall_common import (
    IDEMPOTENCY_KEY,
    RecallUserError,
    load_patient_recall,
    run_recall_mutation,
)
from schema.types.recalls import PatientRecall


@strawberry.input(description="A recall that was done.")
class CompletePatientRecallInput:
    patient_recall_id: GlobalID = strawberry.field(description="The recall that was done.")
    completed_on: date = strawberry.field(description="The date it was done.")
    base_version: int | None = strawberry.field(
        default=None, description="If given, VERSION_CONFLICT unless the recall is at it."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of completePatientRecall.")
class CompletePatientRecallPayload:
    patient_recall: PatientRecall | None = strawberry.field(description="The rolled-on recall.")
    user_errors: list[RecallUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_complete_patient_recall(
    info: Info,
    input: Annotated[CompletePatientRecallInput, strawberry.argument(description="What.")],
) -> CompletePatientRecallPayload:
    """Complete a patient recall or explain why not."""

    async def call() -> uuid.UUID:
        ident = decode_id(input.patient_recall_id, "PatientRecall", field="patientRecallId")
        return await complete_patient_recall(
            info.context,
            ident,
            completed_on=input.completed_on,
            base_version=input.base_version,
            idempotency_key=input.idempotency_key,
        )

    ident, errors = await run_recall_mutation(call)
    return CompletePatientRecallPayload(
        patient_recall=await load_patient_recall(info, ident), user_errors=errors
    )


complete_patient_recall_field = strawberry.mutation(
    metadata=RECALL_EDITORS,
    resolver=resolve_complete_patient_recall,
    description=(
        "Record a recall as done on `completedOn`: previousDate becomes "
        "that date, the due date moves one interval later (clamped to month end), status DUE."
    ),
)
