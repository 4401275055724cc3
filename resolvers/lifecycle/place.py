"""placeFromPinboard: give a parked appointment a slot again, under the move's conflict rules."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, TimeLocked
from resolvers.lifecycle.existing import lock_for_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.reslot import Placement, apply_reslot, plan_reslot
from resolvers.lifecycle.slot_guard import CandidateSlot
from resolvers.mutation_runner import run_mutation
from resolvers.wall_clock import LocalSlot
from scheduling.appointment_status import AppointmentStatus

# Off-grid statuses this mutation places; both may become SCHEDULED per TRANSITIONS.
PLACEABLE = frozenset({AppointmentStatus.PINBOARD, AppointmentStatus.UNSCHEDULED})


@dataclass(frozen=True, slots=True)
class PlaceRequest:
    """Where and when a pinboard appointment goes; omitted operatory/providers stay."""

    appointment_id: uuid.UUID
    base_version: int
    slot: LocalSlot
    operatory_id: uuid.UUID | None = None
    provider_ids: tuple[uuid.UUID, ...] | None = None
    allow_overlap: bool | None = None


async def place_from_pinboard(
    ctx: RequestContext, request: PlaceRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Schedule a PINBOARD or UNSCHEDULED appointment into a free slot."""
    booking = CandidateSlot(ctx)

    async def work(connection: AsyncConnection) -> AppointmentOutcome:
        row = await lock_for_change(
            connection,
            ctx,
            appointment_id=request.appointment_id,
            base_version=request.base_version,
        )
        if row.status not in PLACEABLE:
            raise InvalidTransition(
                f"Only a PINBOARD or UNSCHEDULED appointment can be placed; "
                f"this one is {row.status.upper()}"
            )
        if row.is_time_locked:
            raise TimeLocked("The appointment's time is locked")
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
        await apply_reslot(
            connection, ctx, row, plan, status=AppointmentStatus.SCHEDULED, action="placed"
        )
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="placeFromPinboard",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request=asdict(request),
        exclusion=booking.conflict,
    )
