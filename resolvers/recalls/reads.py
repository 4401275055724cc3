"""Recall reads: types, triggers, due recalls, rows by id and a patient's, an appointment's or
a waitlist entry's recalls."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row

from db.queries import recalls as queries
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.pages import Page, page_of, page_request


async def recall_types(ctx: RequestContext, *, include_inactive: bool) -> Sequence[Row[Any]]:
    """The organization's recall types in order."""
    org = ctx.viewer.organization_id
    return await queries.list_types(ctx.db, organization_id=org, include_inactive=include_inactive)


async def recall_triggers(
    ctx: RequestContext, *, recall_type_id: uuid.UUID | None
) -> Sequence[Row[Any]]:
    """The organization's recall triggers by procedure code."""
    org = ctx.viewer.organization_id
    return await queries.list_triggers(ctx.db, organization_id=org, recall_type_id=recall_type_id)


DUE_RECALLS = CursorList("dueRecalls", tuple(key.kind for key in queries.DUE_ORDER))


async def due_recalls(
    ctx: RequestContext,
    *,
    due_on: date,
    location_id: uuid.UUID | None,
    first: int,
    after: str | None,
) -> Page[Row[Any]]:
    """A page of the enabled, open recalls due on or before `due_on`, most overdue first."""
    request = page_request(first, after, DUE_RECALLS)
    rows = await queries.due_recalls(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        due_on=due_on,
        location_id=location_id,
        after=request.after,
        limit=request.limit,
    )
    return page_of(rows, request, DUE_RECALLS, lambda row: (row.due_date, row.id))


async def due_recall_count(
    ctx: RequestContext, *, due_on: date, location_id: uuid.UUID | None
) -> int:
    """How many recalls are due."""
    return await queries.count_due_recalls(
        ctx.db, organization_id=ctx.viewer.organization_id, due_on=due_on, location_id=location_id
    )


async def recalls_by_ids(
    ctx: RequestContext, kind: str, ids: Sequence[uuid.UUID]
) -> list[Row[Any] | None]:
    """Rows by id in order; None for unknown ids, other organizations' and for patients."""
    if ctx.viewer.is_patient or not ids:
        return [None] * len(ids)
    rows = await queries.rows_by_ids(
        ctx.db, kind=kind, organization_id=ctx.viewer.organization_id, ids=ids
    )
    found = {row.id: row for row in rows}
    return [found.get(ident) for ident in ids]


async def patient_recalls(ctx: RequestContext, patient_id: uuid.UUID) -> Sequence[Row[Any]]:
    """A patient's recalls by due date (a patient caller sees only their own)."""
    if not ctx.viewer.may_see_patient(patient_id):
        return []
    return await ctx.loaders.recalls.of_patient.load(patient_id)


async def appointment_recalls(
    ctx: RequestContext, appointment_id: uuid.UUID, patient_id: uuid.UUID
) -> Sequence[Row[Any]]:
    """The recalls an appointment books (a patient caller sees only their own)."""
    if not ctx.viewer.may_see_patient(patient_id):
        return []
    return await ctx.loaders.recalls.of_appointment.load(appointment_id)


async def recall_of_entry(ctx: RequestContext, recall_id: uuid.UUID) -> Row[Any] | None:
    """The recall a waitlist entry was made from (entries are staff-only already)."""
    return await ctx.loaders.recalls.by_id.load(recall_id)
