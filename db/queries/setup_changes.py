"""Reads of the setup's audit trail (setup_changes): one organization's entries, oldest first,
filtered by the kind of row, the row, and a time range."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select

from db.models import SetupChange
from db.queries import keyset
from db.queries.keyset import SortKey
from db.request_database import RequestDatabase
from db.rows.setup import SetupChangeRow
from db.tables import table_of

setup_changes = table_of(SetupChange)
# Oldest first; entries of one transaction share their time and follow in id order.
ORDER = (SortKey(setup_changes.c.changed_at, "instant"), SortKey(setup_changes.c.id, "uuid"))


@dataclass(frozen=True, slots=True)
class SetupChangeFilter:
    """Which entries to read; None leaves a condition out."""

    tables: Sequence[str] | None = None  # subject_table is one of these
    subject_id: uuid.UUID | None = None
    changed_from: datetime | None = None  # inclusive
    changed_before: datetime | None = None  # exclusive


def _conditions(organization_id: uuid.UUID, spec: SetupChangeFilter) -> list[ColumnElement[bool]]:
    conditions = [setup_changes.c.organization_id == organization_id]
    if spec.tables is not None:
        conditions.append(setup_changes.c.subject_table.in_(list(spec.tables)))
    if spec.subject_id is not None:
        conditions.append(setup_changes.c.subject_id == spec.subject_id)
    if spec.changed_from is not None:
        conditions.append(setup_changes.c.changed_at >= spec.changed_from)
    if spec.changed_before is not None:
        conditions.append(setup_changes.c.changed_at < spec.changed_before)
    return conditions


async def list_setup_changes(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    spec: SetupChangeFilter,
    after: Sequence[Any] | None,
    limit: int,
) -> list[SetupChangeRow]:
    """Up to `limit` entries after the position, oldest first."""
    conditions = _conditions(organization_id, spec)
    if after is not None:
        conditions.append(keyset.after(ORDER, after))
    statement = (
        select(setup_changes).where(*conditions).order_by(*keyset.order_by(ORDER)).limit(limit)
    )
    return await db.fetch_all(statement, shape=SetupChangeRow)
