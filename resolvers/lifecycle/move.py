"""moveAppointment: a new time, operatory and/or providers, under the same conflict rules."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.context import RequestContext
from resolvers.errors import Forbidden, InvalidTransition, TimeLocked
from resolvers.input_limits import MAX_TIMELINE_NOTE, check_length
from resolvers.lifecycle.existing import enforce_policy_window, lock_for_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.reslot import Placement, apply_reslot, plan_reslot
from resolvers.lifecycle.slot_guard import CandidateSlot
from resolvers.mutation_runner import run_mutation
from resolvers.wall_clock import LocalSlot
from scheduling.appointment_status import MOVABLE, AppointmentStatus


@dataclass(frozen=True, slots=True)
class MoveRequest:
    """Where and when an appointment should go; omitted parts stay as they are."""

    appointment_id: uuid.UUID
    base_version: int
    slot: LocalSlot
    operatory_id: uuid.UUID | None = None
    provider_ids: tuple[uuid.UUID, ...] | None = None
    allow_overlap: bool | None = None
    override_policy: bool = False
    reason: str | None = None  # why it moved, kept in its history


async def move_appointment(
    ctx: RequestContext, request: MoveRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Reschedule an appointment; it never conflicts with itself."""
    viewer = ctx.viewer
    if viewer.is_patient and request.allow_overlap:
        raise Forbidden("Only staff may double-book on purpose", field="allowOverlap")
    check_length(request.reason, field="reason", limit=MAX_TIMELINE_NOTE)
    reason = request.reason.strip() if request.reason is not None else None
    context = {"move_reason": {"before": None, "after": reason}} if reason else None
    booking = CandidateSlot(ctx)

    async def work(connection: AsyncConnection) -> AppointmentOutcome:
        row = await lock_for_change(
            connection,
            ctx,
            appointment_id=request.appointment_id,
            base_version=request.base_version,
        )
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
        plan = await plan_reslot(
            connection,
            ctx,
            row,
            Placement(
                slot=request.slot,
                operatory_id=request.operatory_id,
                provider_ids=request.provider_ids,
                allow_overlap=request.allow_overlap,
            ),
        )
        booking.remember(plan.candidate)
        status = (
            AppointmentStatus.SCHEDULED if row.status is AppointmentStatus.BROKEN else row.status
        )
        await apply_reslot(
            connection, ctx, row, plan, status=status, action="moved", context=context
        )
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="moveAppointment",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request=asdict(request),
        exclusion=booking.conflict,
    )
