"""The providers root field: a search paged by name."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from db.queries.provider_list import ProviderFilter
from resolvers import directory
from resolvers.access import EVERYONE
from resolvers.ids import decode_optional_id
from schema.enums import ProviderKind
from schema.info import Info
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.practice import Provider


@strawberry.type(description="A page of providers by last name, first name (any case), then id.")
class ProviderConnection(CountedConnection[Provider]):
    pass


async def resolve_providers(
    info: Info,
    search: Annotated[str | None, strawberry.argument(description="Words to match.")] = None,
    location_id: Annotated[
        GlobalID | None,
        strawberry.argument(description="Only providers working at this location."),
    ] = None,
    kind: Annotated[
        ProviderKind | None, strawberry.argument(description="Only providers of this kind.")
    ] = None,
    include_inactive: Annotated[
        bool, strawberry.argument(description="Also list inactive providers.")
    ] = False,
    first: FirstArg = 50,
    after: AfterArg = None,
) -> ProviderConnection:
    """A page of the providers matching the search and filters."""
    where = ProviderFilter(
        search=search,
        location_id=decode_optional_id(location_id, "Location", field="locationId"),
        kind=kind.value if kind is not None else None,
        include_inactive=include_inactive,
    )
    ctx = info.context
    page = await directory.providers(ctx, where, first=first, after=after)
    return ProviderConnection.from_page(
        page, Provider.from_row, count=lambda: directory.provider_count(ctx, where)
    )


providers_field = strawberry.field(
    metadata=EVERYONE,
    resolver=resolve_providers,
    description=(
        "Active providers (inactive ones too with `includeInactive`) whose first or last name "
        "or abbreviation starts with every word of `search` (any case), working at "
        "`locationId` (a provider without locations works at every one; an unknown location "
        "is NOT_FOUND) and of `kind` when given, by name, `first` at a time after the cursor "
        "`after`."
    ),
)
