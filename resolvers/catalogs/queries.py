"""Reads of the managed lists of reasons."""

from __future__ import annotations

from db.queries import catalogs as queries
from db.rows.practice import AppointmentReasonRow
from resolvers.context import RequestContext
from scheduling.practice_kinds import ReasonKind


async def appointment_reasons(
    ctx: RequestContext, *, kind: ReasonKind, include_inactive: bool
) -> list[AppointmentReasonRow]:
    """The organization's cancellation or no-show reasons."""
    return await queries.all_appointment_reasons(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        kind=kind.value,
        include_inactive=include_inactive,
    )
