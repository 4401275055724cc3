"""Create, change and archive an entry of one of the organization's managed lists
(confirmation statuses, patient flow statuses, cancellation and no-show reasons), each write
audited (setup_changes) and run by the one mutation runner.

Names are unique per list in the database (a unique constraint), so a second entry of one
name is DUPLICATE also when two requests race; archived entries stay on the appointments
that have them but cannot be used again (the lists' users check `active`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.shapes import ShapedTable
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, Validation
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.setup import fields, rows

# column -> (input field, longest) of the lists' texts
TEXTS = {"name": ("name", 100), "abbreviation": ("abbreviation", 10)}


@dataclass(frozen=True, slots=True)
class Catalog:
    """One managed list: its table, what it is called, the input field naming an entry."""

    kind: ShapedTable[Any]
    label: str  # "confirmation status"
    noun: str  # "ConfirmationStatus": the mutations are create/update/archive + noun
    id_field: str  # "confirmationStatusId"


def cleaned(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values a client set, checked: texts trimmed, colors #rrggbb, positions in range."""
    clean: dict[str, Any] = fields.present(dict(values))
    for column, (field, longest) in TEXTS.items():
        if column in clean:
            clean[column] = fields.text(clean[column], field=field, longest=longest)
    if "color" in clean:
        clean["color"] = fields.color(clean["color"])
    if "sort_order" in clean:
        clean["sort_order"] = fields.whole(
            clean["sort_order"], field="sortOrder", low=-10_000, high=10_000
        )
    return clean


def name_taken(catalog: Catalog, name: Any) -> Duplicate:
    """DUPLICATE: the list has an entry of this name (archived ones included)."""
    return Duplicate(f"A {catalog.label} named {name!r} exists", field="name")


async def create_entry(
    ctx: RequestContext,
    catalog: Catalog,
    values: Mapping[str, Any],
    *,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Add an entry to the list; its id."""
    clean = cleaned(values)

    async def work(tx: Transaction) -> Written:
        return Written(await rows.insert_row(tx, ctx, catalog.kind.table, clean))

    return await run_row_mutation(
        ctx,
        work,
        name=f"create{catalog.noun}",
        idempotency_key=idempotency_key,
        request=clean,
        duplicate=name_taken(catalog, clean.get("name")),
    )


@dataclass(frozen=True, slots=True)
class EntryChange:
    """Changes to one entry at `base_version`; values left out (None) stay as they are."""

    ident: uuid.UUID
    base_version: int
    values: Mapping[str, Any]


async def update_entry(
    ctx: RequestContext,
    catalog: Catalog,
    change: EntryChange,
    *,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Rename, recolor, reorder or reactivate (active true) an entry; its id."""
    clean = cleaned(change.values)

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row = await _current(connection, ctx, catalog, change)
        await rows.update_row(tx, ctx, catalog.kind.table, row, clean)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name=f"update{catalog.noun}",
        idempotency_key=idempotency_key,
        request={"id": change.ident, "base_version": change.base_version, **clean},
        duplicate=name_taken(catalog, clean.get("name")),
    )


async def archive_entry(
    ctx: RequestContext,
    catalog: Catalog,
    change: EntryChange,
    *,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Archive an entry: it stays where it was used, and cannot be used again; its id."""

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row = await _current(connection, ctx, catalog, change)
        if not row.active:
            raise Validation(f"This {catalog.label} is archived already", field=catalog.id_field)
        await rows.update_row(tx, ctx, catalog.kind.table, row, {"active": False})
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name=f"archive{catalog.noun}",
        idempotency_key=idempotency_key,
        request={"id": change.ident, "base_version": change.base_version},
    )


async def _current(
    connection: AsyncConnection, ctx: RequestContext, catalog: Catalog, change: EntryChange
) -> Any:
    """The entry, locked, at the version the client saw; NOT_FOUND or VERSION_CONFLICT."""
    row = await rows.locked_row(
        connection, ctx, catalog.kind, change.ident, field=catalog.id_field, label=catalog.label
    )
    rows.check_version(row, change.base_version)
    return row
