"""placeFromPinboard: give a parked appointment a slot again, under the move's conflict rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from db.rows.appointments import AppointmentRow
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, TimeLocked
from resolvers.lifecycle.change import change_appointment
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.reslot import Placement, reslot
from resolvers.lifecycle.slot_guard import CandidateSlot
from resolvers.mutation_runner import Transaction
from scheduling.appointment_status import AppointmentStatus

# Off-grid statuses this mutation places; both may become SCHEDULED per TRANSITIONS.
PLACEABLE = frozenset({AppointmentStatus.PINBOARD, AppointmentStatus.UNSCHEDULED})


@dataclass(frozen=True, slots=True)
class PlaceRequest:
    """Where and when a pinboard appointment goes; omitted operatory/providers stay."""

    appointment_id: uuid.UUID
    base_version: int
    placement: Placement


async def place_from_pinboard(
    ctx: RequestContext, request: PlaceRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Schedule a PINBOARD or UNSCHEDULED appointment into a free slot."""
    booking = CandidateSlot(ctx)

    async def change(tx: Transaction, row: AppointmentRow) -> None:
        if row.status not in PLACEABLE:
            raise InvalidTransition(
                f"Only a PINBOARD or UNSCHEDULED appointment can be placed; "
                f"this one is {row.status.upper()}"
            )
        if row.is_time_locked:
            raise TimeLocked("The appointment's time is locked")
        await reslot(
            tx,
            booking,
            row,
            request.placement,
            status=AppointmentStatus.SCHEDULED,
            action="placed",
        )

    return await change_appointment(
        ctx,
        request,
        change,
        name="placeFromPinboard",
        idempotency_key=idempotency_key,
        booking=booking,
    )
