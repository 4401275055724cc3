"""moveAppointment: a new time, operatory and/or providers, under the same conflict rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from db.rows.appointments import AppointmentRow
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, TimeLocked
from resolvers.input_limits import MAX_TIMELINE_NOTE, check_length
from resolvers.lifecycle.change import change_appointment
from resolvers.lifecycle.existing import enforce_policy_window
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.reslot import Placement, reslot
from resolvers.lifecycle.slot_guard import CandidateSlot
from resolvers.mutation_runner import Transaction
from scheduling.appointment_status import MOVABLE, AppointmentStatus


@dataclass(frozen=True, slots=True)
class MoveRequest:
    """Where and when an appointment should go; omitted parts stay as they are."""

    appointment_id: uuid.UUID
    base_version: int
    placement: Placement
    override_policy: bool = False
    reason: str | None = None  # why it moved, kept in its history


async def move_appointment(
    ctx: RequestContext, request: MoveRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Reschedule an appointment; it never conflicts with itself."""
    # A patient's allowOverlap and overridePolicy are refused by the declaration (MOVERS).
    viewer = ctx.viewer
    check_length(request.reason, field="reason", limit=MAX_TIMELINE_NOTE)
    reason = request.reason.strip() if request.reason is not None else None
    context = {"move_reason": {"before": None, "after": reason}} if reason else None
    booking = CandidateSlot(ctx)

    async def change(tx: Transaction, row: AppointmentRow) -> None:
        connection = tx.connection
        if row.status not in MOVABLE:
            raise InvalidTransition(f"A {row.status.upper()} appointment cannot be moved")
        if row.is_time_locked:
            raise TimeLocked("The appointment's time is locked")
        await enforce_policy_window(
            connection,
            ctx,
            row,
            patient_initiated=viewer.is_patient,
            override=request.override_policy,
        )
        status = (
            AppointmentStatus.SCHEDULED if row.status is AppointmentStatus.BROKEN else row.status
        )
        await reslot(
            tx,
            booking,
            row,
            request.placement,
            status=status,
            action="moved",
            context=context,
        )

    return await change_appointment(
        ctx,
        request,
        change,
        name="moveAppointment",
        idempotency_key=idempotency_key,
        booking=booking,
    )
