"""What schedule views and saved searches share: owned by the token's subject, seen and
changed by that owner alone (another owner's item is NOT_FOUND, never told apart from a
missing one), unique by name per owner, versioned, audited, paged by name.

Each write serializes the owner's writes (an advisory lock on organization and subject), locks
the row it changes, and checks ownership, version and name clashes with the row locked; the
unique indexes on (organization, owner, name) stay the last word under concurrency (the
runner turns their violation into DUPLICATE).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import user_settings as queries
from db.rows.user_settings import OwnedRow
from db.shapes import R, ShapedTable
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import Duplicate, NotFound, Validation
from resolvers.mutation_runner import run_row_mutation
from resolvers.outcomes import Written
from resolvers.pages import Page, page_of, page_request
from resolvers.setup import fields, rows

NAME_LONGEST = 100
# Where in the input a fault lies: a name, or a path inside a nested input ("filter", "to").
Field = str | tuple[str, ...]


def owner_of(ctx: RequestContext) -> str:
    """Whose settings a request reads and writes: its token's subject."""
    return ctx.viewer.subject


def owns(ctx: RequestContext, row: OwnedRow) -> bool:
    """Whether the caller owns the row (its organization is row-level security's job)."""
    return row.owner == owner_of(ctx)


def clean_name(name: str) -> str:
    """A trimmed name of 1 to 100 characters, or VALIDATION."""
    return fields.text(name, field="name", longest=NAME_LONGEST)


async def begin_owner_write(connection: AsyncConnection, ctx: RequestContext) -> None:
    """Serialize the caller's writes of their settings for this transaction."""
    await queries.lock_owner(
        connection, organization_id=ctx.viewer.organization_id, owner=owner_of(ctx)
    )


async def check_unique(
    connection: AsyncConnection,
    ctx: RequestContext,
    table: Table,
    *,
    column: str,
    value: str | None,
    label: str,
    other_than: uuid.UUID | None = None,
) -> None:
    """DUPLICATE when another of the caller's items has this name (or shortcut)."""
    if value is None:
        return
    taken = await queries.name_in_use(
        connection,
        table,
        organization_id=ctx.viewer.organization_id,
        owner=owner_of(ctx),
        column=column,
        value=value,
        other_than=other_than,
    )
    if taken:
        raise Duplicate(f"You already have a {label} with the {column} {value!r}", field=column)


async def locked_own_row(
    connection: AsyncConnection,
    ctx: RequestContext,
    kind: ShapedTable[R],
    ident: uuid.UUID,
    *,
    field: str,
    label: str,
) -> R:
    """The caller's own row, locked; NOT_FOUND when missing or another user's."""
    row = await rows.locked_row(connection, ctx, kind, ident, field=field, label=label)
    if not owns(ctx, row):  # type: ignore[arg-type]  # every owned kind's shape is an OwnedRow
        raise NotFound(f"No {label} with this ID", field=field)
    return row


async def require_ids(
    connection: AsyncConnection,
    ctx: RequestContext,
    table: Table,
    ids: Sequence[uuid.UUID],
    *,
    field: Field,
    label: str,
) -> None:
    """NOT_FOUND unless every id is a row of `table` in the caller's organization."""
    found = await queries.existing_ids(
        connection, table, organization_id=ctx.viewer.organization_id, ids=ids
    )
    if len(found) != len(set(ids)):
        raise NotFound(f"No {label} with one of these IDs", field=field)


def distinct(ids: Sequence[uuid.UUID], *, field: Field, longest: int = 50) -> list[uuid.UUID]:
    """The ids in order without repeats; VALIDATION beyond `longest` of them."""
    unique = list(dict.fromkeys(ids))
    if len(unique) > longest:
        name = field if isinstance(field, str) else ".".join(field)
        raise Validation(f"{name} takes at most {longest} IDs", field=field)
    return unique


async def own_page(
    ctx: RequestContext,
    kind: ShapedTable[R],
    cursors: CursorList,
    *,
    first: int,
    after: str | None,
    where: Sequence[ColumnElement[bool]] = (),
) -> Page[R]:
    """A page of the caller's own rows of `kind` meeting `where`, by name then id."""
    request = page_request(first, after, cursors)
    found: list[Any] = await queries.list_owned(
        ctx.db,
        kind,
        organization_id=ctx.viewer.organization_id,
        owner=owner_of(ctx),
        after=request.after,
        limit=request.limit,
        where=where,
    )
    return page_of(found, request, cursors, lambda row: (row.name, row.id))


async def own_count(
    ctx: RequestContext, table: Table, where: Sequence[ColumnElement[bool]] = ()
) -> int:
    """How many rows of `table` meeting `where` the caller owns."""
    return await queries.count_owned(
        ctx.db, table, organization_id=ctx.viewer.organization_id, owner=owner_of(ctx), where=where
    )


async def own_by_ids(
    ctx: RequestContext, kind: ShapedTable[R], ids: Sequence[uuid.UUID]
) -> list[R | None]:
    """The caller's own rows by id, in order; None for unknown ids and others' rows."""
    if not ids:
        return []
    found: list[Any] = await queries.owned_by_ids(
        ctx.db, kind, organization_id=ctx.viewer.organization_id, ids=ids
    )
    mine = {row.id: row for row in found if owns(ctx, row)}
    return [mine.get(ident) for ident in ids]


async def delete_row(
    connection: AsyncConnection, ctx: RequestContext, table: Table, ident: uuid.UUID
) -> None:
    """Delete a locked, checked row of the caller, audited as DELETED."""
    await queries.delete_owned(
        connection, table, organization_id=ctx.viewer.organization_id, ident=ident
    )
    await rows.audit(connection, ctx, table, ident, "DELETED", {})


async def delete_own(
    ctx: RequestContext,
    kind: ShapedTable[Any],
    ident: uuid.UUID,
    base_version: int,
    *,
    field: str,
    label: str,
    mutation: str,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Delete one of the caller's rows of `kind` at `base_version` (audited); its id."""

    async def work(connection: AsyncConnection) -> Written:
        await begin_owner_write(connection, ctx)
        row = await locked_own_row(connection, ctx, kind, ident, field=field, label=label)
        rows.check_version(row, base_version)
        await delete_row(connection, ctx, kind.table, row.id)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name=mutation,
        idempotency_key=idempotency_key,
        request={field: ident, "base_version": base_version},
    )


# Checks of an item's cleaned values against the caller's others (names, referenced ids).
Check = Callable[..., Awaitable[None]]


async def update_own(
    ctx: RequestContext,
    kind: ShapedTable[Any],
    ident: uuid.UUID,
    base_version: int,
    clean: dict[str, Any],
    *,
    check: Check,
    field: str,
    label: str,
    mutation: str,
    duplicate: Duplicate,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Change one of the caller's rows of `kind` to `clean` at `base_version` once `check`
    passes with the row locked (audited); its id."""

    async def work(connection: AsyncConnection) -> Written:
        await begin_owner_write(connection, ctx)
        row = await locked_own_row(connection, ctx, kind, ident, field=field, label=label)
        rows.check_version(row, base_version)
        await check(connection, ctx, clean, other_than=row.id)
        await rows.update_row(connection, ctx, kind.table, row, clean)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name=mutation,
        idempotency_key=idempotency_key,
        request={field: ident, "base_version": base_version, **clean},
        duplicate=duplicate,
    )
