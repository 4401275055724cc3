"""setScheduleOverride (insert or replace by provider, location and date) and its delete."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import date, time

from db.queries import schedule_writes as writes
from db.queries.schedules import OVERRIDES
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.input_limits import MAX_SCHEDULE_REASON
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.schedules import checks


@dataclass(frozen=True, slots=True)
class OverrideRequest:
    """A provider's day at a location: unavailable, or custom local hours."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    day: date
    is_unavailable: bool
    start_time: time | None = None
    end_time: time | None = None
    operatory_id: uuid.UUID | None = None
    reason: str | None = None
    note: str | None = None


def _checked_hours(request: OverrideRequest) -> None:
    if request.is_unavailable:
        if request.start_time is not None or request.end_time is not None:
            field = "startTime" if request.start_time is not None else "endTime"
            raise Validation("An unavailable day has no hours", field=field)
        if request.operatory_id is not None:
            raise Validation("An unavailable day has no operatory", field="operatoryId")
        return
    checks.check_hours(request.start_time, request.end_time)


async def set_override(
    ctx: RequestContext, request: OverrideRequest, *, idempotency_key: str | None
) -> uuid.UUID:
    """Insert the override of (provider, location, date) or replace the one there."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        _checked_hours(request)
        reason = checks.clean_text(request.reason, field="reason", limit=MAX_SCHEDULE_REASON)
        note = checks.clean_text(request.note, field="note")
        await checks.require_provider(connection, org, request.provider_id)
        await checks.require_site(
            connection, org, location_id=request.location_id, operatory_id=request.operatory_id
        )
        row = await writes.upsert_override(
            connection,
            values={
                "organization_id": org,
                "provider_id": request.provider_id,
                "location_id": request.location_id,
                "override_date": request.day,
                "is_unavailable": request.is_unavailable,
                "start_time": request.start_time,
                "end_time": request.end_time,
                "operatory_id": request.operatory_id,
                "reason": reason,
                "note": note,
            },
        )
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="setScheduleOverride",
        idempotency_key=idempotency_key,
        request=asdict(request),
    )


async def delete_override(
    ctx: RequestContext, override_id: uuid.UUID, *, idempotency_key: str | None
) -> uuid.UUID:
    """Remove an override: the day follows the weekly templates again."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if not await writes.delete_row(
            connection, kind=OVERRIDES, organization_id=org, ident=override_id
        ):
            raise checks.not_found("schedule override", "overrideId")
        return Written(override_id)

    return await run_row_mutation(
        ctx,
        work,
        name="deleteScheduleOverride",
        idempotency_key=idempotency_key,
        request={"override_id": str(override_id)},
    )
