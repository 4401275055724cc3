"""copyBlockoutsDay, copyBlockoutsWeek, repeatBlockoutWeeks and applyBlockoutTemplate."""

# Each reads the source and the blockouts already at the target, plans with the pure rules
# (scheduling/blockouts.py: local wall-clock times kept; gaps, do-not-copy types and duplicates
# skipped with warnings) and inserts the plan with one statement.

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import blockout_writes as writes
from db.queries import blockouts as reads
from db.rows.practice import LocationRow
from resolvers.blockouts import common
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.lifecycle.references import require_location
from resolvers.mutation_runner import run_mutation
from scheduling.blockouts import (
    MAX_REPEAT_WEEKS,
    Plan,
    Skipped,
    SkipReason,
    SourceBlockout,
    TemplateItem,
    copy_days_plan,
    repeat_plan,
    template_plan,
)
from scheduling.local_time import start_of_local_day, zone_named


async def _starting_on(
    connection: AsyncConnection, org: uuid.UUID, location: LocationRow, first: date, days: int
) -> list[SourceBlockout]:
    """The location's blockouts that start on `days` local days from `first`."""
    zone = zone_named(location.time_zone)
    return await reads.blockouts_starting_between(
        connection,
        organization_id=org,
        location_id=location.id,
        starts_from=start_of_local_day(first, zone),
        starts_before=start_of_local_day(first + timedelta(days=days), zone),
    )


async def _write(
    connection: AsyncConnection, org: uuid.UUID, location: LocationRow, plan: Plan
) -> BlockoutOutcome:
    ordered = sorted(plan.blockouts, key=lambda b: (b.start_at, b.end_at))  # stable
    ids = await writes.insert_blockouts(
        connection, organization_id=org, location_id=location.id, new=ordered
    )
    return BlockoutOutcome(tuple(ids), tuple(plan.warnings))


async def _copy(
    ctx: RequestContext,
    *,
    name: str,
    location_id: uuid.UUID,
    source: date,
    target: date,
    days: int,
    idempotency_key: str | None,
) -> BlockoutOutcome:
    org = ctx.viewer.organization_id

    async def work(connection: AsyncConnection) -> BlockoutOutcome:
        location = await require_location(connection, org, location_id)
        sources = await _starting_on(connection, org, location, source, days)
        there = await _starting_on(connection, org, location, target, days)
        plan = copy_days_plan(
            sources,
            source,
            target,
            days,
            zone_named(location.time_zone),
            existing=[s.blockout for s in there],
        )
        return await _write(connection, org, location, plan)

    return await run_mutation(
        ctx,
        work,
        name=name,
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request={"location_id": location_id, "source": source, "target": target},
    )


async def copy_day(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    from_date: date,
    to_date: date,
    idempotency_key: str | None,
) -> BlockoutOutcome:
    """Copy one local day's blockouts (not do-not-copy ones) to another day at the location."""
    if from_date == to_date:
        raise Validation("toDate must be another day than fromDate", field="toDate")
    return await _copy(
        ctx,
        name="copyBlockoutsDay",
        location_id=location_id,
        source=from_date,
        target=to_date,
        days=1,
        idempotency_key=idempotency_key,
    )


async def copy_week(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    from_week_start: date,
    to_week_start: date,
    idempotency_key: str | None,
) -> BlockoutOutcome:
    """Copy seven local days' blockouts, day by day, onto seven days starting the same weekday."""
    if from_week_start.weekday() != to_week_start.weekday():
        raise Validation("Both weeks must start on the same weekday", field="toWeekStart")
    if from_week_start == to_week_start:
        raise Validation("toWeekStart must be another week than fromWeekStart", field="toWeekStart")
    return await _copy(
        ctx,
        name="copyBlockoutsWeek",
        location_id=location_id,
        source=from_week_start,
        target=to_week_start,
        days=7,
        idempotency_key=idempotency_key,
    )


async def repeat_weeks(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    source_date: date | None,
    week_start: date | None,
    weeks: int,
    idempotency_key: str | None,
) -> BlockoutOutcome:
    """Repeat a day's (or a week's) blockouts on the same weekdays of the next `weeks` weeks."""
    if (source_date is None) == (week_start is None):
        raise Validation("Give either date or weekStart", field="date")
    if not 1 <= weeks <= MAX_REPEAT_WEEKS:
        raise Validation(f"weeks must be between 1 and {MAX_REPEAT_WEEKS}", field="weeks")
    first, days = (source_date, 1) if source_date is not None else (week_start, 7)
    assert first is not None
    org = ctx.viewer.organization_id

    async def work(connection: AsyncConnection) -> BlockoutOutcome:
        location = await require_location(connection, org, location_id)
        sources = await _starting_on(connection, org, location, first, days)
        there = await _starting_on(
            connection, org, location, first + timedelta(weeks=1), 7 * (weeks - 1) + days
        )
        plan = repeat_plan(
            sources,
            first,
            days,
            weeks,
            zone_named(location.time_zone),
            existing=[s.blockout for s in there],
        )
        return await _write(connection, org, location, plan)

    return await run_mutation(
        ctx,
        work,
        name="repeatBlockoutWeeks",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request={"location_id": location_id, "first": first, "days": days, "weeks": weeks},
    )


async def apply_template(
    ctx: RequestContext,
    *,
    template_id: uuid.UUID,
    location_id: uuid.UUID,
    day: date,
    idempotency_key: str | None,
) -> BlockoutOutcome:
    """Create a template's blockouts at a location on a local date."""
    org = ctx.viewer.organization_id

    async def work(connection: AsyncConnection) -> BlockoutOutcome:
        template = await common.require_template(connection, org, template_id)
        location = await require_location(connection, org, location_id)
        rows = await reads.template_items_to_apply(
            connection, organization_id=org, template_id=template.id
        )
        items, warnings = [], []
        for row in rows:
            if row.operatory_id is not None and row.operatory_location_id != location.id:
                label = f"{row.type_name} {row.start_time:%H:%M}-{row.end_time:%H:%M}"
                message = f"Skipped {label}: its operatory is not at {location.name}"
                warnings.append(Skipped(SkipReason.OPERATORY_ELSEWHERE, message))
                continue
            items.append(
                TemplateItem(
                    row.blockout_type_id,
                    row.operatory_id,
                    row.start_time,
                    row.end_time,
                    row.note,
                    type_name=row.type_name,
                )
            )
        there = await _starting_on(connection, org, location, day, 1)
        plan = template_plan(
            items, day, zone_named(location.time_zone), existing=[s.blockout for s in there]
        )
        plan.warnings[:0] = warnings
        return await _write(connection, org, location, plan)

    return await run_mutation(
        ctx,
        work,
        name="applyBlockoutTemplate",
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request={"template_id": template_id, "location_id": location_id, "day": day},
    )
