"""updateAppointment: details that neither move the appointment nor change who sees it
(note, type, priority, production, flags, procedure codes)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from db.queries import procedure_writes
from db.rows.appointments import AppointmentRow
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, Validation
from resolvers.input_limits import check_length
from resolvers.lifecycle import references
from resolvers.lifecycle.change import change_appointment, record_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.staffing import check_new_type
from resolvers.mutation_runner import Transaction
from resolvers.recalls.common import check_procedure_codes
from scheduling.appointment_status import AppointmentStatus, effective_status

CLOSED = frozenset({AppointmentStatus.CANCELLED, AppointmentStatus.EXPIRED})
MAX_PRODUCTION = Decimal("1000000")
CENT = Decimal("0.01")


async def current_status(connection: AsyncConnection, row: AppointmentRow) -> AppointmentStatus:
    """The status as of now by the database clock: a lapsed hold is EXPIRED."""
    if row.status is not AppointmentStatus.HOLD:
        return AppointmentStatus(row.status)
    return effective_status(row.status, row.hold_expires_at, await writes.database_now(connection))


async def ensure_open(
    connection: AsyncConnection, row: AppointmentRow, change: str
) -> AppointmentStatus:
    """The current status; INVALID_TRANSITION if cancelled or expired (a lapsed hold too)."""
    status = await current_status(connection, row)
    if status in CLOSED:
        raise InvalidTransition(f"A {status.upper()} appointment cannot {change}")
    return status


async def write_update(tx: Transaction, row: AppointmentRow, values: dict[str, Any]) -> None:
    """Write the changed columns and their "updated" history entry; with none, nothing (the
    version stays)."""
    if not values:
        return
    await writes.update_appointment(tx.connection, appointment_id=row.id, values=values)
    record_change(
        tx.journal,
        row,
        action="updated",
        changes={
            name: {"before": history_value(getattr(row, name)), "after": history_value(value)}
            for name, value in values.items()
        },
    )


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    """New details of an appointment; None leaves a field as it is."""

    appointment_id: uuid.UUID
    base_version: int
    note: str | None = None
    appointment_type_id: uuid.UUID | None = None
    priority: int | None = None
    production_amount: Decimal | None = None
    is_new_patient: bool | None = None
    is_time_locked: bool | None = None
    # Replaces the codes when given ([] clears them); a new type does not rewrite them.
    procedure_codes: tuple[str, ...] | None = None


def _check(request: UpdateRequest) -> None:
    check_length(request.note, field="note")
    if request.priority is not None and not -100 <= request.priority <= 100:
        raise Validation("priority must be between -100 and 100", field="priority")
    amount = request.production_amount
    if amount is not None:
        if not amount.is_finite() or not 0 <= amount <= MAX_PRODUCTION:
            raise Validation(
                "productionAmount must be between 0 and 1000000", field="productionAmount"
            )
        if amount != amount.quantize(CENT):
            raise Validation(
                "productionAmount may have at most 2 decimal places", field="productionAmount"
            )


def history_value(value: Any) -> Any:
    """A value as the history stores it."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return str(value.quantize(CENT))
    return value


async def _keep_recorded_codes(
    connection: AsyncConnection, row: AppointmentRow, codes: tuple[str, ...]
) -> None:
    """VALIDATION when the new codes leave out one the appointment's procedures record."""
    recorded = await procedure_writes.procedures_of(connection, appointment_id=row.id)
    missing = sorted({procedure.code for procedure in recorded} - set(codes))
    if missing:
        raise Validation(
            f"{', '.join(missing)} is recorded as a procedure of this appointment; remove it "
            "with removeAppointmentProcedure first",
            field="procedureCodes",
        )


async def update_appointment(
    ctx: RequestContext, request: UpdateRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Change the given details; the times stay, even when the type changes."""
    viewer = ctx.viewer
    _check(request)
    codes = request.procedure_codes
    if codes is not None:
        codes = check_procedure_codes(codes, "procedureCodes")
    org = viewer.organization_id
    asked = {
        "note": request.note,
        "appointment_type_id": request.appointment_type_id,
        "priority": request.priority,
        "production_amount": request.production_amount,
        "is_new_patient": request.is_new_patient,
        "is_time_locked": request.is_time_locked,
        "procedure_codes": list(codes) if codes is not None else None,
    }

    async def change(tx: Transaction, row: AppointmentRow) -> None:
        connection = tx.connection
        await ensure_open(connection, row, "be updated")
        if codes is not None:
            await _keep_recorded_codes(connection, row, codes)
        values = {
            name: value
            for name, value in asked.items()
            if value is not None and value != getattr(row, name)
        }
        if request.appointment_type_id is not None and "appointment_type_id" in values:
            await references.require_type(connection, org, request.appointment_type_id)
            await check_new_type(
                connection,
                ctx,
                request.appointment_type_id,
                location_id=row.location_id,
                provider_id=row.primary_provider_id,
            )
        await write_update(tx, row, values)

    return await change_appointment(
        ctx, request, change, name="updateAppointment", idempotency_key=idempotency_key
    )
