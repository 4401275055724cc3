"""mergePatients: fold a duplicate patient record into the one kept (staff)."""

from __future__ import annotations

import enum
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.errors import ClientError
from resolvers.ids import decode_id
from resolvers.setup.patient_merge import MergeOutcome, MergeRequest, merge_patients
from schema.info import Info
from schema.mutations.setup_common import IDEMPOTENCY, USER_ERRORS
from schema.types.practice import Patient
from schema.user_errors import user_error


@strawberry.enum(description="Why mergePatients changed nothing.")
class PatientMergeErrorCode(enum.Enum):
    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    ALREADY_MERGED = strawberry.enum_value(
        "ALREADY_MERGED", description="A patient was merged into another before."
    )
    MERGE_CONFLICT = strawberry.enum_value(
        "MERGE_CONFLICT",
        description="Their visits overlap, or both have a recall of one type or an active "
        "waitlist entry for one location and type; the message says which.",
    )
    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"


@strawberry.type(description="Why mergePatients did not merge.")
class PatientMergeUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: PatientMergeErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


@strawberry.input(description="Two records of one person: the one to keep and the duplicate.")
class MergePatientsInput:
    keep_patient_id: GlobalID = strawberry.field(description="The patient who stays.")
    keep_base_version: int = strawberry.field(description="The kept patient's version seen.")
    duplicate_patient_id: GlobalID = strawberry.field(
        description="The duplicate: its appointments, waitlist entries and recalls move to the "
        "patient kept; it stays readable, marked mergedInto, and is no longer found or booked."
    )
    duplicate_base_version: int = strawberry.field(description="The duplicate's version seen.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of mergePatients.")
class MergePatientsPayload:
    patient: Patient | None = strawberry.field(description="The patient kept.")
    merged_patient: Patient | None = strawberry.field(description="The duplicate, now merged.")
    moved_appointment_count: int = strawberry.field(description="Appointments moved.")
    moved_waitlist_entry_count: int = strawberry.field(description="Waitlist entries moved.")
    moved_recall_count: int = strawberry.field(description="Recalls moved.")
    user_errors: list[PatientMergeUserError] = strawberry.field(description=USER_ERRORS)


async def resolve_merge_patients(
    info: Info,
    input: Annotated[MergePatientsInput, strawberry.argument(description="The two patients.")],
) -> MergePatientsPayload:
    """Merge two patient records or explain why not."""
    try:
        request = MergeRequest(
            keep_id=decode_id(input.keep_patient_id, "Patient", field="keepPatientId"),
            keep_version=input.keep_base_version,
            duplicate_id=decode_id(
                input.duplicate_patient_id, "Patient", field="duplicatePatientId"
            ),
            duplicate_version=input.duplicate_base_version,
        )
        outcome = await merge_patients(info.context, request, idempotency_key=input.idempotency_key)
    except ClientError as error:
        field, code, message = user_error(error, PatientMergeErrorCode)
        return _payload(None, [PatientMergeUserError(field=field, code=code, message=message)])
    return await _loaded(info, outcome)


async def _loaded(info: Info, outcome: MergeOutcome) -> MergePatientsPayload:
    kept, merged = await info.context.loaders.patients.load_many(
        [outcome.keep_id, outcome.duplicate_id]
    )
    payload = _payload(outcome, [])
    payload.patient = Patient.from_row(kept) if kept is not None else None
    payload.merged_patient = Patient.from_row(merged) if merged is not None else None
    return payload


def _payload(
    outcome: MergeOutcome | None, errors: list[PatientMergeUserError]
) -> MergePatientsPayload:
    return MergePatientsPayload(
        patient=None,
        merged_patient=None,
        moved_appointment_count=len(outcome.appointment_ids) if outcome else 0,
        moved_waitlist_entry_count=len(outcome.waitlist_entry_ids) if outcome else 0,
        moved_recall_count=len(outcome.recall_ids) if outcome else 0,
        user_errors=errors,
    )


merge_patients_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_merge_patients,
    description="Merge a duplicate patient into the one kept: its appointments, waitlist "
    "entries and recalls move in one transaction, or nothing changes and userErrors say why "
    "(staff).",
)
