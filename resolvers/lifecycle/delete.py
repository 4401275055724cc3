"""deleteAppointment: staff delete an appointment that never happened for good (the status
machine's DELETABLE statuses), with its row and history kept in the audit trail."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from db.queries import appointment_removal as removal
from db.rows.appointments import AppointmentRow
from db.shapes import fields_of
from db.tables import appointments
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, Validation
from resolvers.lifecycle.existing import lock_for_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.update import current_status
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.setup.rows import audit
from scheduling.appointment_status import DELETABLE


def _json(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(item) for item in value]
    return value


def _row_as_json(row: AppointmentRow) -> dict[str, Any]:
    return {name: _json(getattr(row, name)) for name in fields_of(AppointmentRow)}


async def delete_appointment(
    ctx: RequestContext,
    *,
    appointment_id: uuid.UUID,
    base_version: int,
    idempotency_key: str | None,
) -> AppointmentOutcome:
    """Delete the appointment if its status allows; the recalls it booked are let go, and a
    waitlist entry that booked it keeps it (VALIDATION)."""

    async def work(tx: Transaction) -> AppointmentOutcome:
        connection = tx.connection
        row = await lock_for_change(
            connection, ctx, appointment_id=appointment_id, base_version=base_version
        )
        status = await current_status(connection, row)
        if status not in DELETABLE:
            raise InvalidTransition(
                f"A {status.upper()} appointment cannot be deleted; only a cancelled, expired, "
                "unscheduled or pinboard one can (cancel it first)"
            )
        if await removal.linked_waitlist_entries(connection, row.id):
            raise Validation(
                "A waitlist entry was scheduled into this appointment; it stays as its record",
                field="appointmentId",
            )
        recalls = await removal.unlink_recalls(connection, row.id)
        history = await removal.history_of(connection, row.id)
        audit(
            tx.journal,
            appointments,
            row.id,
            "DELETED",
            {"row": _row_as_json(row), "history": history, "unlinked_recall_ids": recalls},
        )
        await removal.delete_appointment(connection, row.id)
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="deleteAppointment",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request={"appointment_id": str(appointment_id), "base_version": base_version},
    )
