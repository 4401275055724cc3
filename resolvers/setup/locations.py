"""updateLocation (staff): a site's name, address and time zone. The zone changes only while
the site has no upcoming appointments: their wall-clock times would silently move."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.practice import LOCATIONS
from db.tables import appointments, locations
from resolvers.context import RequestContext
from resolvers.errors import ClientError, InvalidTimeZone, Validation
from resolvers.input_limits import MAX_NAME
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.setup import fields, rows
from scheduling.appointment_status import BLOCKING
from scheduling.local_time import UnknownTimeZone, zone_named

# address column -> (its input field, longest)
ADDRESS = {
    "address_line1": ("addressLine1", 200),
    "city": ("city", 100),
    "region": ("region", 100),
    "postal_code": ("postalCode", 20),
}


class TimeZoneInUse(ClientError):
    """The location has upcoming appointments: its time zone cannot change."""

    code = "TIME_ZONE_IN_USE"


@dataclass(frozen=True, slots=True)
class LocationChanges:
    """Changes to a location at base_version; None leaves a field as it is, an empty address
    field removes it."""

    location_id: uuid.UUID
    base_version: int
    name: str | None = None
    time_zone: str | None = None
    address_line1: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


def _cleaned(changes: LocationChanges) -> dict[str, Any]:
    values = asdict(changes)
    clean: dict[str, Any] = fields.present(
        {k: v for k, v in values.items() if k not in ("location_id", "base_version")}
    )
    if "name" in clean:
        clean["name"] = fields.text(clean["name"], field="name", longest=MAX_NAME)
    if "time_zone" in clean:
        try:
            zone_named(clean["time_zone"])
        except UnknownTimeZone as exc:
            raise InvalidTimeZone(
                f"{clean['time_zone']!r} is not an IANA time zone such as America/Chicago",
                field="timeZone",
            ) from exc
    for column, (name, longest) in ADDRESS.items():
        if column in clean:
            clean[column] = fields.optional_text(clean[column], field=name, longest=longest)
    if "country" in clean:
        country = clean["country"].strip() or None
        if country is not None and (len(country) != 2 or not country.isalpha()):
            raise Validation("country must be a two-letter ISO 3166-1 code", field="country")
        clean["country"] = country.upper() if country else None
    return clean


async def _check_no_upcoming(
    connection: AsyncConnection, ctx: RequestContext, ident: uuid.UUID
) -> None:
    upcoming = await connection.scalar(
        select(
            exists().where(
                appointments.c.organization_id == ctx.viewer.organization_id,
                appointments.c.location_id == ident,
                appointments.c.end_at > ctx.now,
                appointments.c.status.in_([status.value for status in BLOCKING]),
            )
        )
    )
    if upcoming:
        raise TimeZoneInUse(
            "The time zone cannot change while the location has upcoming appointments: "
            "move or cancel them first",
            field="timeZone",
        )


async def update_location(
    ctx: RequestContext, changes: LocationChanges, *, idempotency_key: str | None
) -> uuid.UUID:
    """Change a location; its id."""
    clean = _cleaned(changes)

    async def work(tx: Transaction) -> Written:
        # FOR UPDATE waits for bookings in flight here (their foreign key holds a key-share
        # lock on the location) and keeps new ones out until this commits.
        connection = tx.connection
        row = await rows.locked_row(
            connection, ctx, LOCATIONS, changes.location_id, field="locationId", label="location"
        )
        rows.check_version(row, changes.base_version)
        if clean.get("time_zone", row.time_zone) != row.time_zone:
            await _check_no_upcoming(connection, ctx, row.id)
        await rows.update_row(tx, ctx, locations, row, clean)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="updateLocation",
        idempotency_key=idempotency_key,
        request={**asdict(changes), **clean},
    )
