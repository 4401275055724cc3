"""Where providers work (provider_locations; none listed: every location), as slot search and
booking enforce it: a provider who does not work at a location is not offered or booked there."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.setup.offers import LinkReader


def works_at(locations: Sequence[uuid.UUID], location_id: uuid.UUID) -> bool:
    """Whether a provider with these locations works at the location (none: everywhere)."""
    return not locations or location_id in locations


async def working_at(
    ctx: RequestContext,
    location_id: uuid.UUID,
    candidates: Iterable[uuid.UUID],
    *,
    named: Sequence[uuid.UUID],
) -> set[uuid.UUID]:
    """The candidates who work at the location; VALIDATION on providerIds when a provider the
    search names does not (read through the request's loaders)."""
    wanted = list(dict.fromkeys([*named, *candidates]))
    found = await ctx.loaders.setup.provider_locations.load_many(wanted)
    working = {
        ident for ident, places in zip(wanted, found, strict=True) if works_at(places, location_id)
    }
    if not working.issuperset(named):
        raise Validation("A provider searched does not work at this location", field="providerIds")
    return working & set(candidates)


async def check_providers_work_at(
    links: LinkReader, provider_ids: Sequence[uuid.UUID], location_id: uuid.UUID
) -> None:
    """VALIDATION on providerIds unless every provider of a booking works at its location
    (`links` reads inside the booking's transaction, or from what an import preloaded)."""
    for provider_id in provider_ids:
        if not works_at(await links("provider_locations", provider_id), location_id):
            raise Validation("This provider does not work at this location", field="providerIds")
