"""mergePatients (staff): a duplicate patient's appointments, waitlist entries and recalls
move to the patient kept, in one transaction, or nothing happens and the userError says why.

The duplicate stays, pointing at the patient it was merged into (merged_into_id): it is no
longer found by search or booked, and its history stays readable. Both patient rows are locked
in id order (two merges of the same pair in opposite directions cannot deadlock: the second
finds the first done), and booking reads its patient under a KEY SHARE lock, so a visit booked
for the duplicate meanwhile either moves with the merge or is refused as merged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from db.audit_journal import AppointmentAudit
from db.loaders import Loaders
from db.queries import patient_merge as queries
from db.queries.practice import PATIENTS
from db.rows.practice import PatientRow
from db.tables import patients
from resolvers.context import RequestContext
from resolvers.errors import AlreadyMerged, MergeConflict, Validation
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.setup import rows


@dataclass(frozen=True, slots=True)
class MergeRequest:
    """Merge `duplicate` into `keep`, both at the versions the client saw."""

    keep_id: uuid.UUID
    keep_version: int
    duplicate_id: uuid.UUID
    duplicate_version: int


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    """The patient kept, the duplicate, and what moved."""

    keep_id: uuid.UUID
    duplicate_id: uuid.UUID
    appointment_ids: tuple[uuid.UUID, ...]
    waitlist_entry_ids: tuple[uuid.UUID, ...]
    recall_ids: tuple[uuid.UUID, ...]

    def forget(self, loaders: Loaders) -> None:
        loaders.forget_row(self.keep_id)
        loaders.forget_row(self.duplicate_id)
        for ident in self.appointment_ids:
            loaders.forget_appointment(ident)


async def merge_patients(
    ctx: RequestContext, request: MergeRequest, *, idempotency_key: str | None
) -> MergeOutcome:
    """Merge the duplicate into the kept patient, or raise why not (nothing changed)."""
    if request.keep_id == request.duplicate_id:
        raise Validation("A patient cannot be merged into themselves", field="duplicatePatientId")

    async def work(tx: Transaction) -> MergeOutcome:
        connection = tx.connection
        keep, duplicate = await _locked_pair(connection, ctx, request)
        await _check_mergeable(connection, ctx, keep, duplicate)
        org = ctx.viewer.organization_id
        moved = await queries.move_rows(
            connection, organization_id=org, keep=keep.id, duplicate=duplicate.id
        )
        patient_change = {"patient_id": {"before": str(duplicate.id), "after": str(keep.id)}}
        for appointment_id in moved["appointments"]:
            tx.journal.record(AppointmentAudit(appointment_id, "updated", patient_change))
        await rows.update_row(tx, ctx, patients, duplicate, {"merged_into_id": keep.id})
        counts = {name: len(ids) for name, ids in moved.items()}
        merged = {"merged_patient_id": duplicate.id, **counts}
        rows.audit(tx.journal, patients, keep.id, "MERGED", merged, contact_free=True)
        return MergeOutcome(
            keep.id,
            duplicate.id,
            tuple(moved["appointments"]),
            tuple(moved["waitlist_entries"]),
            tuple(moved["patient_recalls"]),
        )

    return await run_mutation(
        ctx,
        work,
        name="mergePatients",
        outcome=MergeOutcome,
        idempotency_key=idempotency_key,
        request={
            "keep_id": request.keep_id,
            "keep_version": request.keep_version,
            "duplicate_id": request.duplicate_id,
            "duplicate_version": request.duplicate_version,
        },
    )


async def _locked_pair(
    connection: AsyncConnection, ctx: RequestContext, request: MergeRequest
) -> tuple[PatientRow, PatientRow]:
    """Both patients, locked in id order, at the versions the client saw."""
    wanted = {
        request.keep_id: ("keepPatientId", "keepBaseVersion", request.keep_version),
        request.duplicate_id: (
            "duplicatePatientId",
            "duplicateBaseVersion",
            request.duplicate_version,
        ),
    }
    found: dict[uuid.UUID, PatientRow] = {}
    for ident in sorted(wanted, key=str):
        field, version_field, version = wanted[ident]
        row = await rows.locked_row(connection, ctx, PATIENTS, ident, field=field, label="patient")
        if row.merged_into_id is not None:
            raise AlreadyMerged("This patient was merged into another already", field=field)
        rows.check_version(row, version, field=version_field)
        found[ident] = row
    return found[request.keep_id], found[request.duplicate_id]


async def _check_mergeable(
    connection: AsyncConnection, ctx: RequestContext, keep: PatientRow, duplicate: PatientRow
) -> None:
    """MERGE_CONFLICT when the two records cannot become one as they are."""
    ids = {
        "organization_id": ctx.viewer.organization_id,
        "keep": keep.id,
        "duplicate": duplicate.id,
    }
    start = await queries.overlapping_visit(connection, **ids)
    if start is not None:
        raise MergeConflict(
            f"Both patients have a visit at {start.isoformat()}: cancel or move one first",
            field="duplicatePatientId",
        )
    recall_type = await queries.shared_recall_type(connection, **ids)
    if recall_type is not None:
        raise MergeConflict(
            f"Both patients have a '{recall_type}' recall: remove one first",
            field="duplicatePatientId",
        )
    if await queries.shared_waitlist_entries(connection, **ids):
        raise MergeConflict(
            "Both patients wait on the waitlist for the same location and type: remove one "
            "entry first",
            field="duplicatePatientId",
        )
