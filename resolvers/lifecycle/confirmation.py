"""setConfirmationStatus: record where confirming the visit with the patient stands."""

from __future__ import annotations

import uuid

from db.queries import booking as writes
from resolvers.context import RequestContext
from resolvers.lifecycle import references
from resolvers.lifecycle.change import record_change
from resolvers.lifecycle.existing import lock_for_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.update import ensure_open
from resolvers.mutation_runner import Transaction, run_mutation


def confirmation_change(before: uuid.UUID | None, after: uuid.UUID) -> dict[str, object]:
    """The history changes of a new confirmation status."""
    return {
        "confirmation_status_id": {
            "before": str(before) if before is not None else None,
            "after": str(after),
        }
    }


async def set_confirmation_status(
    ctx: RequestContext,
    *,
    appointment_id: uuid.UUID,
    base_version: int,
    confirmation_status_id: uuid.UUID,
    idempotency_key: str | None,
) -> AppointmentOutcome:
    """Set the appointment's confirmation status; setting the current one changes nothing."""
    viewer = ctx.viewer
    org = viewer.organization_id

    async def work(tx: Transaction) -> AppointmentOutcome:
        connection = tx.connection
        row = await lock_for_change(
            connection, ctx, appointment_id=appointment_id, base_version=base_version
        )
        await ensure_open(connection, row, "be confirmed")
        confirmation = await references.require_confirmation_status(
            connection, org, confirmation_status_id
        )
        if row.confirmation_status_id == confirmation_status_id:
            return AppointmentOutcome((row.id,))
        await writes.update_appointment(
            connection,
            appointment_id=row.id,
            values={
                "confirmation_status_id": confirmation_status_id,
                "confirmed_at": writes.confirmed_at_after(confirmation.is_confirmed),
            },
        )
        record_change(
            tx.journal,
            row,
            action="confirmation_set",
            changes=confirmation_change(row.confirmation_status_id, confirmation_status_id),
        )
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="setConfirmationStatus",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request={
            "appointment_id": str(appointment_id),
            "base_version": base_version,
            "confirmation_status_id": str(confirmation_status_id),
        },
    )
