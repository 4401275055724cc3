"""createProvider and updateProvider (staff): who can be booked, what they do and where."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import setup as links
from db.queries.practice import PROVIDERS
from db.tables import providers
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.setup import fields, rows
from resolvers.setup.offers import check_offered_ids
from scheduling.practice_kinds import ProviderKind

# text column -> (its input field, longest)
TEXTS = {
    "first_name": ("firstName", 100),
    "last_name": ("lastName", 100),
    "abbreviation": ("abbreviation", 10),
}
REQUIRED = ("first_name", "last_name", "abbreviation", "color")


@dataclass(frozen=True, slots=True)
class ProviderValues:
    """The columns of a provider a client sets; None leaves one as it is (or its default)."""

    first_name: str | None = None
    last_name: str | None = None
    abbreviation: str | None = None
    color: str | None = None
    kind: ProviderKind | None = None
    active: bool | None = None


@dataclass(frozen=True, slots=True)
class ProviderChange:
    """A new provider (provider_id None) or a change to one at base_version; location_ids
    None leaves the provider's locations as they are, empty means every location."""

    values: ProviderValues
    location_ids: tuple[uuid.UUID, ...] | None = None
    provider_id: uuid.UUID | None = None
    base_version: int | None = field(default=None)


def _cleaned(values: ProviderValues) -> dict[str, Any]:
    clean: dict[str, Any] = fields.present(asdict(values))
    for column, (name, longest) in TEXTS.items():
        if column in clean:
            clean[column] = fields.text(clean[column], field=name, longest=longest)
    if "color" in clean:
        clean["color"] = fields.color(clean["color"])
    if "kind" in clean:
        clean["kind"] = ProviderKind(clean["kind"]).value
    return clean


async def _write_locations(
    connection: AsyncConnection, ctx: RequestContext, ident: uuid.UUID, change: ProviderChange
) -> dict[str, Any]:
    if change.location_ids is None:
        return {}
    await check_offered_ids(
        connection, ctx, "provider_locations", change.location_ids, field="locationIds"
    )
    await links.replace_links(
        connection,
        link="provider_locations",
        organization_id=ctx.viewer.organization_id,
        owner_id=ident,
        linked=change.location_ids,
    )
    return {"location_ids": list(change.location_ids)}


async def save_provider(
    ctx: RequestContext, change: ProviderChange, *, idempotency_key: str | None
) -> uuid.UUID:
    """Create a provider (change.provider_id None) or change one; its id."""
    clean = _cleaned(change.values)
    creating = change.provider_id is None
    missing = [column for column in REQUIRED if creating and column not in clean]
    if missing:
        name = TEXTS.get(missing[0], (missing[0], 0))[0]
        raise Validation(f"{name} is required", field=name)

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if change.provider_id is None:
            ident = await rows.insert_row(tx, ctx, providers, clean)
            await _write_locations(connection, ctx, ident, change)
            return Written(ident)
        row = await rows.locked_row(
            connection, ctx, PROVIDERS, change.provider_id, field="providerId", label="provider"
        )
        rows.check_version(row, change.base_version or 0)
        placed = await _write_locations(connection, ctx, row.id, change)
        await rows.update_row(tx, ctx, providers, row, clean, audited=placed)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="createProvider" if creating else "updateProvider",
        idempotency_key=idempotency_key,
        request={**asdict(change), **clean},
    )
