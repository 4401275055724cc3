"""Putting an existing appointment at a time, operatory and providers: shared by move and place."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from db.rows.appointments import AppointmentRow
from resolvers.context import RequestContext
from resolvers.lifecycle import references
from resolvers.lifecycle.change import record_change
from resolvers.lifecycle.slot_guard import CandidateSlot, asked_overlap, guard_slot
from resolvers.lifecycle.staffing import check_staffing
from resolvers.mutation_runner import Transaction
from resolvers.wall_clock import LocalSlot, resolve_slot
from scheduling.appointment_status import AppointmentStatus
from scheduling.conflicts import Booking
from scheduling.local_time import zone_named


@dataclass(frozen=True, slots=True)
class Placement:
    """Where and when an appointment should go; omitted parts stay as they are."""

    slot: LocalSlot
    operatory_id: uuid.UUID | None = None
    provider_ids: tuple[uuid.UUID, ...] | None = None
    allow_overlap: bool | None = None


@dataclass(frozen=True, slots=True)
class Reslot:
    """A placement resolved to instants and checked references, not yet written."""

    candidate: Booking
    location_id: uuid.UUID  # the operatory's (a waitlist offer may be at another location)
    providers: tuple[uuid.UUID, ...]  # primary first
    before_providers: tuple[uuid.UUID, ...]
    allow_overlap: bool


async def plan_reslot(
    connection: AsyncConnection, ctx: RequestContext, row: AppointmentRow, placement: Placement
) -> Reslot:
    """Resolve the slot in the location's zone (default: the current length) and the references."""
    org = ctx.viewer.organization_id
    location = await references.require_location(connection, org, row.location_id)
    operatory_id = placement.operatory_id or row.operatory_id
    await references.require_operatory(connection, org, operatory_id, location_id=location.id)
    before_providers = (
        row.primary_provider_id,
        *await writes.provider_ids_of(connection, appointment_id=row.id),
    )
    providers = placement.provider_ids or before_providers
    await references.require_providers(connection, org, providers)
    if tuple(providers) != before_providers:
        await check_staffing(
            connection,
            ctx,
            type_id=row.appointment_type_id,
            location_id=location.id,
            provider_ids=providers,
        )
    start_at, end_at = resolve_slot(
        placement.slot, zone_named(location.time_zone), default_length=row.end_at - row.start_at
    )
    allow_overlap = (
        asked_overlap(row) if placement.allow_overlap is None else placement.allow_overlap
    )
    return Reslot(
        candidate=Booking(
            row.id,
            operatory_id,
            frozenset(providers),
            start_at,
            end_at,
            row.appointment_type_id,
            primary_provider_id=providers[0],
        ),
        location_id=location.id,
        providers=tuple(providers),
        before_providers=tuple(before_providers),
        allow_overlap=allow_overlap,
    )


async def reslot(
    tx: Transaction,
    booking: CandidateSlot,
    row: AppointmentRow,
    placement: Placement,
    *,
    status: AppointmentStatus,
    action: str,
    context: dict[str, Any] | None = None,
) -> None:
    """Plan the placement and apply it for `booking`'s request; `booking` remembers the slot,
    to explain a refusal by the exclusion constraints."""
    plan = await plan_reslot(tx.connection, booking.ctx, row, placement)
    booking.remember(plan.candidate)
    await apply_reslot(tx, booking.ctx, row, plan, status=status, action=action, context=context)


async def apply_reslot(
    tx: Transaction,
    ctx: RequestContext,
    row: AppointmentRow,
    plan: Reslot,
    *,
    status: AppointmentStatus,
    action: str,
    context: dict[str, Any] | None = None,
) -> None:
    """Check the conflict rules, write the new slot and status, and record what changed
    (with `context`: why, e.g. the waitlist entry that moved it)."""
    org = ctx.viewer.organization_id
    candidate = plan.candidate
    overlap = await guard_slot(
        tx.connection, organization_id=org, candidate=candidate, allow_overlap=plan.allow_overlap
    )
    await writes.update_appointment(
        tx.connection,
        appointment_id=row.id,
        values={
            "start_at": candidate.start_at,
            "end_at": candidate.end_at,
            "location_id": plan.location_id,
            "operatory_id": candidate.operatory_id,
            "primary_provider_id": plan.providers[0],
            "allow_overlap": overlap,
            "overlap_by_rule": overlap and not plan.allow_overlap,
            "status": status,
        },
    )
    if plan.providers != plan.before_providers:
        await writes.replace_additional_providers(
            tx.connection,
            organization_id=org,
            appointment_id=row.id,
            provider_ids=plan.providers[1:],
        )
    changes: dict[str, dict[str, Any]] = {
        "start_at": {"before": row.start_at.isoformat(), "after": candidate.start_at.isoformat()},
        "end_at": {"before": row.end_at.isoformat(), "after": candidate.end_at.isoformat()},
        "location_id": {"before": str(row.location_id), "after": str(plan.location_id)},
        "operatory_id": {"before": str(row.operatory_id), "after": str(candidate.operatory_id)},
        "provider_ids": {
            "before": [str(p) for p in plan.before_providers],
            "after": [str(p) for p in plan.providers],
        },
        "status": {"before": row.status.value, "after": status.value},
    }
    record_change(
        tx.journal,
        row,
        action=action,
        changes={
            **{
                field: change
                for field, change in changes.items()
                if change["before"] != change["after"]
            },
            **(context or {}),
        },
    )
