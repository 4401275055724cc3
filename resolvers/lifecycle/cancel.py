"""cancelAppointment: by the patient or the practice, with the type's policy window."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from sqlalchemy import func

from db.queries import booking as writes
from db.rows.appointments import AppointmentRow
from resolvers.catalogs.reasons_given import given_reason
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition
from resolvers.input_limits import MAX_TIMELINE_NOTE, check_length
from resolvers.lifecycle.change import change_appointment, record_change
from resolvers.lifecycle.existing import enforce_policy_window
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.mutation_runner import Transaction
from scheduling.appointment_status import AppointmentStatus, can_transition
from scheduling.practice_kinds import ReasonKind


class CancelledBy(enum.StrEnum):
    """Who asked for the cancellation."""

    PATIENT = "patient"
    PRACTICE = "practice"


@dataclass(frozen=True, slots=True)
class CancelRequest:
    """A cancellation as a client asks for it."""

    appointment_id: uuid.UUID
    base_version: int
    cancelled_by: CancelledBy
    reason: str | None = None
    override_policy: bool = False
    # An entry of the organization's cancellation reasons; `reason` adds free text to it.
    reason_id: uuid.UUID | None = None


async def cancel_appointment(
    ctx: RequestContext, request: CancelRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Cancel an appointment; it stops blocking its slot at once."""
    # A patient cancels as the patient and without overridePolicy (declared: CANCELLERS).
    check_length(request.reason, field="reason", limit=MAX_TIMELINE_NOTE)

    async def change(tx: Transaction, row: AppointmentRow) -> None:
        connection = tx.connection
        if not can_transition(row.status, AppointmentStatus.CANCELLED):
            raise InvalidTransition(f"A {row.status.upper()} appointment cannot be cancelled")
        given = await given_reason(
            connection, ctx, request.reason_id, request.reason, ReasonKind.CANCELLATION
        )
        await enforce_policy_window(
            connection,
            ctx,
            row,
            patient_initiated=request.cancelled_by is CancelledBy.PATIENT,
            override=request.override_policy,
        )
        await writes.update_appointment(
            connection,
            appointment_id=row.id,
            values={
                "status": AppointmentStatus.CANCELLED,
                "hold_expires_at": None,
                "status_reason": given.text,
                "status_reason_id": given.reason_id,
                "cancelled_by": request.cancelled_by.value,
                "cancelled_at": func.now(),
            },
        )
        record_change(
            tx.journal,
            row,
            action="cancelled",
            changes={
                "status": {"before": row.status.value, "after": "cancelled"},
                "cancelled_by": {"before": None, "after": request.cancelled_by.value},
                **given.history(),
                "policy_overridden": {"before": None, "after": request.override_policy},
            },
        )

    return await change_appointment(
        ctx, request, change, name="cancelAppointment", idempotency_key=idempotency_key
    )
