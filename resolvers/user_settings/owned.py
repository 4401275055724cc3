"""What schedule views and saved searches share: owned by the token's subject, seen and
changed by that owner alone (another owner's item is NOT_FOUND, never told apart from a
missing one) or by a staff admin, unique by name per owner, versioned, audited, paged by name.

Each write serializes the owner's writes (an advisory lock on organization and owner; a staff
admin changing another's item takes that owner's), locks the row it changes, and checks
ownership, version and name clashes with the row locked; the unique indexes on (organization,
owner, name) stay the last word under concurrency (the runner turns their violation into
DUPLICATE).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import user_settings as queries
from db.rows.user_settings import OwnedRow
from db.shapes import R, ShapedTable
from resolvers.access_rules import OWN_SETTINGS
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import Duplicate, NotFound, Validation
from resolvers.mutation_runner import Transaction, run_row_mutation
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
    """Whether the caller may see and change the row: its owner, or a staff admin (its
    organization is row-level security's job)."""
    return OWN_SETTINGS.admits(ctx.viewer, row.owner)


def listed_owner(ctx: RequestContext, owner: str | None) -> str:
    """Whose items a list shows: the caller's, or the named owner's (another's only for a
    staff admin: the lists' declared rule, SETTINGS_LISTERS, refuses anyone else first)."""
    return owner_of(ctx) if owner is None else owner


def clean_name(name: str) -> str:
    """A trimmed name of 1 to 100 characters, or VALIDATION."""
    return fields.text(name, field="name", longest=NAME_LONGEST)


async def begin_owner_write(connection: AsyncConnection, ctx: RequestContext, owner: str) -> None:
    """Serialize the writes of one owner's settings for this transaction."""
    await queries.lock_owner(connection, organization_id=ctx.viewer.organization_id, owner=owner)


async def check_unique(
    connection: AsyncConnection,
    ctx: RequestContext,
    table: Table,
    *,
    column: str,
    value: str | None,
    label: str,
    owner: str,
    other_than: uuid.UUID | None = None,
) -> None:
    """DUPLICATE when another of the owner's items has this name (or shortcut)."""
    if value is None:
        return
    taken = await queries.name_in_use(
        connection,
        table,
        organization_id=ctx.viewer.organization_id,
        owner=owner,
        column=column,
        value=value,
        other_than=other_than,
    )
    if taken:
        raise Duplicate(f"You already have a {label} with the {column} {value!r}", field=column)


@dataclass(frozen=True, slots=True)
class OwnedKind:
    """One kind of per-user setting: its rows, the input field that names one, how messages
    call it, and its GraphQL type (its mutations are create/update/delete + the type)."""

    rows: ShapedTable[Any]
    field: str
    label: str
    type_name: str
    unique: tuple[str, ...] = ("name",)  # columns no two of an owner's rows share

    def name_taken(self, name: str | None) -> Duplicate:
        """DUPLICATE: the unique index refused the name (a concurrent request took it first)."""
        return Duplicate(f"You already have a {self.label} with the name {name!r}", field="name")


async def locked_own_row(
    connection: AsyncConnection, ctx: RequestContext, kind: OwnedKind, ident: uuid.UUID
) -> Any:
    """The row, locked once its owner's writes are serialized; NOT_FOUND when missing or
    another user's (unless the caller is a staff admin)."""
    owner: str | None = owner_of(ctx)
    if ctx.viewer.is_staff_admin:
        # Its owner's lock before the row's, in the order the owner's own writes take them.
        owner = await queries.owner_of_row(
            connection, kind.rows.table, organization_id=ctx.viewer.organization_id, ident=ident
        )
    if owner is None:
        raise NotFound(f"No {kind.label} with this ID", field=kind.field)
    await begin_owner_write(connection, ctx, owner)
    row = await rows.locked_row(
        connection, ctx, kind.rows, ident, field=kind.field, label=kind.label
    )
    if not owns(ctx, row):
        raise NotFound(f"No {kind.label} with this ID", field=kind.field)
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
    owner: str,
    where: Sequence[ColumnElement[bool]] = (),
) -> Page[R]:
    """A page of the owner's rows of `kind` meeting `where`, by name then id (listed_owner
    says whose)."""
    request = page_request(first, after, cursors)
    found: list[Any] = await queries.list_owned(
        ctx.db,
        kind,
        organization_id=ctx.viewer.organization_id,
        owner=owner,
        after=request.after,
        limit=request.limit,
        where=where,
    )
    return page_of(found, request, cursors, lambda row: (row.name, row.id))


async def own_count(
    ctx: RequestContext, table: Table, owner: str, where: Sequence[ColumnElement[bool]] = ()
) -> int:
    """How many rows of `table` meeting `where` the owner has."""
    return await queries.count_owned(
        ctx.db, table, organization_id=ctx.viewer.organization_id, owner=owner, where=where
    )


async def own_by_ids(
    ctx: RequestContext, kind: ShapedTable[R], ids: Sequence[uuid.UUID]
) -> list[R | None]:
    """The rows the caller may see by id, in order; None for unknown ids and others' rows
    (a staff admin sees every one)."""
    if not ids:
        return []
    found: list[Any] = await queries.owned_by_ids(
        ctx.db, kind, organization_id=ctx.viewer.organization_id, ids=ids
    )
    mine = {row.id: row for row in found if owns(ctx, row)}
    return [mine.get(ident) for ident in ids]


async def delete_row(tx: Transaction, ctx: RequestContext, table: Table, ident: uuid.UUID) -> None:
    """Delete a locked, checked row of the caller, audited as DELETED."""
    await queries.delete_owned(
        tx.connection, table, organization_id=ctx.viewer.organization_id, ident=ident
    )
    rows.audit(tx.journal, table, ident, "DELETED", {})


@dataclass(frozen=True, slots=True)
class Checked:
    """An item about to be written, as a kind's check sees it: its cleaned values, its owner
    and, on an update, its id."""

    connection: AsyncConnection
    ctx: RequestContext
    clean: dict[str, Any]
    owner: str
    other_than: uuid.UUID | None

    async def replace_default(
        self, table: Table, *, where: Sequence[ColumnElement[bool]] = ()
    ) -> None:
        """A new default replaces the owner's old one (among the rows `where` picks)."""
        if self.clean.get("is_default"):
            await queries.clear_default(
                self.connection,
                table,
                organization_id=self.ctx.viewer.organization_id,
                owner=self.owner,
                where=where,
            )


# Checks of an item's cleaned values beyond its owner's other rows (referenced ids).
Check = Callable[[Checked], Awaitable[None]]


async def _checked(
    connection: AsyncConnection,
    ctx: RequestContext,
    kind: OwnedKind,
    clean: dict[str, Any],
    check: Check,
    owner: str,
    other_than: uuid.UUID | None = None,
) -> None:
    """Run the kind's `check`, then DUPLICATE if another of the owner's rows has one of the
    unique values."""
    await check(Checked(connection, ctx, clean, owner, other_than))
    for column in kind.unique:
        await check_unique(
            connection,
            ctx,
            kind.rows.table,
            column=column,
            value=clean.get(column),
            label=kind.label,
            owner=owner,
            other_than=other_than,
        )


async def create_own(
    ctx: RequestContext,
    kind: OwnedKind,
    clean: dict[str, Any],
    *,
    check: Check,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Add a row of `kind` owned by the caller once `check` passes (audited); its id."""

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        owner = owner_of(ctx)  # a staff admin too creates only their own
        await begin_owner_write(connection, ctx, owner)
        await _checked(connection, ctx, kind, clean, check, owner)
        row = {**clean, "owner": owner}
        return Written(await rows.insert_row(tx, ctx, kind.rows.table, row))

    return await run_row_mutation(
        ctx,
        work,
        name=f"create{kind.type_name}",
        idempotency_key=idempotency_key,
        request=clean,
        duplicate=kind.name_taken(clean.get("name")),
    )


# A write to the caller's locked, version-checked row.
Write = Callable[[Transaction, Any], Awaitable[None]]


async def _write_own(
    ctx: RequestContext,
    kind: OwnedKind,
    *,
    mutation: str,
    ident: uuid.UUID,
    base_version: int,
    write: Write,
    values: dict[str, Any],
    duplicate: Duplicate | None = None,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Lock a row of `kind` the caller may change at `base_version` and `write` it; its id
    (`mutation`: update or delete; `values`: the rest of the idempotency fingerprint)."""

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row = await locked_own_row(connection, ctx, kind, ident)
        rows.check_version(row, base_version)
        await write(tx, row)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name=f"{mutation}{kind.type_name}",
        idempotency_key=idempotency_key,
        request={kind.field: ident, "base_version": base_version, **values},
        duplicate=duplicate,
    )


async def update_own(
    ctx: RequestContext,
    kind: OwnedKind,
    ident: uuid.UUID,
    base_version: int,
    clean: dict[str, Any],
    *,
    check: Check,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Change a row of `kind` the caller may change to `clean` at `base_version` once `check`
    passes with the row locked (audited); its id."""

    async def write(tx: Transaction, row: Any) -> None:
        await _checked(tx.connection, ctx, kind, clean, check, row.owner, other_than=row.id)
        await rows.update_row(tx, ctx, kind.rows.table, row, clean)

    return await _write_own(
        ctx,
        kind,
        mutation="update",
        ident=ident,
        base_version=base_version,
        write=write,
        values=clean,
        duplicate=kind.name_taken(clean.get("name")),
        idempotency_key=idempotency_key,
    )


async def delete_own(
    ctx: RequestContext,
    kind: OwnedKind,
    ident: uuid.UUID,
    base_version: int,
    *,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Delete a row of `kind` the caller may change at `base_version` (audited); its id."""

    async def write(tx: Transaction, row: Any) -> None:
        await delete_row(tx, ctx, kind.rows.table, row.id)

    return await _write_own(
        ctx,
        kind,
        mutation="delete",
        ident=ident,
        base_version=base_version,
        write=write,
        values={},
        idempotency_key=idempotency_key,
    )
