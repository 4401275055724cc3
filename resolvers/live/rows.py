"""The rows events carry, read through the subscriber's own loaders (its organization, its
role), and the holds a view starts with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.rows.appointments import ZonedAppointmentRow
from db.rows.blockouts import TypedBlockoutRow
from db.rows.changes import HoldRow
from db.rows.schedules import OverrideRow
from db.rows.waitlist import EntryRow
from resolvers.live.context import LiveContext
from resolvers.waitlist.entries import entries_by_ids
from scheduling.appointment_status import AppointmentStatus, effective_status
from scheduling.live_changes import Change, Entity, Operation


@dataclass(frozen=True, slots=True)
class Item:
    """The row an event is about, as it is now (none once deleted, or not visible)."""

    appointment: ZonedAppointmentRow | None = None
    blockout: TypedBlockoutRow | None = None
    schedule_override: OverrideRow | None = None
    entry: EntryRow | None = None


async def calendar_item(ctx: LiveContext, change: Change) -> Item | None:
    """The appointment, blockout or schedule override a calendar change is about."""
    if change.entity is Entity.BLOCKOUT:
        return Item(blockout=await ctx.loaders.blockouts.blockouts.load(change.entity_id))
    if change.entity is Entity.SCHEDULE_OVERRIDE:
        override = await ctx.loaders.schedules.overrides.load(change.entity_id)
        return Item(schedule_override=override)
    return await appointment_item(ctx, change)


async def appointment_item(ctx: LiveContext, change: Change) -> Item | None:
    """The appointment as it is now (None: no event); a lapse only while the row is still
    that lapsed hold (confirmed meanwhile: its own change tells)."""
    row = await ctx.loaders.appointments.load(change.entity_id)
    if row is not None and not ctx.viewer.may_see_patient(row.patient_id):
        return None
    if change.is_lapse and not _lapsed_hold(row, ctx.now):
        return None
    return Item(appointment=row)


def _lapsed_hold(row: ZonedAppointmentRow | None, now: datetime) -> bool:
    if row is None or row.status != AppointmentStatus.HOLD:
        return False
    status = effective_status(AppointmentStatus(row.status), row.hold_expires_at, now)
    return status is AppointmentStatus.EXPIRED


async def entry_item(ctx: LiveContext, change: Change) -> Item | None:
    """The waitlist entry as it is now."""
    [row] = await entries_by_ids(ctx, [change.entity_id])
    return Item(entry=row)


def hold_change(row: HoldRow) -> Change:
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
