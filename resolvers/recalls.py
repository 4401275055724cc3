"""Recalls: list and change recall types, triggers and patients' recalls (staff/integration)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import recalls as queries
from resolvers.context import RequestContext
from resolvers.errors import ClientError, Forbidden, NotFound, Validation, VersionConflict
from resolvers.idempotent import Work, run_idempotent
from scheduling.recalls import RecallStatus, interval_problem, next_due_date

UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"
MAX_DUE_RECALLS = 500


class Duplicate(ClientError):
    """A unique rule of recalls would be broken."""

    code = "DUPLICATE"


def require_reader(ctx: RequestContext) -> uuid.UUID:
    """The caller's organization; FORBIDDEN for patients."""
    if ctx.viewer.is_patient:
        raise Forbidden("Patients cannot read the practice's recalls")
    return ctx.viewer.organization_id


def _writer(ctx: RequestContext) -> uuid.UUID:
    if ctx.viewer.is_patient:
        raise Forbidden("Only staff and integrations may change recalls")
    return ctx.viewer.organization_id


def _name(value: str) -> str:
    name = value.strip()
    if not 1 <= len(name) <= 100:
        raise Validation("The name must be 1 to 100 characters", field="name")
    return name


def _code(value: str) -> str:
    code = value.strip().upper()
    if not 1 <= len(code) <= 20:
        raise Validation("The procedure code must be 1 to 20 characters", field="procedureCode")
    return code


def _interval(months: int, field: str) -> int:
    problem = interval_problem(months)
    if problem is not None:
        raise Validation(problem, field=field)
    return months


def _note(value: str | None) -> str | None:
    if value is not None and len(value) > 2000:
        raise Validation("The note may be at most 2000 characters", field="note")
    return value


async def _run(
    ctx: RequestContext,
    name: str,
    key: str | None,
    request: dict[str, Any],
    work: Work,
    *,
    duplicate: tuple[str, str],
) -> uuid.UUID:
    """Run a recall mutation; constraint violations become DUPLICATE or NOT_FOUND."""
    try:
        result = await run_idempotent(
            ctx, name=name, idempotency_key=key, request=request, work=work
        )
    except IntegrityError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        if state == UNIQUE_VIOLATION:
            message, field = duplicate
            raise Duplicate(message, field=field) from exc
        if state == FOREIGN_KEY_VIOLATION:  # deleted by someone else meanwhile
            raise NotFound("A referenced object no longer exists") from exc
        raise
    return uuid.UUID(result["id"])


# Reads


async def recall_types(ctx: RequestContext, *, include_inactive: bool) -> Sequence[Row[Any]]:
    """The organization's recall types in order."""
    org = require_reader(ctx)
    return await queries.list_types(ctx.db, organization_id=org, include_inactive=include_inactive)


async def recall_triggers(
    ctx: RequestContext, *, recall_type_id: uuid.UUID | None
) -> Sequence[Row[Any]]:
    """The organization's recall triggers by procedure code."""
    org = require_reader(ctx)
    return await queries.list_triggers(ctx.db, organization_id=org, recall_type_id=recall_type_id)


async def due_recalls(
    ctx: RequestContext, *, due_on: date, location_id: uuid.UUID | None, first: int
) -> Sequence[Row[Any]]:
    """Enabled, open recalls due on or before `due_on`, most overdue first."""
    org = require_reader(ctx)
    if not 1 <= first <= MAX_DUE_RECALLS:
        raise Validation(f"first must be 1 to {MAX_DUE_RECALLS}", field="first")
    return await queries.due_recalls(
        ctx.db, organization_id=org, due_on=due_on, location_id=location_id, first=first
    )


async def recalls_by_ids(
    ctx: RequestContext, kind: str, ids: Sequence[uuid.UUID]
) -> list[Row[Any] | None]:
    """Rows by id in order; None for unknown ids, other organizations' and for patients."""
    if ctx.viewer.is_patient or not ids:
        return [None] * len(ids)
    rows = await queries.rows_by_ids(
        ctx.db, kind=kind, organization_id=ctx.viewer.organization_id, ids=ids
    )
    found = {row.id: row for row in rows}
    return [found.get(ident) for ident in ids]


async def patient_recalls(ctx: RequestContext, patient_id: uuid.UUID) -> Sequence[Row[Any]]:
    """A patient's recalls by due date (a patient caller sees only their own)."""
    if not ctx.viewer.may_see_patient(patient_id):
        return []
    return await ctx.loaders.recalls.of_patient.load(patient_id)


async def appointment_recalls(
    ctx: RequestContext, appointment_id: uuid.UUID, patient_id: uuid.UUID
) -> Sequence[Row[Any]]:
    """The recalls an appointment books (a patient caller sees only their own)."""
    if not ctx.viewer.may_see_patient(patient_id):
        return []
    return await ctx.loaders.recalls.of_appointment.load(appointment_id)


async def recall_of_entry(ctx: RequestContext, recall_id: uuid.UUID) -> Row[Any] | None:
    """The recall a waitlist entry was made from (entries are staff-only already)."""
    return await ctx.loaders.recalls.by_id.load(recall_id)


# Recall types


@dataclass(frozen=True, slots=True)
class RecallTypeChange:
    """Fields of a recall type to set; None leaves a field as it is."""

    name: str | None = None
    default_interval_months: int | None = None
    active: bool | None = None
    sort_order: int | None = None


def _type_values(change: RecallTypeChange) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if change.name is not None:
        values["name"] = _name(change.name)
    if change.default_interval_months is not None:
        values["default_interval_months"] = _interval(
            change.default_interval_months, "defaultIntervalMonths"
        )
    if change.active is not None:
        values["active"] = change.active
    if change.sort_order is not None:
        values["sort_order"] = change.sort_order
    return values


DUPLICATE_TYPE = ("A recall type with this name exists", "name")


async def create_recall_type(
    ctx: RequestContext, change: RecallTypeChange, *, idempotency_key: str | None
) -> uuid.UUID:
    """Create a recall type; DUPLICATE for a name in use."""
    org = _writer(ctx)
    if change.name is None or change.default_interval_months is None:
        raise Validation("name and defaultIntervalMonths are required", field="name")
    values = {"active": True, "sort_order": 0, **_type_values(change)}

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        row = await queries.insert_row(
            connection, queries.recall_types, {**values, "organization_id": org}
        )
        return {"id": str(row.id)}

    return await _run(
        ctx, "createRecallType", idempotency_key, values, work, duplicate=DUPLICATE_TYPE
    )


async def update_recall_type(
    ctx: RequestContext,
    recall_type_id: uuid.UUID,
    change: RecallTypeChange,
    *,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Change a recall type; NOT_FOUND for unknown or other organizations' types."""
    org = _writer(ctx)
    values = _type_values(change)

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        if not await queries.exists_in(
            connection, queries.recall_types, organization_id=org, ident=recall_type_id
        ):
            raise NotFound("No such recall type", field="recallTypeId")
        if values:
            await queries.update_row(
                connection,
                queries.recall_types,
                organization_id=org,
                ident=recall_type_id,
                values=values,
            )
        return {"id": str(recall_type_id)}

    request = {"recall_type_id": str(recall_type_id), **values}
    return await _run(
        ctx, "updateRecallType", idempotency_key, request, work, duplicate=DUPLICATE_TYPE
    )


# Triggers


async def create_recall_trigger(
    ctx: RequestContext,
    *,
    recall_type_id: uuid.UUID,
    procedure_code: str,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Make a procedure code set a recall type; DUPLICATE when the code already has a trigger."""
    org = _writer(ctx)
    code = _code(procedure_code)

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        if not await queries.exists_in(
            connection, queries.recall_types, organization_id=org, ident=recall_type_id
        ):
            raise NotFound("No such recall type", field="recallTypeId")
        row = await queries.insert_row(
            connection,
            queries.recall_triggers,
            {"organization_id": org, "recall_type_id": recall_type_id, "procedure_code": code},
        )
        return {"id": str(row.id)}

    request = {"recall_type_id": str(recall_type_id), "procedure_code": code}
    return await _run(
        ctx,
        "createRecallTrigger",
        idempotency_key,
        request,
        work,
        duplicate=("This procedure code already triggers a recall", "procedureCode"),
    )


# Patient recalls


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
    org = _writer(ctx)
    interval = (
        _interval(new.interval_months, "intervalMonths")
        if new.interval_months is not None
        else None
    )
    note = _note(new.note)

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        if not await queries.exists_in(
            connection, queries.patients, organization_id=org, ident=new.patient_id
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
        row = await queries.insert_row(connection, queries.patient_recalls, values)
        return {"id": str(row.id)}

    request = {
        "patient_id": str(new.patient_id),
        "recall_type_id": str(new.recall_type_id),
        "due_date": new.due_date.isoformat(),
        "previous_date": new.previous_date.isoformat() if new.previous_date else None,
        "interval_months": interval,
        "note": note,
    }
    return await _run(
        ctx,
        "createPatientRecall",
        idempotency_key,
        request,
        work,
        duplicate=("The patient already has a recall of this type", "recallTypeId"),
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
) -> Row[Any]:
    recall = await queries.lock_recall(connection, organization_id=org, recall_id=recall_id)
    if recall is None:
        raise NotFound("No such patient recall", field="patientRecallId")
    if base_version is not None and recall.version != base_version:
        raise VersionConflict(
            f"The recall changed since version {base_version} (now {recall.version})",
            field="baseVersion",
        )
    return recall


NO_DUPLICATE = ("Unexpected duplicate", "patientRecallId")


async def update_patient_recall(
    ctx: RequestContext,
    recall_id: uuid.UUID,
    base_version: int,
    change: PatientRecallChange,
    *,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Change a recall's due date, interval, disabled flag or note; VERSION_CONFLICT if stale."""
    org = _writer(ctx)
    values: dict[str, Any] = {}
    if change.due_date is not None:
        values["due_date"] = change.due_date
    if change.interval_months is not None:
        values["interval_months"] = _interval(change.interval_months, "intervalMonths")
    if change.disabled is not None:
        values["disabled"] = change.disabled
    if change.set_note:
        values["note"] = _note(change.note)

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        recall = await _locked(connection, org, recall_id, base_version)
        await queries.write_recall(connection, recall=recall, values=values)
        return {"id": str(recall_id)}

    request = {
        "recall_id": str(recall_id),
        "base_version": base_version,
        **{k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()},
    }
    return await _run(
        ctx, "updatePatientRecall", idempotency_key, request, work, duplicate=NO_DUPLICATE
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
    org = _writer(ctx)

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        recall = await _locked(connection, org, recall_id, base_version)
        values = {
            "previous_date": completed_on,
            "due_date": next_due_date(completed_on, recall.interval_months),
            "status": RecallStatus.DUE.value,
            "appointment_id": None,
        }
        await queries.write_recall(connection, recall=recall, values=values)
        return {"id": str(recall_id)}

    request = {
        "recall_id": str(recall_id),
        "completed_on": completed_on.isoformat(),
        "base_version": base_version,
    }
    return await _run(
        ctx, "completePatientRecall", idempotency_key, request, work, duplicate=NO_DUPLICATE
    )


def today() -> date:
    """The date recalls' statuses are read against (UTC)."""
    return datetime.now(UTC).date()


def now() -> datetime:
    """The instant linked holds are judged at when a recall is read."""
    return datetime.now(UTC)
