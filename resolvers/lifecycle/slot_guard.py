"""Before writing a booking: clear lapsed holds in the way and check the conflict rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.booking import blocking_bookings, expire_lapsed_holds
from db.queries.schedules import overlap_pairs_at_operatory
from resolvers.blockouts.guard import blocked_time_conflicts
from resolvers.errors import SlotConflict
from resolvers.lifecycle.schedule_guard import schedule_conflicts
from scheduling.conflicts import Booking, Conflict, find_conflicts
from scheduling.overlap_rules import pair_rule


def asked_overlap(row: Row[Any]) -> bool:
    """Whether an appointment overlaps on purpose (not merely because a rule allowed its slot)."""
    return bool(row.allow_overlap and not row.overlap_by_rule)


async def conflicts_under_rules(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    candidate: Booking,
    existing: Sequence[Booking],
) -> list[Conflict]:
    """The conflicts left once the appointment type overlap rules at the operatory are applied."""
    conflicts = find_conflicts(candidate, existing)
    if not conflicts or candidate.appointment_type_id is None:
        return conflicts
    pairs = await overlap_pairs_at_operatory(
        connection,
        organization_id=organization_id,
        operatory_id=candidate.operatory_id,
        appointment_type_id=candidate.appointment_type_id,
    )
    return find_conflicts(candidate, existing, pair_rule(pairs)) if pairs else conflicts


async def guard_slot(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    candidate: Booking,
    allow_overlap: bool,
    check_blockouts: bool = True,
) -> bool:
    """Raise SlotConflict if the candidate collides (unless overlap is allowed on purpose).

    This check gives callers the conflicting items; the exclusion constraints in PostgreSQL
    remain the guarantee when two transactions pass it at the same moment.

    Returns the allow_overlap to write: True when asked, or when every collision is with an
    appointment whose type pair an overlap rule allows (then also write overlap_by_rule, so a
    later move or status change checks the slot again). Trade-off: the exclusion constraints
    cannot express pair rules, so such an appointment neither blocks nor is blocked in
    PostgreSQL; this check still sees it (blocking_bookings includes it), but two concurrent
    bookings colliding with it are not kept apart by the database.
    """
    providers = sorted(candidate.provider_ids)
    await expire_lapsed_holds(
        connection,
        organization_id=organization_id,
        operatory_id=candidate.operatory_id,
        provider_ids=providers,
        start_at=candidate.start_at,
        end_at=candidate.end_at,
    )
    if allow_overlap:
        return True
    existing = await blocking_bookings(
        connection,
        organization_id=organization_id,
        operatory_id=candidate.operatory_id,
        provider_ids=providers,
        start_at=candidate.start_at,
        end_at=candidate.end_at,
    )
    conflicts = await conflicts_under_rules(
        connection, organization_id=organization_id, candidate=candidate, existing=existing
    )
    conflicts += await schedule_conflicts(
        connection, organization_id=organization_id, candidate=candidate
    )
    if check_blockouts:  # no-schedule blockouts (allowOverlap above overrides them too)
        conflicts += await blocked_time_conflicts(
            connection, organization_id=organization_id, candidate=candidate
        )
    if conflicts:
        raise SlotConflict("The slot is taken", conflicts=conflicts)
    # Collisions the rules allow only: write it as an overlap (see above).
    return bool(existing) and bool(find_conflicts(candidate, existing))
