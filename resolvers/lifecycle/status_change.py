"""breakAppointment, sendToPinboard and transitionAppointment: staff changes of status alone.

The allowed moves are scheduling.appointment_status.TRANSITIONS (checked with can_transition).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from db.rows.appointments import AppointmentRow
from resolvers.catalogs.reasons_given import given_reason
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, Validation
from resolvers.input_limits import MAX_TIMELINE_NOTE, check_length
from resolvers.lifecycle import references
from resolvers.lifecycle.change import change_appointment, record_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.recall_links import complete_linked_recalls, fire_recall_triggers
from resolvers.lifecycle.slot_guard import CandidateSlot, asked_overlap, in_place
from resolvers.mutation_runner import Transaction
from scheduling.appointment_status import (
    BLOCKING,
    AppointmentStatus,
    can_transition,
    effective_status,
)
from scheduling.local_time import zone_named
from scheduling.practice_kinds import ReasonKind

# Statuses whose reason is kept on the appointment (statusReason, and the entry of the list
# of reasons each takes); others only in its history.
REASONED = {
    AppointmentStatus.BROKEN: ReasonKind.NO_SHOW,
    AppointmentStatus.CANCELLED: ReasonKind.CANCELLATION,
}
# Reached only through bookAppointment (hold: true) and by a hold lapsing.
NOT_TARGETS = frozenset({AppointmentStatus.HOLD, AppointmentStatus.EXPIRED})


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A new status for an appointment, as a client asks for it."""

    appointment_id: uuid.UUID
    base_version: int
    status: AppointmentStatus
    reason: str | None = None
    # An entry of the organization's no-show (BROKEN) or cancellation (CANCELLED) reasons.
    reason_id: uuid.UUID | None = None


def invalid_transition(current: AppointmentStatus, target: AppointmentStatus) -> InvalidTransition:
    """INVALID_TRANSITION naming both ends."""
    return InvalidTransition(
        f"The appointment cannot go from {current.upper()} to {target.upper()}"
    )


async def current_status(connection: AsyncConnection, row: AppointmentRow) -> AppointmentStatus:
    """The status by the database clock: a hold whose time ran out is EXPIRED."""
    status = AppointmentStatus(row.status)
    if status is not AppointmentStatus.HOLD:
        return status
    return effective_status(status, row.hold_expires_at, await writes.database_now(connection))


async def change_status(
    ctx: RequestContext,
    request: StatusChange,
    *,
    name: str,
    action: str,
    idempotency_key: str | None,
) -> AppointmentOutcome:
    """Move an appointment to `request.status` if the state machine allows it."""
    viewer = ctx.viewer
    org = viewer.organization_id
    target = request.status
    check_length(request.reason, field="reason", limit=MAX_TIMELINE_NOTE)
    booking = CandidateSlot(ctx)

    async def change(tx: Transaction, row: AppointmentRow) -> None:
        connection = tx.connection
        current = await current_status(connection, row)
        if not can_transition(current, target):
            raise invalid_transition(current, target)
        # Entering a slot-holding status checks the slot first, so a status change alone never
        # double-books; the exclusion constraints catch a concurrent winner (CandidateSlot).
        values: dict[str, Any] = {"status": target, "hold_expires_at": None}
        if target in BLOCKING and current not in BLOCKING:
            providers = (
                row.primary_provider_id,
                *await writes.provider_ids_of(connection, appointment_id=row.id),
            )
            overlap = await booking.guard(
                connection, in_place(row, providers), allow_overlap=asked_overlap(row)
            )
            values["allow_overlap"] = overlap
            values["overlap_by_rule"] = overlap and not asked_overlap(row)
        if target is AppointmentStatus.CANCELLED:
            values["cancelled_at"] = func.now()
        changes: dict[str, Any] = {"status": {"before": current.value, "after": target.value}}
        if target in REASONED:
            given = await given_reason(
                connection, ctx, request.reason_id, request.reason, REASONED[target]
            )
            values["status_reason"] = given.text
            values["status_reason_id"] = given.reason_id
            if given.text is not None or given.reason_id is not None:
                changes.update(given.history())
        elif request.reason is not None:
            changes["reason"] = {"before": None, "after": request.reason}
        await writes.update_appointment(connection, appointment_id=row.id, values=values)
        if target is AppointmentStatus.COMPLETE:
            changes.update(await _complete_recalls(connection, org, row))
        record_change(tx.journal, row, action=action, changes=changes)

    return await change_appointment(
        ctx, request, change, name=name, idempotency_key=idempotency_key, booking=booking
    )


async def _complete_recalls(
    connection: AsyncConnection, org: uuid.UUID, row: AppointmentRow
) -> dict[str, Any]:
    """The visit happened: the recalls it booked roll to their next due date, and its procedure
    codes fire their recall triggers; the history entries of both (only when non-empty).

    Undoing the completion (COMPLETE -> SCHEDULED) leaves the recalls as they are now.
    """
    location = await references.require_location(connection, org, row.location_id)
    done_on = row.start_at.astimezone(zone_named(location.time_zone)).date()
    rolled = await complete_linked_recalls(connection, appointment=row, done_on=done_on)
    triggered = await fire_recall_triggers(
        connection, appointment=row, done_on=done_on, rolled=rolled
    )
    changes: dict[str, Any] = {}
    if rolled:
        changes["completed_recall_ids"] = {"before": None, "after": [str(r.id) for r in rolled]}
    if triggered:
        changes["triggered_recall_ids"] = {"before": None, "after": [str(r) for r in triggered]}
    return changes


async def break_appointment(
    ctx: RequestContext,
    *,
    appointment_id: uuid.UUID,
    base_version: int,
    reason: str | None,
    reason_id: uuid.UUID | None = None,
    idempotency_key: str | None,
) -> AppointmentOutcome:
    """Mark a no-show (or late cancellation) BROKEN with an entry of the no-show reasons, free
    text, or both; it stops blocking its slot."""
    if reason_id is None and (reason is None or not reason.strip()):
        raise Validation("reason or reasonId is required", field="reason")
    request = StatusChange(
        appointment_id, base_version, AppointmentStatus.BROKEN, reason, reason_id
    )
    return await change_status(
        ctx, request, name="breakAppointment", action="broken", idempotency_key=idempotency_key
    )


async def send_to_pinboard(
    ctx: RequestContext,
    *,
    appointment_id: uuid.UUID,
    base_version: int,
    idempotency_key: str | None,
) -> AppointmentOutcome:
    """Park an appointment on the pinboard: it keeps its details and times but frees its slot."""
    request = StatusChange(appointment_id, base_version, AppointmentStatus.PINBOARD)
    return await change_status(
        ctx, request, name="sendToPinboard", action="pinboarded", idempotency_key=idempotency_key
    )


async def transition_appointment(
    ctx: RequestContext, request: StatusChange, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Any status change the state machine allows, except into HOLD or EXPIRED."""
    if request.status in NOT_TARGETS:
        raise Validation(
            f"{request.status.upper()} is not a target here; "
            "holds are made by bookAppointment and end with confirmBooking or by lapsing",
            field="status",
        )
    return await change_status(
        ctx,
        request,
        name="transitionAppointment",
        action="status_changed",
        idempotency_key=idempotency_key,
    )
