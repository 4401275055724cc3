"""Recall reads: types, triggers, due recalls, rows by id and a patient's, an appointment's or
a waitlist entry's recalls."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import TypeVar

from db.batching import T, by_id
from db.queries import recall_list
from db.queries import recalls as queries
from db.queries.ids import rows_by_ids
from db.rows.recalls import RecallRow, RecallTriggerRow, RecallTypeRow
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import NotFound
from resolvers.pages import Page, page_of, page_request

R = TypeVar("R")


async def recall_types(ctx: RequestContext, *, include_inactive: bool) -> list[RecallTypeRow]:
    """The organization's recall types in order."""
    org = ctx.viewer.organization_id
    return await queries.list_types(ctx.db, organization_id=org, include_inactive=include_inactive)


async def recall_triggers(
    ctx: RequestContext, *, recall_type_id: uuid.UUID | None
) -> list[RecallTriggerRow]:
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
) -> Page[RecallRow]:
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


RECALLS = CursorList("patientRecalls", tuple(key.kind for key in queries.DUE_ORDER))


async def _check_references(ctx: RequestContext, where: recall_list.RecallFilter) -> None:
    """NOT_FOUND for a recall type or patient the organization does not have."""
    types = await recall_types_by_ids(ctx, list(where.recall_type_ids))
    if any(row is None for row in types):
        raise NotFound("No recall type with this ID", field="recallTypeIds")
    if where.patient_id is not None and await ctx.loaders.patients.load(where.patient_id) is None:
        raise NotFound("No patient with this ID", field="patientId")


async def recall_page(
    ctx: RequestContext, where: recall_list.RecallFilter, *, first: int, after: str | None
) -> Page[RecallRow]:
    """A page of the organization's recalls matching the filter, by due date then id."""
    request = page_request(first, after, RECALLS)
    await _check_references(ctx, where)
    rows = await recall_list.list_recalls(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        where=where,
        after=request.after,
        limit=request.limit,
    )
    return page_of(rows, request, RECALLS, lambda row: (row.due_date, row.id))


async def recall_count(ctx: RequestContext, where: recall_list.RecallFilter) -> int:
    """How many recalls recall_page pages through."""
    return await recall_list.count_recalls(
        ctx.db, organization_id=ctx.viewer.organization_id, where=where
    )


# Rows of one kind by id, in order (recall_types_by_ids, ...): what the nodes resolve from.
ByIds = Callable[[RequestContext, Sequence[uuid.UUID]], Awaitable[list[R | None]]]


async def _visible_rows(
    ctx: RequestContext,
    ids: Sequence[uuid.UUID],
    read: Callable[[uuid.UUID], Awaitable[list[T]]],
) -> list[T | None]:
    """Rows by id in order, read for the caller's organization; None for unknown ids, other
    organizations' and for patients (their own come through their patient node)."""
    if ctx.viewer.is_patient or not ids:
        return [None] * len(ids)
    return by_id(await read(ctx.viewer.organization_id), ids)


async def recall_types_by_ids(
    ctx: RequestContext, ids: Sequence[uuid.UUID]
) -> list[RecallTypeRow | None]:
    """Recall types by id (see _visible_rows)."""
    return await _visible_rows(
        ctx, ids, lambda org: rows_by_ids(ctx.db, queries.TYPES, organization_id=org, ids=ids)
    )


async def recall_triggers_by_ids(
    ctx: RequestContext, ids: Sequence[uuid.UUID]
) -> list[RecallTriggerRow | None]:
    """Recall triggers by id (see _visible_rows)."""
    return await _visible_rows(
        ctx, ids, lambda org: rows_by_ids(ctx.db, queries.TRIGGERS, organization_id=org, ids=ids)
    )


async def patient_recalls_by_ids(
    ctx: RequestContext, ids: Sequence[uuid.UUID]
) -> list[RecallRow | None]:
    """Patient recalls by id (see _visible_rows)."""
    return await _visible_rows(
        ctx, ids, lambda org: queries.recalls_by_ids(ctx.db, organization_id=org, ids=ids)
    )


async def patient_recalls(ctx: RequestContext, patient_id: uuid.UUID) -> list[RecallRow]:
    """A patient's recalls by due date (a patient caller sees only their own)."""
    if not ctx.viewer.may_see_patient(patient_id):
        return []
    return await ctx.loaders.recalls.of_patient.load(patient_id)


async def appointment_recalls(
    ctx: RequestContext, appointment_id: uuid.UUID, patient_id: uuid.UUID
) -> list[RecallRow]:
    """The recalls an appointment books (a patient caller sees only their own)."""
    if not ctx.viewer.may_see_patient(patient_id):
        return []
    return await ctx.loaders.recalls.of_appointment.load(appointment_id)


async def recall_of_entry(ctx: RequestContext, recall_id: uuid.UUID) -> RecallRow | None:
    """The recall a waitlist entry was made from (entries are staff-only already)."""
    return await ctx.loaders.recalls.by_id.load(recall_id)
