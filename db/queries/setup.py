"""Reads and writes of who offers what: a provider's locations, an appointment type's
providers and locations (empty: every one)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Table, any_, bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import AppointmentTypeLocation, AppointmentTypeProvider, ProviderLocation
from db.queries.ids import uuid_array
from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from db.rows.setup import LinkRow
from db.tables import table_of

provider_locations = table_of(ProviderLocation)
type_providers = table_of(AppointmentTypeProvider)
type_locations = table_of(AppointmentTypeLocation)

# link table -> (the column naming its owner, the column naming what is linked)
LINKS: dict[str, tuple[Table, str, str]] = {
    "provider_locations": (provider_locations, "provider_id", "location_id"),
    "type_providers": (type_providers, "appointment_type_id", "provider_id"),
    "type_locations": (type_locations, "appointment_type_id", "location_id"),
}


def _statement(table: Table, owner: str, linked: str) -> ReadStatement[LinkRow]:
    return ReadStatement(
        select(table.c[owner].label("owner_id"), table.c[linked].label("linked_id"))
        .where(
            table.c.organization_id == bindparam("organization_id"),
            table.c[owner] == any_(uuid_array("ids")),
        )
        .order_by(table.c[owner], table.c[linked]),
        LinkRow,
    )


LINKED = {name: _statement(*link) for name, link in LINKS.items()}


async def linked_ids(
    db: RequestDatabase, *, link: str, organization_id: uuid.UUID, owner_ids: Sequence[uuid.UUID]
) -> Sequence[LinkRow]:
    """(owner_id, linked_id) rows of one link table for the owners."""
    params = {"organization_id": organization_id, "ids": list(owner_ids)}
    return await db.fetch_all(LINKED[link], params)


async def replace_links(
    connection: AsyncConnection,
    *,
    link: str,
    organization_id: uuid.UUID,
    owner_id: uuid.UUID,
    linked: Sequence[uuid.UUID],
) -> None:
    """Make the owner's links exactly `linked` (composite foreign keys refuse another
    organization's rows: the runner reports NOT_FOUND)."""
    table, owner, column = LINKS[link]
    await connection.execute(
        delete(table).where(table.c.organization_id == organization_id, table.c[owner] == owner_id)
    )
    if linked:
        await connection.execute(
            insert(table),
            [
                {"organization_id": organization_id, owner: owner_id, column: ident}
                for ident in linked
            ],
        )


async def links_in_transaction(
    connection: AsyncConnection, *, link: str, organization_id: uuid.UUID, owner_id: uuid.UUID
) -> list[uuid.UUID]:
    """The owner's linked ids, read inside a mutation's transaction."""
    table, owner, column = LINKS[link]
    result = await connection.execute(
        select(table.c[column]).where(
            table.c.organization_id == organization_id, table.c[owner] == owner_id
        )
    )
    return list(result.scalars())
