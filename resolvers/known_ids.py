"""Read-side checks that an id a query names is one of the caller's organization's rows:
NOT_FOUND on the argument otherwise (another organization's id included, through the loaders'
row-level security)."""

from __future__ import annotations

import uuid

from resolvers.context import RequestContext
from resolvers.errors import NotFound


async def ensure_location(ctx: RequestContext, location_id: uuid.UUID | None) -> None:
    """NOT_FOUND on `locationId` unless the location is known; None names none."""
    if location_id is not None and await ctx.loaders.locations.load(location_id) is None:
        raise NotFound("No location with this ID", field="locationId")


async def ensure_provider(ctx: RequestContext, provider_id: uuid.UUID | None) -> None:
    """NOT_FOUND on `providerId` unless the provider is known; None names none."""
    if provider_id is not None and await ctx.loaders.providers.load(provider_id) is None:
        raise NotFound("No provider with this ID", field="providerId")
