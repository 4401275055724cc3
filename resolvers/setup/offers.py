"""Checking the providers and locations a setup input links to, and what a type's offer
means for slot search and booking (empty lists: every provider, every location)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.tables import locations, providers
from resolvers.context import RequestContext
from resolvers.errors import NotFound, Validation

MAX_LINKED = 100
# (link, owner id) -> the owner's linked ids (db.queries.setup.LINKS names the links).
LinkReader = Callable[[str, uuid.UUID], Awaitable[Sequence[uuid.UUID]]]
# link -> (the table its ids name, what the error calls one)
TARGETS: dict[str, tuple[Table, str]] = {
    "type_providers": (providers, "provider"),
    "type_locations": (locations, "location"),
    "provider_locations": (locations, "location"),
}


async def check_offered_ids(
    connection: AsyncConnection,
    ctx: RequestContext,
    link: str,
    ids: Sequence[uuid.UUID],
    *,
    field: str,
) -> None:
    """VALIDATION for repeats or too many ids, NOT_FOUND when one is not the organization's."""
    if len(set(ids)) != len(ids):
        raise Validation(f"{field} lists an ID twice", field=field)
    if len(ids) > MAX_LINKED:
        raise Validation(f"{field} may list at most {MAX_LINKED} IDs", field=field)
    table, label = TARGETS[link]
    found = await connection.scalar(
        select(func.count()).where(
            table.c.organization_id == ctx.viewer.organization_id, table.c.id.in_(list(ids))
        )
    )
    if found != len(ids):
        raise NotFound(f"No {label} with this ID", field=field)


async def check_type_offered(
    links: LinkReader,
    type_id: uuid.UUID,
    *,
    location_id: uuid.UUID,
    provider_id: uuid.UUID,
    field: str | None = None,
) -> None:
    """VALIDATION when the type is not offered at the location or by the (primary) provider,
    on `field` when given (the input that changed, e.g. a new appointmentTypeId), else on
    locationId or providerIds (`links` reads inside the booking's transaction, or from what
    an import preloaded)."""
    locations = await links("type_locations", type_id)
    if locations and location_id not in locations:
        raise Validation(
            "This appointment type is not offered at this location", field=field or "locationId"
        )
    providers = await links("type_providers", type_id)
    if providers and provider_id not in providers:
        raise Validation(
            "This appointment type is not offered by this provider", field=field or "providerIds"
        )
