"""Writing one setup row inside a mutation's transaction: insert or versioned update, each
with its audit entry (setup_changes, recorded on the transaction's journal), and the typed
errors a missing or stale row gets."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import Table, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.audit_journal import Journal, SetupAudit
from db.queries.schedule_writes import lock_row
from db.shapes import R, ShapedTable
from resolvers.context import RequestContext
from resolvers.errors import NotFound, VersionConflict
from resolvers.mutation_runner import Transaction

# Patients' contact details stay out of the audit trail: it records which fields changed.
PRIVATE_TABLES = frozenset({"patients"})


def _audited(value: Any) -> Any:
    """A value as JSON keeps it."""
    if isinstance(value, uuid.UUID | date | time | Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_audited(item) for item in value]
    return value


def audit(
    journal: Journal,
    table: Table,
    subject_id: uuid.UUID,
    action: str,
    values: Mapping[str, Any],
    *,
    contact_free: bool = False,
) -> None:
    """Record the viewer's change of a row of `table` to what (for a private table only the
    names of the fields, unless the values hold no contact details: `contact_free`, e.g. ids)."""
    if table.name in PRIVATE_TABLES and not contact_free:
        changes: dict[str, Any] = {"fields": sorted(values)}
    else:
        changes = {name: _audited(value) for name, value in values.items()}
    journal.record(SetupAudit(table.name, subject_id, action, changes))


async def insert_row(
    tx: Transaction,
    ctx: RequestContext,
    table: Table,
    values: Mapping[str, Any],
    *,
    audited: Mapping[str, Any] | None = None,
) -> uuid.UUID:
    """Insert a row of the caller's organization, audited as CREATED; its id."""
    result = await tx.connection.execute(
        insert(table)
        .values(organization_id=ctx.viewer.organization_id, **values)
        .returning(table.c.id)
    )
    ident: uuid.UUID = result.scalar_one()
    audit(tx.journal, table, ident, "CREATED", {**values, **(audited or {})})
    return ident


class Versioned(Protocol):
    """A setup row as the versioned update reads it."""

    id: uuid.UUID
    version: int


async def locked_row(
    connection: AsyncConnection,
    ctx: RequestContext,
    kind: ShapedTable[R],
    ident: uuid.UUID,
    *,
    field: str,
    label: str,
) -> R:
    """The row, locked for this transaction, or NOT_FOUND (another organization's too)."""
    row = await lock_row(
        connection, kind=kind, organization_id=ctx.viewer.organization_id, ident=ident
    )
    if row is None:
        raise NotFound(f"No {label} with this ID", field=field)
    return row


def check_version(row: Versioned, base_version: int, *, field: str = "baseVersion") -> None:
    """VERSION_CONFLICT (on `field`) unless the client saw the row's current version."""
    if row.version != base_version:
        raise VersionConflict(
            f"This was changed meanwhile: it is at version {row.version}, not {base_version}; "
            "read it again and resend the change",
            field=field,
        )


async def update_row(
    tx: Transaction,
    ctx: RequestContext,
    table: Table,
    row: Versioned,
    values: Mapping[str, Any],
    *,
    audited: Mapping[str, Any] | None = None,
) -> None:
    """Set the values on a locked row, bump its version and audit it as UPDATED (a change
    that sets nothing still bumps it: the client asked at that version)."""
    await tx.connection.execute(
        update(table)
        .where(table.c.organization_id == ctx.viewer.organization_id, table.c.id == row.id)
        .values(version=table.c.version + 1, **values)
    )
    audit(tx.journal, table, row.id, "UPDATED", {**values, **(audited or {})})
