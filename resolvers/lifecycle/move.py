"""moveAppointment: a new time, operatory and/or providers, under the same conflict rules."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from resolvers.context import RequestContext
from resolvers.errors import Forbidden, InvalidTransition, TimeLocked
from resolvers.lifecycle import references
from resolvers.lifecycle.existing import enforce_policy_window, lock_for_change
from resolvers.lifecycle.runner import Outcome, run_mutation
from resolvers.lifecycle.slot_guard import guard_slot
from resolvers.wall_clock import LocalSlot, resolve_slot
from scheduling.appointment_status import MOVABLE, AppointmentStatus
from scheduling.conflicts import Booking
from scheduling.local_time import zone_named


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


async def move_appointment(
    ctx: RequestContext, request: MoveRequest, *, idempotency_key: str | None
) -> Outcome:
    """Reschedule an appointment; it never conflicts with itself."""
    viewer = ctx.viewer
    if viewer.is_patient and request.allow_overlap:
        raise Forbidden("Only staff may double-book on purpose", field="allowOverlap")
    org = viewer.organization_id
    candidate: Booking | None = None

    async def work(connection: AsyncConnection) -> Outcome:
        nonlocal candidate
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
        location = await references.require_location(connection, org, row.location_id)
        operatory_id = request.operatory_id or row.operatory_id
        await references.require_operatory(connection, org, operatory_id, location_id=location.id)
        before_providers = (
            row.primary_provider_id,
            *await writes.provider_ids_of(connection, appointment_id=row.id),
        )
        providers = request.provider_ids or before_providers
        await references.require_providers(connection, org, providers)
        start_at, end_at = resolve_slot(
            request.slot, zone_named(location.time_zone), default_length=row.end_at - row.start_at
        )
        allow_overlap = (
            row.allow_overlap if request.allow_overlap is None else request.allow_overlap
        )
        candidate = Booking(row.id, operatory_id, frozenset(providers), start_at, end_at)
        await guard_slot(
            connection, organization_id=org, candidate=candidate, allow_overlap=allow_overlap
        )
        status = (
            AppointmentStatus.SCHEDULED if row.status is AppointmentStatus.BROKEN else row.status
        )
        await writes.update_appointment(
            connection,
            appointment_id=row.id,
            values={
                "start_at": start_at,
                "end_at": end_at,
                "operatory_id": operatory_id,
                "primary_provider_id": providers[0],
                "allow_overlap": allow_overlap,
                "status": status,
            },
        )
        if tuple(providers) != tuple(before_providers):
            await writes.replace_additional_providers(
                connection, organization_id=org, appointment_id=row.id, provider_ids=providers[1:]
            )
        changes = {
            "start_at": {"before": row.start_at.isoformat(), "after": start_at.isoformat()},
            "end_at": {"before": row.end_at.isoformat(), "after": end_at.isoformat()},
            "operatory_id": {"before": str(row.operatory_id), "after": str(operatory_id)},
            "provider_ids": {
                "before": [str(p) for p in before_providers],
                "after": [str(p) for p in providers],
            },
            "status": {"before": row.status.value, "after": status.value},
        }
        await writes.record_history(
            connection,
            organization_id=org,
            appointment_id=row.id,
            actor=viewer.subject,
            action="moved",
            changes={
                field: change
                for field, change in changes.items()
                if change["before"] != change["after"]
            },
        )
        return Outcome((row.id,))

    return await run_mutation(
        ctx,
        name="moveAppointment",
        idempotency_key=idempotency_key,
        request=asdict(request),
        work=work,
        candidate_factory=lambda: candidate,
    )
