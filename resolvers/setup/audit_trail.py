"""The setup's audit trail as a list staff read: setup_changes entries, oldest first."""

from __future__ import annotations

from db.queries import setup_changes as queries
from db.rows.setup import SetupChangeRow
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import BadInput
from resolvers.pages import Page, page_of, page_request

SETUP_CHANGES = CursorList("setupChanges", ("instant", "uuid"))


async def setup_change_page(
    ctx: RequestContext, spec: queries.SetupChangeFilter, *, first: int, after: str | None
) -> Page[SetupChangeRow]:
    """A page of the organization's setup changes matching `spec`."""
    start, end = spec.changed_from, spec.changed_before
    if start is not None and end is not None and end <= start:
        raise BadInput("filter.to must be after filter.from", field="filter.to")
    request = page_request(first, after, SETUP_CHANGES)
    found = await queries.list_setup_changes(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        spec=spec,
        after=request.after,
        limit=request.limit,
    )
    return page_of(found, request, SETUP_CHANGES, lambda row: (row.changed_at, row.id))
