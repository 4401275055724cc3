"""Before writing a booking: clear lapsed holds in the way and check the conflict rules."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.booking import blocking_bookings, expire_lapsed_holds
from resolvers.errors import SlotConflict
from scheduling.conflicts import Booking, find_conflicts


async def guard_slot(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    candidate: Booking,
    allow_overlap: bool,
) -> None:
    """Raise SlotConflict if the candidate collides (unless overlap is allowed on purpose).

    This check gives callers the conflicting items; the exclusion constraints in PostgreSQL
    remain the guarantee when two transactions pass it at the same moment.
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
        return
    existing = await blocking_bookings(
        connection,
        organization_id=organization_id,
        operatory_id=candidate.operatory_id,
        provider_ids=providers,
        start_at=candidate.start_at,
        end_at=candidate.end_at,
    )
    conflicts = find_conflicts(candidate, existing)
    if conflicts:
        raise SlotConflict("The slot is taken", conflicts=conflicts)
