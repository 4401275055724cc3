"""createOperatory and updateOperatory (staff): a location's chairs, their order and use."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any

from db.queries.practice import OPERATORIES
from db.tables import operatories
from resolvers.context import RequestContext
from resolvers.errors import Duplicate
from resolvers.lifecycle.references import require_location
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.setup import fields, rows


@dataclass(frozen=True, slots=True)
class NewOperatory:
    """A chair or room as a client describes it."""

    location_id: uuid.UUID
    name: str
    abbreviation: str
    sort_order: int = 0
    active: bool = True


@dataclass(frozen=True, slots=True)
class OperatoryChanges:
    """Changes to an operatory at `base_version`; None leaves a field as it is."""

    operatory_id: uuid.UUID
    base_version: int
    name: str | None = None
    abbreviation: str | None = None
    sort_order: int | None = None
    active: bool | None = None


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "name" in clean:
        clean["name"] = fields.text(clean["name"], field="name", longest=100)
    if "abbreviation" in clean:
        clean["abbreviation"] = fields.text(clean["abbreviation"], field="abbreviation", longest=10)
    if "sort_order" in clean:
        clean["sort_order"] = fields.whole(
            clean["sort_order"], field="sortOrder", low=-10_000, high=10_000
        )
    return clean


def name_taken(name: str | None) -> Duplicate:
    """DUPLICATE: the location has an operatory of this name (the unique constraint says so,
    also when a concurrent request took the name first)."""
    return Duplicate(f"An operatory named {name!r} exists at this location", field="name")


async def create_operatory(
    ctx: RequestContext, new: NewOperatory, *, idempotency_key: str | None
) -> uuid.UUID:
    """Add an operatory to a location of the caller's organization; its id."""
    clean = _clean(asdict(new))

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        await require_location(connection, ctx.viewer.organization_id, new.location_id)
        return Written(await rows.insert_row(tx, ctx, operatories, clean))

    return await run_row_mutation(
        ctx,
        work,
        name="createOperatory",
        idempotency_key=idempotency_key,
        request=clean,
        duplicate=name_taken(clean["name"]),
    )


async def update_operatory(
    ctx: RequestContext, changes: OperatoryChanges, *, idempotency_key: str | None
) -> uuid.UUID:
    """Rename, reorder, retire (active false) or reactivate an operatory; its id."""
    values = _clean(
        fields.present(
            {
                "name": changes.name,
                "abbreviation": changes.abbreviation,
                "sort_order": changes.sort_order,
                "active": changes.active,
            }
        )
    )

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row = await rows.locked_row(
            connection,
            ctx,
            OPERATORIES,
            changes.operatory_id,
            field="operatoryId",
            label="operatory",
        )
        rows.check_version(row, changes.base_version)
        await rows.update_row(tx, ctx, operatories, row, values)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="updateOperatory",
        idempotency_key=idempotency_key,
        request={**asdict(changes), **values},
        duplicate=name_taken(values.get("name")),
    )
