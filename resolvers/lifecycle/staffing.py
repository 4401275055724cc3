"""Booking's setup rules for an appointment that gets other providers or another type after
it was made (moved, placed, its providers set, its type changed)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.context import RequestContext
from resolvers.lifecycle.booking_reads import BookingReads
from resolvers.setup.offers import check_type_offered
from resolvers.setup.provider_locations import check_providers_work_at


async def check_staffing(
    connection: AsyncConnection,
    ctx: RequestContext,
    *,
    type_id: uuid.UUID | None,
    location_id: uuid.UUID,
    provider_ids: Sequence[uuid.UUID],
) -> None:
    """Every provider works at the location, and the primary provider offers the type
    (VALIDATION on providerIds), read inside the change's transaction."""
    links = BookingReads(connection, ctx.viewer.organization_id).links
    await check_providers_work_at(links, provider_ids, location_id)
    if type_id is not None:
        await check_type_offered(
            links, type_id, location_id=location_id, provider_id=provider_ids[0]
        )


async def check_new_type(
    connection: AsyncConnection,
    ctx: RequestContext,
    type_id: uuid.UUID,
    *,
    location_id: uuid.UUID,
    provider_id: uuid.UUID,
) -> None:
    """A changed type is offered at the appointment's location and by its primary provider
    (VALIDATION on appointmentTypeId)."""
    links = BookingReads(connection, ctx.viewer.organization_id).links
    await check_type_offered(
        links, type_id, location_id=location_id, provider_id=provider_id, field="appointmentTypeId"
    )
