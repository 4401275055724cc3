"""documentAppointment: record that a completed visit's documentation is done (seed 001's
pending documentation is the list of completed visits without it)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func

from db.queries import booking as writes
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition
from resolvers.lifecycle.change import record_change
from resolvers.lifecycle.existing import lock_for_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.update import current_status
from resolvers.mutation_runner import Transaction, run_mutation
from scheduling.appointment_status import AppointmentStatus


def _documented(at: datetime | None) -> dict[str, object]:
    assert at is not None  # just written
    return {"documented_at": {"before": None, "after": at.isoformat()}}


async def document_appointment(
    ctx: RequestContext,
    *,
    appointment_id: uuid.UUID,
    base_version: int,
    idempotency_key: str | None,
) -> AppointmentOutcome:
    """Mark a COMPLETE visit documented now (the database's clock) by the caller; a visit
    already documented keeps its first record (nothing changes, the version stays)."""
    subject = ctx.viewer.subject

    async def work(tx: Transaction) -> AppointmentOutcome:
        connection = tx.connection
        row = await lock_for_change(
            connection, ctx, appointment_id=appointment_id, base_version=base_version
        )
        status = await current_status(connection, row)
        if status is not AppointmentStatus.COMPLETE:
            raise InvalidTransition(
                f"A {status.upper()} appointment has no documentation to record: "
                "only a COMPLETE visit is documented"
            )
        if row.documented_at is not None:
            return AppointmentOutcome((row.id,))
        documented = await writes.update_appointment(
            connection,
            appointment_id=row.id,
            values={"documented_at": func.now(), "documented_by": subject},
        )
        record_change(
            tx.journal,
            row,
            action="documented",
            changes=_documented(documented.documented_at),
        )
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="documentAppointment",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request={"appointment_id": str(appointment_id), "base_version": base_version},
    )
