"""The providers list: a search by name words and abbreviation, filtered by where they work,
their kind and whether they are active, paged by name (last, first, any case, then id)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select

from db.queries import keyset
from db.queries.keyset import SortKey
from db.queries.practice import escape_like
from db.queries.setup import provider_locations
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.practice import ProviderRow
from db.tables import providers

PROVIDER_ORDER = (
    SortKey(func.lower(providers.c.last_name), "text"),
    SortKey(func.lower(providers.c.first_name), "text"),
    SortKey(providers.c.id, "uuid"),
)


@dataclass(frozen=True, slots=True)
class ProviderFilter:
    """Which providers to list: each word of `search` starts their first or last name or
    abbreviation (any case); working at `location_id` (a provider without locations works
    everywhere); of `kind`; the inactive ones too with `include_inactive`."""

    search: str | None = None
    location_id: uuid.UUID | None = None
    kind: str | None = None
    include_inactive: bool = False


def _works_at(location_id: uuid.UUID) -> ColumnElement[bool]:
    """Providers who work at the location: it is one of theirs, or they list none."""
    links = provider_locations
    own = (links.c.organization_id == providers.c.organization_id) & (
        links.c.provider_id == providers.c.id
    )
    return or_(~exists().where(own), exists().where(own, links.c.location_id == location_id))


def _conditions(organization_id: uuid.UUID, where: ProviderFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [providers.c.organization_id == organization_id]
    if not where.include_inactive:
        conditions.append(providers.c.active.is_(True))
    if where.kind is not None:
        conditions.append(providers.c.kind == where.kind)
    if where.location_id is not None:
        conditions.append(_works_at(where.location_id))
    for word in (where.search or "").split():
        # Each alternative is a column of ix_providers_search (a trigram index, migration 0027).
        prefix = escape_like(word.lower()) + "%"
        searched = (providers.c.last_name, providers.c.first_name, providers.c.abbreviation)
        conditions.append(or_(*(func.lower(column).like(prefix) for column in searched)))
    return conditions


def provider_search(
    *,
    organization_id: uuid.UUID,
    where: ProviderFilter,
    after: Sequence[Any] | None,
    limit: int,
) -> Select[Any]:
    """The statement of list_providers (a test EXPLAINs it: ix_providers_search serves it)."""
    conditions = _conditions(organization_id, where)
    if after is not None:
        conditions.append(keyset.after(PROVIDER_ORDER, after))
    return (
        select(providers, *keyset.key_columns(PROVIDER_ORDER))
        .where(*conditions)
        .order_by(*keyset.order_by(PROVIDER_ORDER))
        .limit(limit)
    )


async def list_providers(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    where: ProviderFilter,
    after: Sequence[Any] | None,
    limit: int,
) -> list[ProviderRow]:
    """Matching providers in PROVIDER_ORDER, after the position if any."""
    statement = provider_search(
        organization_id=organization_id, where=where, after=after, limit=limit
    )
    return await db.fetch_all(statement, shape=ProviderRow)


async def count_providers(
    db: RequestDatabase, *, organization_id: uuid.UUID, where: ProviderFilter
) -> int:
    """How many providers match."""
    conditions = _conditions(organization_id, where)
    statement = select(func.count().label("count")).select_from(providers).where(*conditions)
    row = await db.fetch_one(statement, shape=CountRow)
    return row.count if row else 0
