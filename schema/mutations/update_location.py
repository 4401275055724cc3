"""updateLocation: rename a location, change its address, or its time zone while it has no
upcoming appointments (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.ids import decode_id
from resolvers.setup.locations import LocationChanges, update_location
from schema.info import Info
from schema.mutations.create_location import LocationUserError, address_of, location_result
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY
from schema.types.practice import Location


@strawberry.input(description="Changes to a location; omitted fields stay as they are.")
class UpdateLocationInput:
    location_id: GlobalID = strawberry.field(description="The location to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New display name.")
    time_zone: str | None = strawberry.field(
        default=None,
        description="New IANA time zone; TIME_ZONE_IN_USE while upcoming appointments exist.",
    )
    address_line1: str | None = strawberry.field(default=None, description="Street address.")
    city: str | None = strawberry.field(default=None, description="City.")
    region: str | None = strawberry.field(default=None, description="State, county or region.")
    postal_code: str | None = strawberry.field(default=None, description="Postal code.")
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 code.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of updateLocation.")
class UpdateLocationPayload:
    location: Location | None = strawberry.field(description="The changed location.")
    user_errors: list[LocationUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_update_location(
    info: Info,
    input: Annotated[UpdateLocationInput, strawberry.argument(description="The changes.")],
) -> UpdateLocationPayload:
    """Change a location or explain why not."""

    async def call() -> UUID:
        changes = LocationChanges(
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            base_version=input.base_version,
            name=input.name,
            time_zone=input.time_zone,
            **address_of(input),
        )
        return await update_location(info.context, changes, idempotency_key=input.idempotency_key)

    location, errors = await location_result(info, call)
    return UpdateLocationPayload(location=location, user_errors=errors)


update_location_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_update_location,
    description="Change a location; baseVersion must be current (staff).",
)
