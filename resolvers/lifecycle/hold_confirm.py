"""confirmBooking: turn a live hold into a scheduled appointment."""

from __future__ import annotations

import uuid

from db.audit_journal import AppointmentAudit
from db.queries import booking as writes
from resolvers.access_rules import OWN_APPOINTMENT
from resolvers.context import RequestContext
from resolvers.errors import HoldExpired, InvalidTransition, NotFound, VersionConflict
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.mutation_runner import Transaction, run_mutation
from scheduling.appointment_status import AppointmentStatus


async def confirm_booking(
    ctx: RequestContext,
    *,
    appointment_id: uuid.UUID,
    base_version: int,
    idempotency_key: str | None,
) -> AppointmentOutcome:
    """Turn a live hold into a scheduled appointment."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> AppointmentOutcome:
        connection = tx.connection
        row = await writes.lock_appointment(
            connection, organization_id=org, appointment_id=appointment_id
        )
        if row is None or not OWN_APPOINTMENT.admits(ctx.viewer, row.patient_id):
            raise NotFound("No appointment with this ID", field="appointmentId")
        if row.version != base_version:
            raise VersionConflict(
                f"The appointment is at version {row.version}, not {base_version}",
                field="baseVersion",
            )
        if row.status != AppointmentStatus.HOLD:
            raise InvalidTransition(
                f"Only a hold can be confirmed; this one is {row.status.upper()}"
            )
        # The database clock decides, the same clock that lapsed holds are cleared by.
        now = await writes.database_now(connection)
        # (a hold always has an expiry: ck_appointments_hold_has_expiry)
        if row.hold_expires_at is None or row.hold_expires_at <= now:
            raise HoldExpired("The hold expired before it was confirmed")
        await writes.update_appointment(
            connection,
            appointment_id=row.id,
            values={"status": AppointmentStatus.SCHEDULED, "hold_expires_at": None},
        )
        tx.journal.record(
            AppointmentAudit(
                row.id, "confirmed", {"status": {"before": "hold", "after": "scheduled"}}
            )
        )
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="confirmBooking",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request={"appointment_id": str(appointment_id), "base_version": base_version},
    )
