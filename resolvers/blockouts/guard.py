"""Blockout conflicts of bookings: checked only, no exclusion constraint (rare, staff-made)."""

# Concurrency: unlike appointments, blockouts have no exclusion constraint; this check is the
# only guard. Blockouts are created rarely and by staff, so a booking committed at the same
# moment as a blockout over its slot is accepted (both stand, and staff see it on the calendar).

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.blockouts import no_schedule_blockouts
from scheduling.blockouts import blockout_conflicts
from scheduling.conflicts import Booking, Conflict


async def blocked_time_conflicts(
    connection: AsyncConnection, *, organization_id: uuid.UUID, candidate: Booking
) -> list[Conflict]:
    """BLOCKED_TIME_CONFLICTs of the candidate; the only guard (no exclusion constraint)."""
    blocked = await no_schedule_blockouts(
        connection,
        organization_id=organization_id,
        operatory_id=candidate.operatory_id,
        start_at=candidate.start_at,
        end_at=candidate.end_at,
    )
    return blockout_conflicts(candidate, blocked)
