"""checkConflicts: what a booking or move would collide with, changing nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.queries.booking import appointment_row
from db.queries.busy import blocking_bookings
from resolvers.blockouts.guard import blocked_time_conflicts
from resolvers.context import RequestContext
from resolvers.errors import NotFound
from resolvers.lifecycle import references
from resolvers.lifecycle.book import DEFAULT_LENGTH
from resolvers.lifecycle.schedule_guard import schedule_conflicts
from resolvers.lifecycle.slot_guard import conflicts_under_rules, slot_window
from resolvers.wall_clock import LocalSlot, resolve_slot
from scheduling.conflicts import Booking, Conflict
from scheduling.local_time import zone_named


@dataclass(frozen=True, slots=True)
class ConflictPreview:
    """The instants a slot resolves to and what it collides with."""

    start_at: datetime
    end_at: datetime
    conflicts: list[Conflict]


async def check_conflicts(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    operatory_id: uuid.UUID,
    provider_ids: tuple[uuid.UUID, ...],
    slot: LocalSlot,
    appointment_type_id: uuid.UUID | None,
    appointment_id: uuid.UUID | None,
) -> ConflictPreview:
    """Apply the booking conflict rules to a proposed slot (a move when appointment_id is set)."""
    org = ctx.viewer.organization_id
    async with ctx.db.transaction() as connection:
        location = await references.require_location(connection, org, location_id)
        await references.require_operatory(connection, org, operatory_id, location_id=location.id)
        await references.require_providers(connection, org, provider_ids)
        length: timedelta = DEFAULT_LENGTH
        type_id = appointment_type_id
        if appointment_type_id is not None:
            kind = await references.require_type(connection, org, appointment_type_id)
            length = timedelta(minutes=kind.duration_minutes)
        if appointment_id is not None:
            current = await appointment_row(
                connection, organization_id=org, appointment_id=appointment_id
            )
            if current is None:
                raise NotFound("No appointment with this ID", field="appointmentId")
            length = current.end_at - current.start_at
            type_id = type_id or current.appointment_type_id
        start_at, end_at = resolve_slot(slot, zone_named(location.time_zone), default_length=length)
        candidate = Booking(
            appointment_id,
            operatory_id,
            frozenset(provider_ids),
            start_at,
            end_at,
            type_id,
            primary_provider_id=provider_ids[0],
        )
        existing = await blocking_bookings(
            connection, organization_id=org, **slot_window(candidate)
        )
        conflicts = await conflicts_under_rules(
            connection, organization_id=org, candidate=candidate, existing=existing
        )
        conflicts += await blocked_time_conflicts(
            connection, organization_id=org, candidate=candidate
        )
        conflicts += await schedule_conflicts(connection, organization_id=org, candidate=candidate)
    return ConflictPreview(start_at, end_at, conflicts)
