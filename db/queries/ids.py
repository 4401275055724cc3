"""Lookups by many ids with one statement text whatever the count (`= ANY(:ids)`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, Select, Table, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from db.shapes import R, ShapedTable


def uuid_array(name: str) -> BindParameter[list[object]]:
    """A bind parameter carrying a uuid[]; unlike IN (...), its SQL text never varies."""
    return bindparam(name, type_=ARRAY(UUID(as_uuid=True)))  # type: ignore[arg-type]


def by_ids(table: Table) -> Select[Any]:
    """A tenant table's rows whose id is one of :ids, in the organization :organization_id."""
    return select(table).where(
        table.c.organization_id == bindparam("organization_id"),
        table.c.id == any_(uuid_array("ids")),
    )


async def rows_by_ids(
    db: RequestDatabase,
    kind: ShapedTable[R] | ReadStatement[R],
    *,
    organization_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
) -> list[R]:
    """Rows of one table with the given ids in the organization; `kind` is the table, or a
    ReadStatement of `by_ids(table)` (sent straight through asyncpg)."""
    params = {"organization_id": organization_id, "ids": list(ids)}
    if isinstance(kind, ReadStatement):
        return await db.fetch_all(kind, params)
    return await db.fetch_all(by_ids(kind.table), params, shape=kind.shape)
