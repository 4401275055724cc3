"""updatePatientRecall: change a recall's due date, interval, disabled flag or note."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import RECALL_EDITORS
from resolvers.ids import decode_id
from resolvers.recalls.patient_recalls import PatientRecallChange, update_patient_recall
from schema.info import Info
from schema.mutations.recall_common import (
    IDEMPOTENCY_KEY,
    RecallUserError,
    load_patient_recall,
    run_recall_mutation,
)
from schema.types.recalls import PatientRecall


@strawberry.input(description="Changes to a patient recall; omitted fields stay as they are.")
class UpdatePatientRecallInput:
    patient_recall_id: GlobalID = strawberry.field(description="The recall to change.")
    base_version: int = strawberry.field(description="The version the change is based on.")
    due_date: date | None = strawberry.field(default=None, description="New due date.")
    interval_months: int | None = strawberry.field(
        default=None, description="New interval, 1-120 months."
    )
    disabled: bool | None = strawberry.field(default=None, description="Switch off or on.")
    note: str | None = strawberry.field(
        default=strawberry.UNSET, description="New note; null clears it."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of updatePatientRecall.")
class UpdatePatientRecallPayload:
    patient_recall: PatientRecall | None = strawberry.field(description="The recall as it is now.")
    user_errors: list[RecallUserError] = strawberry.field(
        description="Why nothing changed (VERSION_CONFLICT: baseVersion is stale)."
    )


async def resolve_update_patient_recall(
    info: Info,
    input: Annotated[UpdatePatientRecallInput, strawberry.argument(description="The changes.")],
) -> UpdatePatientRecallPayload:
    """Change a patient recall or explain why not."""
    change = PatientRecallChange(
        due_date=input.due_date,
        interval_months=input.interval_months,
        disabled=input.disabled,
        set_note=input.note is not strawberry.UNSET,
        note=input.note if input.note is not strawberry.UNSET else None,
    )

    async def call() -> uuid.UUID:
        ident = decode_id(input.patient_recall_id, "PatientRecall", field="patientRecallId")
        return await update_patient_recall(
            info.context, ident, input.base_version, change, idempotency_key=input.idempotency_key
        )

    ident, errors = await run_recall_mutation(call)
    return UpdatePatientRecallPayload(
        patient_recall=await load_patient_recall(info, ident), user_errors=errors
    )


update_patient_recall_field = strawberry.mutation(
    metadata=RECALL_EDITORS,
    resolver=resolve_update_patient_recall,
    description="Change a patient recall based on its current version.",
)
