"""Creating locations."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass

from sqlalchemy import insert

from db.tables import locations
from resolvers.context import RequestContext
from resolvers.errors import BadInput, InvalidTimeZone
from resolvers.input_limits import MAX_NAME
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from scheduling.local_time import UnknownTimeZone, zone_named


@dataclass(frozen=True, slots=True)
class NewLocation:
    """What a new location is made of."""

    name: str
    time_zone: str
    address_line1: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


def validated(new: NewLocation) -> NewLocation:
    """The input, trimmed, or BadInput naming the first bad field."""
    name = new.name.strip()
    if not name or len(name) > MAX_NAME:
        raise BadInput(f"name must be 1 to {MAX_NAME} characters", field="name")
    try:
        zone_named(new.time_zone)
    except UnknownTimeZone as exc:
        raise InvalidTimeZone(
            f"{new.time_zone!r} is not an IANA time zone such as America/Chicago",
            field="timeZone",
        ) from exc
    if new.country is not None and (len(new.country) != 2 or not new.country.isalpha()):
        raise BadInput("country must be a two-letter ISO 3166-1 code", field="country")
    return NewLocation(
        name=name,
        time_zone=new.time_zone,
        address_line1=new.address_line1,
        city=new.city,
        region=new.region,
        postal_code=new.postal_code,
        country=new.country.upper() if new.country else None,
    )


async def create_location(
    ctx: RequestContext, new: NewLocation, *, idempotency_key: str | None = None
) -> uuid.UUID:
    """Insert a location into the caller's organization (staff only); its id. A retry with
    the same idempotency key creates nothing and answers the first location."""
    clean = validated(new)

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        result = await connection.execute(
            insert(locations)
            .values(organization_id=ctx.viewer.organization_id, **asdict(clean))
            .returning(locations.c.id)
        )
        return Written(result.scalar_one())

    return await run_row_mutation(
        ctx,
        work,
        name="createLocation",
        idempotency_key=idempotency_key,
        request=asdict(clean),
    )
