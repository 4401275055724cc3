"""The appointment list: filters, keyset cursors and page size limits."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime, timedelta

from db.loaders import AppointmentRelation
from db.queries import appointments as queries
from db.queries.appointments import AppointmentListFilter
from db.rows.appointments import ZonedAppointmentRow
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.pages import Page, page_of, page_request

APPOINTMENTS = CursorList("appointments", ("instant", "uuid"))


def position(row: ZonedAppointmentRow) -> tuple[datetime, uuid.UUID]:
    """A row's place in the list's order: start, then id."""
    return row.start_at, row.id


def inclusive_end(to: date | datetime | None) -> date | datetime | None:
    """A `to` date covers its whole local day: the exclusive bound is the next day."""
    if isinstance(to, datetime) or to is None:
        return to
    return to + timedelta(days=1)


async def appointment_page(
    ctx: RequestContext,
    *,
    spec: AppointmentListFilter,
    first: int,
    after: str | None,
    relations: Collection[AppointmentRelation] = (),
) -> tuple[Page[ZonedAppointmentRow], AppointmentListFilter]:
    """A page of the caller's visible appointments matching the filter, with `relations`
    loaded ahead (one batch each), and the filter as applied (for the count)."""
    request = page_request(first, after, APPOINTMENTS)
    viewer = ctx.viewer
    if viewer.is_patient and viewer.patient_id is not None:
        # A patient sees only their own appointments, whatever patient filter they sent.
        spec = replace(spec, patient_ids=[viewer.patient_id])
    rows = await queries.list_appointments(
        ctx.db,
        organization_id=viewer.organization_id,
        spec=spec,
        after=request.after,
        limit=request.limit,
    )
    page = page_of(rows, request, APPOINTMENTS, position)
    ctx.loaders.prime_appointments(page.items)
    await ctx.loaders.load_relations(page.items, relations)
    return page, spec


async def appointment_count(ctx: RequestContext, *, spec: AppointmentListFilter) -> int:
    """How many appointments the filter matches."""
    return await queries.count_appointments(
        ctx.db, organization_id=ctx.viewer.organization_id, spec=spec
    )
