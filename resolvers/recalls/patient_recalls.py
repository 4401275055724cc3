"""Patients' recalls: create one, change its due date, interval, flag or note, complete it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import recalls as queries
from db.rows.recalls import PatientRecallRow
from db.tables import patients
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, NotFound, VersionConflict
from resolvers.input_limits import check_length
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.recalls.common import check_interval
from scheduling.recalls import RecallStatus, next_due_date


@dataclass(frozen=True, slots=True)
class NewPatientRecall:
    """A patient's recall of a type."""

    patient_id: uuid.UUID
    recall_type_id: uuid.UUID
    due_date: date
    interval_months: int | None
    previous_date: date | None
    note: str | None


async def create_patient_recall(
    ctx: RequestContext, new: NewPatientRecall, *, idempotency_key: str | None
) -> uuid.UUID:
    """Create a patient's recall; DUPLICATE when the patient has one of that type."""
    org = ctx.viewer.organization_id
    interval = (
        check_interval(new.interval_months, "intervalMonths")
        if new.interval_months is not None
        else None
    )
    check_length(new.note, field="note")
    note = new.note

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if not await queries.exists_in(
            connection, patients, organization_id=org, ident=new.patient_id
        ):
            raise NotFound("No such patient", field="patientId")
        found = await queries.rows_of(connection, org, new.recall_type_id)
        if not found:
            raise NotFound("No such recall type", field="recallTypeId")
        recall_type = found[0]
        values = {
            "organization_id": org,
            "patient_id": new.patient_id,
            "recall_type_id": new.recall_type_id,
            "due_date": new.due_date,
            "previous_date": new.previous_date,
            "interval_months": interval or recall_type.default_interval_months,
            "status": RecallStatus.DUE.value,
            "note": note,
        }
        row = await queries.insert_row(connection, queries.PATIENT_RECALLS, values)
        return Written(row.id)

    request = {
        "patient_id": str(new.patient_id),
        "recall_type_id": str(new.recall_type_id),
        "due_date": new.due_date.isoformat(),
        "previous_date": new.previous_date.isoformat() if new.previous_date else None,
        "interval_months": interval,
        "note": note,
    }
    return await run_row_mutation(
        ctx,
        work,
        name="createPatientRecall",
        idempotency_key=idempotency_key,
        request=request,
        duplicate=Duplicate("The patient already has a recall of this type", field="recallTypeId"),
    )


@dataclass(frozen=True, slots=True)
class PatientRecallChange:
    """Fields of a patient recall to set; None leaves a field (note: `set_note`)."""

    due_date: date | None = None
    interval_months: int | None = None
    disabled: bool | None = None
    set_note: bool = False
    note: str | None = None


async def _locked(
    connection: AsyncConnection, org: uuid.UUID, recall_id: uuid.UUID, base_version: int | None
) -> PatientRecallRow:
    recall = await queries.lock_recall(connection, organization_id=org, recall_id=recall_id)
    if recall is None:
        raise NotFound("No such patient recall", field="patientRecallId")
    if base_version is not None and recall.version != base_version:
        raise VersionConflict(
            f"The recall changed since version {base_version} (now {recall.version})",
            field="baseVersion",
        )
    return recall


async def update_patient_recall(
    ctx: RequestContext,
    recall_id: uuid.UUID,
    base_version: int,
    change: PatientRecallChange,
    *,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Change a recall's due date, interval, disabled flag or note; VERSION_CONFLICT if stale."""
    org = ctx.viewer.organization_id
    values: dict[str, Any] = {}
    if change.due_date is not None:
        values["due_date"] = change.due_date
    if change.interval_months is not None:
        values["interval_months"] = check_interval(change.interval_months, "intervalMonths")
    if change.disabled is not None:
        values["disabled"] = change.disabled
    if change.set_note:
        check_length(change.note, field="note")
        values["note"] = change.note

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        recall = await _locked(connection, org, recall_id, base_version)
        await queries.write_recall(connection, recall=recall, values=values)
        return Written(recall_id)

    request = {
        "recall_id": str(recall_id),
        "base_version": base_version,
        **{k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()},
    }
    return await run_row_mutation(
        ctx,
        work,
        name="updatePatientRecall",
        idempotency_key=idempotency_key,
        request=request,
    )


async def complete_patient_recall(
    ctx: RequestContext,
    recall_id: uuid.UUID,
    *,
    completed_on: date,
    base_version: int | None,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Record a recall done on `completed_on`: next due date one interval later, status due."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        recall = await _locked(connection, org, recall_id, base_version)
        values = {
            "previous_date": completed_on,
            "due_date": next_due_date(completed_on, recall.interval_months),
            "status": RecallStatus.DUE.value,
            "appointment_id": None,
        }
        await queries.write_recall(connection, recall=recall, values=values)
        return Written(recall_id)

    request = {
        "recall_id": str(recall_id),
        "completed_on": completed_on.isoformat(),
        "base_version": base_version,
    }
    return await run_row_mutation(
        ctx,
        work,
        name="completePatientRecall",
        idempotency_key=idempotency_key,
        request=request,
    )
