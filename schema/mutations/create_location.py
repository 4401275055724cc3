"""createLocation: add a clinic site with its time zone."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import Annotated, Protocol, TypedDict
from uuid import UUID

import strawberry

from resolvers.access import LOCATION_EDITORS
from resolvers.errors import ClientError
from resolvers.locations import NewLocation, create_location
from schema.info import Info
from schema.types.practice import Location
from schema.user_errors import user_error


@strawberry.enum(description="Why creating or changing a location failed.")
class LocationErrorCode(enum.Enum):
    VALIDATION = "VALIDATION"
    INVALID_TIME_ZONE = "INVALID_TIME_ZONE"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    TIME_ZONE_IN_USE = "TIME_ZONE_IN_USE"


@strawberry.type(description="Why createLocation or updateLocation changed nothing.")
class LocationUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: LocationErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


@strawberry.input(description="A new location.")
class CreateLocationInput:
    name: str = strawberry.field(description="Display name.")
    time_zone: str = strawberry.field(description="IANA time zone name, e.g. Europe/London.")
    address_line1: str | None = strawberry.field(default=None, description="Street address.")
    city: str | None = strawberry.field(default=None, description="City.")
    region: str | None = strawberry.field(default=None, description="State, county or region.")
    postal_code: str | None = strawberry.field(default=None, description="Postal code.")
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 code.")
    idempotency_key: str | None = strawberry.field(
        default=None,
        description=(
            "Retries with the same key return the first location; the same key with another "
            "input is VALIDATION."
        ),
    )


@strawberry.type(description="The result of createLocation.")
class CreateLocationPayload:
    location: Location | None = strawberry.field(description="The new location, if created.")
    user_errors: list[LocationUserError] = strawberry.field(description="Why nothing was created.")


class AddressInput(Protocol):
    """The address fields of a location input (create, update)."""

    address_line1: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None


class Address(TypedDict):
    """A location's address fields as the resolvers take them."""

    address_line1: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None


def address_of(input: AddressInput) -> Address:
    """The input's address fields (None: not given)."""
    return Address(
        address_line1=input.address_line1,
        city=input.city,
        region=input.region,
        postal_code=input.postal_code,
        country=input.country,
    )


async def resolve_create_location(
    info: Info,
    input: Annotated[CreateLocationInput, strawberry.argument(description="The new location.")],
) -> CreateLocationPayload:
    """Create a location or explain why not."""

    async def call() -> UUID:
        return await create_location(
            info.context,
            NewLocation(name=input.name, time_zone=input.time_zone, **address_of(input)),
            idempotency_key=input.idempotency_key,
        )

    location, errors = await location_result(info, call)
    return CreateLocationPayload(location=location, user_errors=errors)


async def location_result(
    info: Info, call: Callable[[], Awaitable[UUID]]
) -> tuple[Location | None, list[LocationUserError]]:
    """Run a location mutation's save: the location read fresh, or the userErrors."""
    try:
        location_id = await call()
    except ClientError as error:
        field, code, message = user_error(error, LocationErrorCode)
        return None, [LocationUserError(field=field, code=code, message=message)]
    row = await info.context.loaders.locations.load(location_id)
    return (Location.from_row(row) if row is not None else None), []


create_location_field = strawberry.mutation(
    metadata=LOCATION_EDITORS,
    resolver=resolve_create_location,
    description="Add a location to the organization.",
)
