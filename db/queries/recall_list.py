"""The organization's patient recalls as one list: by type, status as of a date, patient."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from db.queries import keyset
from db.queries.recalls import DUE_ORDER, booked_by_live_appointment, recall_select
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.recalls import RecallRow
from db.tables import patient_recalls


def effective_status(today: date) -> ColumnElement[str]:
    """SQL twin of scheduling.recalls.effective_status over recall_select's rows."""
    return case(
        (patient_recalls.c.status == "completed", "completed"),
        (booked_by_live_appointment(), "scheduled"),
        (patient_recalls.c.due_date < today, "overdue"),
        else_="due",
    )


@dataclass(frozen=True, slots=True)
class RecallFilter:
    """Which recalls to list (empty: any); statuses as of `today`."""

    today: date
    recall_type_ids: Sequence[uuid.UUID] = ()
    statuses: Sequence[str] = ()
    patient_id: uuid.UUID | None = None


def _conditions(organization_id: uuid.UUID, where: RecallFilter) -> list[ColumnElement[bool]]:
    conditions = [patient_recalls.c.organization_id == organization_id]
    if where.recall_type_ids:
        conditions.append(patient_recalls.c.recall_type_id.in_(list(where.recall_type_ids)))
    if where.statuses:
        conditions.append(effective_status(where.today).in_(list(where.statuses)))
    if where.patient_id is not None:
        conditions.append(patient_recalls.c.patient_id == where.patient_id)
    return conditions


async def list_recalls(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    where: RecallFilter,
    after: Sequence[Any] | None,
    limit: int,
) -> list[RecallRow]:
    """Matching recalls by due date then id (DUE_ORDER), after the position if any."""
    conditions = _conditions(organization_id, where)
    if after is not None:
        conditions.append(keyset.after(DUE_ORDER, after))
    statement = recall_select().where(*conditions).order_by(*keyset.order_by(DUE_ORDER))
    return await db.fetch_all(statement.limit(limit), shape=RecallRow)


async def count_recalls(
    db: RequestDatabase, *, organization_id: uuid.UUID, where: RecallFilter
) -> int:
    """How many recalls list_recalls pages through."""
    listed = recall_select().where(*_conditions(organization_id, where)).subquery()
    row = await db.fetch_one(
        select(func.count().label("count")).select_from(listed), shape=CountRow
    )
    return row.count if row else 0
