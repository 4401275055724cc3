"""The rows events carry, read through the subscriber's own loaders (its organization, its
role), and the holds a view starts with."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from resolvers.live.context import LiveContext
from resolvers.waitlist.entries import entries_by_ids
from scheduling.appointment_status import AppointmentStatus, effective_status
from scheduling.live_changes import Change, Entity, Operation

Loaded = tuple[Row[Any] | None, bool]


async def calendar_row(ctx: LiveContext, change: Change) -> Loaded:
    """The appointment, blockout or schedule override a calendar change is about."""
    if change.entity is Entity.BLOCKOUT:
        return await ctx.loaders.blockouts.blockouts.load(change.entity_id), True
    if change.entity is Entity.SCHEDULE_OVERRIDE:
        return await ctx.loaders.schedules.overrides.load(change.entity_id), True
    return await appointment_row(ctx, change)


async def appointment_row(ctx: LiveContext, change: Change) -> Loaded:
    """The appointment as it is now; a lapse only while the row is still that lapsed hold
    (confirmed meanwhile: its own change tells)."""
    row = await ctx.loaders.appointments.load(change.entity_id)
    if row is not None and not ctx.viewer.may_see_patient(row.patient_id):
        return None, False
    if change.is_lapse and not _lapsed_hold(row, ctx.now):
        return None, False
    return row, True


def _lapsed_hold(row: Row[Any] | None, now: datetime) -> bool:
    if row is None or row.status != AppointmentStatus.HOLD:
        return False
    status = effective_status(AppointmentStatus(row.status), row.hold_expires_at, now)
    return status is AppointmentStatus.EXPIRED


async def entry_row(ctx: LiveContext, change: Change) -> Loaded:
    """The waitlist entry as it is now."""
    [row] = await entries_by_ids(ctx, [change.entity_id])
    return row, True


def hold_change(row: Row[Any]) -> Change:
    """A hold found in a view, as the change that left it a hold (for the hold timer)."""
    return Change(
        organization_id=row.organization_id,
        change_id=None,
        entity=Entity.APPOINTMENT,
        entity_id=row.id,
        operation=Operation.UPDATE,
        location_id=row.location_id,
        patient_id=row.patient_id,
        starts_at=row.start_at,
        ends_at=row.end_at,
        status=row.status,
        previous_status=row.status,
        hold_expires_at=row.hold_expires_at,
    )
