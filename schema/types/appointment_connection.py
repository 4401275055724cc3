"""A page of appointments in the Relay connection shape."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from db.queries.appointments import AppointmentListFilter
from resolvers.appointments import AppointmentPage, appointment_count, encode_cursor
from resolvers.context import RequestContext
from schema.types.appointment import Appointment, AppointmentEdge

Info = strawberry.Info[RequestContext, None]


@strawberry.type(description="A page of appointments ordered by start time, then id.")
class AppointmentConnection:
    edges: list[AppointmentEdge] = strawberry.field(description="The appointments of this page.")
    page_info: relay.PageInfo = strawberry.field(
        description="Cursors and whether more pages exist."
    )
    spec: strawberry.Private[AppointmentListFilter]

    @classmethod
    def from_page(cls, page: AppointmentPage, now: datetime) -> AppointmentConnection:
        """Build the connection of one page as of `now` (the request's instant)."""
        edges = [
            AppointmentEdge(
                cursor=encode_cursor(row.start_at, row.id), node=Appointment.from_row(row, now)
            )
            for row in page.rows
        ]
        return cls(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            spec=page.spec,
        )

    @strawberry.field(description="How many appointments match the filter (one extra query).")
    async def total_count(self, info: Info) -> int:
        return await appointment_count(info.context, spec=self.spec)
