"""The appointment list: filters, keyset cursors and page size limits."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime, timedelta

from db.loaders import AppointmentRelation
from db.queries import appointment_list as queries
from db.queries import keyset
from db.queries.appointment_list import AppointmentListFilter
from db.rows.appointments import ZonedAppointmentRow
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.pages import Page, page_of, page_request

# One cursor list per order (a cursor of one order is no position in another); the start
# order keeps the list's first name, so its cursors stay valid.
APPOINTMENTS = {
    sort: CursorList(
        "appointments" if sort == "START" else f"appointments(sort: {sort})",
        tuple(key.kind for key in keys),
    )
    for sort, keys in queries.SORTS.items()
}


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
    sort: str = "START",
    relations: Collection[AppointmentRelation] = (),
) -> tuple[Page[ZonedAppointmentRow], AppointmentListFilter]:
    """A page of the caller's visible appointments matching the filter in the order `sort`
    names, with `relations` loaded ahead (one batch each), and the filter as applied (for
    the count)."""
    cursors = APPOINTMENTS[sort]
    request = page_request(first, after, cursors)
    viewer = ctx.viewer
    if viewer.is_patient and viewer.patient_id is not None:
        # A patient sees only their own appointments, whatever patient filter they sent.
        spec = replace(spec, patient_ids=[viewer.patient_id])
    rows = await queries.list_appointments(
        ctx.db,
        organization_id=viewer.organization_id,
        spec=spec,
        sort=sort,
        after=request.after,
        limit=request.limit,
    )
    keys = queries.SORTS[sort]
    page = page_of(rows, request, cursors, lambda row: keyset.position_of(row, keys))
    ctx.loaders.prime_appointments(page.items)
    await ctx.loaders.load_relations(page.items, relations)
    return page, spec


async def appointment_count(ctx: RequestContext, *, spec: AppointmentListFilter) -> int:
    """How many appointments the filter matches."""
    return await queries.count_appointments(
        ctx.db, organization_id=ctx.viewer.organization_id, spec=spec
    )
