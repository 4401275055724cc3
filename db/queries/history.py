"""Reads of the appointment audit trail and patient flow timelines."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import any_, func, select

from db.queries.ids import uuid_array
from db.request_database import RequestDatabase
from db.rows.appointments import FlowEventRow, HistoryEntryRow
from db.tables import appointment_history as history
from db.tables import flow_events


async def history_pages(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    appointment_ids: Sequence[uuid.UUID],
    after_id: int,
    limit: int,
) -> list[HistoryEntryRow]:
    """Up to `limit` entries per appointment with id > after_id, oldest first, in one query."""
    ranked = (
        select(
            history,
            func.row_number()
            .over(partition_by=history.c.appointment_id, order_by=history.c.id)
            .label("rank"),
        )
        .where(
            history.c.organization_id == organization_id,
            history.c.appointment_id == any_(uuid_array("ids")),
            history.c.id > after_id,
        )
        .subquery()
    )
    statement = (
        select(ranked).where(ranked.c.rank <= limit).order_by(ranked.c.appointment_id, ranked.c.id)
    )
    return await db.fetch_all(statement, {"ids": list(appointment_ids)}, shape=HistoryEntryRow)


async def flow_events_of(
    db: RequestDatabase, *, organization_id: uuid.UUID, appointment_ids: Sequence[uuid.UUID]
) -> list[FlowEventRow]:
    """Patient flow events of the appointments, each timeline oldest first, in one query."""
    statement = (
        select(flow_events)
        .where(
            flow_events.c.organization_id == organization_id,
            flow_events.c.appointment_id == any_(uuid_array("ids")),
        )
        .order_by(flow_events.c.appointment_id, flow_events.c.occurred_at, flow_events.c.id)
    )
    return await db.fetch_all(statement, {"ids": list(appointment_ids)}, shape=FlowEventRow)
