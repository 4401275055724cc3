"""How many appointments were cancelled (or broken) for each reason over local dates: the
cancellation and no-show lists' report, one grouped query."""

from __future__ import annotations

import uuid
from datetime import date

from db.queries import catalogs as queries
from db.rows.appointments import ReasonCountRow
from db.rows.practice import AppointmentReasonRow
from resolvers.catalogs.lists import REASON_STATUS
from resolvers.context import RequestContext
from resolvers.errors import BadInput
from resolvers.known_ids import ensure_location
from scheduling.practice_kinds import ReasonKind

MAX_REPORT_DAYS = 366


def check_report_range(first_day: date, last_day: date, max_days: int = MAX_REPORT_DAYS) -> None:
    """BAD_USER_INPUT when `to` is before `from` or the range is longer than `max_days`."""
    if last_day < first_day:
        raise BadInput("`to` must not be before `from`", field="to")
    if (last_day - first_day).days + 1 > max_days:
        raise BadInput(f"The range may cover at most {max_days} days", field="to")


async def reason_counts(
    ctx: RequestContext,
    *,
    kind: ReasonKind,
    first_day: date,
    last_day: date,
    location_id: uuid.UUID | None,
) -> list[tuple[AppointmentReasonRow | None, int]]:
    """(reason, count) of the appointments cancelled (CANCELLATION) or broken (NO_SHOW) whose
    local start date is in the range, most frequent first; reason None for free text only."""
    check_report_range(first_day, last_day)
    await ensure_location(ctx, location_id)
    rows: list[ReasonCountRow] = await queries.reason_counts(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        status=REASON_STATUS[kind].value,
        first_day=first_day,
        last_day=last_day,
        location_id=location_id,
    )
    ids = [row.reason_id for row in rows if row.reason_id is not None]
    reasons = dict(zip(ids, await ctx.loaders.appointment_reasons.load_many(ids), strict=True))
    return [
        (reasons.get(row.reason_id) if row.reason_id is not None else None, row.count)
        for row in rows
    ]
