"""addAppointmentProcedure and removeAppointmentProcedure: an appointment's procedures as
records (code, fee, provider, order), under the appointment's baseVersion, audited.

The appointment's procedure codes follow its procedures: adding one adds its code (so
completing the visit fires the code's recall triggers), removing the last procedure of a
code removes the code.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from db.queries import procedure_writes
from db.rows.appointments import AppointmentRow, ProcedureRow
from resolvers.context import RequestContext
from resolvers.errors import NotFound, Validation
from resolvers.lifecycle import references
from resolvers.lifecycle.change import record_change
from resolvers.lifecycle.existing import lock_for_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.update import ensure_open
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.recalls.common import check_procedure_code
from scheduling.recalls import MAX_PROCEDURE_CODES

MAX_FEE = Decimal("1000000")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class AddProcedure:
    """A procedure to add to an appointment."""

    appointment_id: uuid.UUID
    base_version: int
    code: str
    fee: Decimal = Decimal("0")
    provider_id: uuid.UUID | None = None
    order: int | None = None  # None: last


def _check_fee(fee: Decimal) -> Decimal:
    if not fee.is_finite() or not 0 <= fee <= MAX_FEE:
        raise Validation("fee must be between 0 and 1000000", field="fee")
    if fee != fee.quantize(CENT):
        raise Validation("fee may have at most 2 decimal places", field="fee")
    return fee


def _code(code: str) -> str:
    try:
        return check_procedure_code(code)
    except Validation as exc:
        raise Validation(exc.message, field="code") from exc


def _stored(row: ProcedureRow) -> dict[str, Any]:
    """A procedure as its history entry keeps it."""
    return {
        "id": str(row.id),
        "code": row.code,
        "fee": str(row.fee),
        "provider_id": str(row.provider_id) if row.provider_id else None,
        "order": row.position,
    }


async def add_procedure(
    ctx: RequestContext, request: AddProcedure, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Add the procedure at its place (default: last); the appointment's version moves on."""
    code = _code(request.code)
    fee = _check_fee(request.fee)
    if request.order is not None and request.order < 0:
        raise Validation("order must be 0 or more", field="order")
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> AppointmentOutcome:
        connection = tx.connection
        row = await _open_appointment(connection, ctx, request.appointment_id, request.base_version)
        if request.provider_id is not None:
            await references.require_providers(
                connection, org, [request.provider_id], field="providerId"
            )
        existing = await procedure_writes.procedures_of(connection, appointment_id=row.id)
        if len(existing) >= MAX_PROCEDURE_CODES:
            raise Validation(
                f"An appointment has at most {MAX_PROCEDURE_CODES} procedures", field="code"
            )
        codes = list(row.procedure_codes)
        if code not in codes:
            codes.append(code)
        if len(codes) > MAX_PROCEDURE_CODES:
            raise Validation(f"At most {MAX_PROCEDURE_CODES} procedure codes", field="code")
        position = min(request.order if request.order is not None else len(existing), len(existing))
        await procedure_writes.make_room(connection, appointment_id=row.id, at=position)
        added = await procedure_writes.insert_procedure(
            connection,
            {
                "organization_id": org,
                "appointment_id": row.id,
                "code": code,
                "fee": fee,
                "provider_id": request.provider_id,
                "position": position,
            },
        )
        await _record(tx, row, codes, "procedure_added", after=_stored(added))
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="addAppointmentProcedure",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request=asdict(request),
    )


async def remove_procedure(
    ctx: RequestContext,
    *,
    procedure_id: uuid.UUID,
    base_version: int,
    idempotency_key: str | None,
) -> AppointmentOutcome:
    """Remove a procedure; its code goes too unless another of its procedures has it."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> AppointmentOutcome:
        connection = tx.connection
        procedure = await procedure_writes.procedure_row(
            connection, organization_id=org, procedure_id=procedure_id
        )
        if procedure is None:
            raise NotFound("No procedure with this ID", field="procedureId")
        try:
            row = await _open_appointment(connection, ctx, procedure.appointment_id, base_version)
        except NotFound as exc:  # a patient's: not theirs to see
            raise NotFound("No procedure with this ID", field="procedureId") from exc
        await procedure_writes.delete_procedure(connection, procedure)
        others = await procedure_writes.procedures_of(connection, appointment_id=row.id)
        codes = list(row.procedure_codes)
        if procedure.code in codes and all(other.code != procedure.code for other in others):
            codes.remove(procedure.code)
        await _record(tx, row, codes, "procedure_removed", before=_stored(procedure))
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="removeAppointmentProcedure",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request={"procedure_id": str(procedure_id), "base_version": base_version},
    )


async def _open_appointment(
    connection: AsyncConnection, ctx: RequestContext, appointment_id: uuid.UUID, version: int
) -> AppointmentRow:
    row = await lock_for_change(
        connection, ctx, appointment_id=appointment_id, base_version=version
    )
    await ensure_open(connection, row, "change its procedures")
    return row


async def _record(
    tx: Transaction,
    row: AppointmentRow,
    codes: list[str],
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write the appointment's new codes and version, and the history entry."""
    await writes.update_appointment(
        tx.connection, appointment_id=row.id, values={"procedure_codes": codes}
    )
    changes: dict[str, Any] = {"procedure": {"before": before, "after": after}}
    if codes != list(row.procedure_codes):
        changes["procedure_codes"] = {"before": list(row.procedure_codes), "after": codes}
    record_change(tx.journal, row, action=action, changes=changes)
