"""copyBlockoutsDay, copyBlockoutsWeek, repeatBlockoutWeeks and applyBlockoutTemplate."""

# Each reads the source and the blockouts already at the target, plans with the pure rules
# (scheduling/blockouts.py: local wall-clock times kept; gaps, do-not-copy types and duplicates
# skipped with warnings) and inserts the plan with one statement.

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import blockout_writes as writes
from db.queries import blockouts as reads
from db.rows.practice import LocationRow
from resolvers.blockouts import common
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.overlaps import overlap_warnings
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.lifecycle.references import require_location
from resolvers.mutation_runner import Transaction, run_mutation
from scheduling.blockouts import (
    MAX_REPEAT_WEEKS,
    NewBlockout,
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


async def _recurrences(
    connection: AsyncConnection, org: uuid.UUID, planned: list[NewBlockout]
) -> list[uuid.UUID | None]:
    """The recurrence group of each planned repeat: its source's (given one if it had none)."""
    sources = sorted({b.source_id for b in planned if b.source_id is not None})
    if not sources:
        return [None] * len(planned)
    groups = await writes.join_recurrences(connection, organization_id=org, source_ids=sources)
    return [groups.get(b.source_id) if b.source_id else None for b in planned]


Planner = Callable[[AsyncConnection, uuid.UUID], Awaitable[tuple[LocationRow, Plan]]]


async def _plan_and_write(
    ctx: RequestContext,
    plan_for: Planner,
    *,
    name: str,
    idempotency_key: str | None,
    request: dict[str, object],
    recurring: bool = False,
) -> BlockoutOutcome:
    """Run one blockout batch mutation: plan it, insert the plan with one statement, then
    find what the new blockouts overlap with one more. `recurring`: each copy joins its
    source's recurrence group (repeats)."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> BlockoutOutcome:
        connection = tx.connection
        location, plan = await plan_for(connection, org)
        ordered = sorted(plan.blockouts, key=lambda b: (b.start_at, b.end_at))  # stable
        groups = await _recurrences(connection, org, ordered) if recurring else None
        ids = await writes.insert_blockouts(
            connection,
            organization_id=org,
            location_id=location.id,
            new=ordered,
            recurrences=groups,
        )
        overlaps = await overlap_warnings(connection, org, ids)
        return BlockoutOutcome(tuple(ids), (*plan.warnings, *overlaps))

    return await run_mutation(
        ctx,
        work,
        name=name,
        outcome=BlockoutOutcome,
        idempotency_key=idempotency_key,
        request=request,
    )


@dataclass(frozen=True)
class CopySpan:
    """What copyBlockoutsDay and copyBlockoutsWeek copy: one local day or seven."""

    mutation: str
    days: int
    source_field: str
    target_field: str
    noun: str


DAY = CopySpan("copyBlockoutsDay", 1, "fromDate", "toDate", "day")
WEEK = CopySpan("copyBlockoutsWeek", 7, "fromWeekStart", "toWeekStart", "week")


async def copy_span(
    ctx: RequestContext,
    span: CopySpan,
    *,
    location_id: uuid.UUID,
    source: date,
    target: date,
    idempotency_key: str | None,
) -> BlockoutOutcome:
    """Copy a day's or a week's blockouts (not do-not-copy ones), day by day, onto other days."""
    if span.days > 1 and source.weekday() != target.weekday():
        raise Validation("Both weeks must start on the same weekday", field=span.target_field)
    if source == target:
        raise Validation(
            f"{span.target_field} must be another {span.noun} than {span.source_field}",
            field=span.target_field,
        )

    async def plan_for(connection: AsyncConnection, org: uuid.UUID) -> tuple[LocationRow, Plan]:
        location = await require_location(connection, org, location_id)
        sources = await _starting_on(connection, org, location, source, span.days)
        there = await _starting_on(connection, org, location, target, span.days)
        zone = zone_named(location.time_zone)
        existing = [s.blockout for s in there]
        return location, copy_days_plan(sources, source, target, span.days, zone, existing=existing)

    return await _plan_and_write(
        ctx,
        plan_for,
        name=span.mutation,
        idempotency_key=idempotency_key,
        request={"location_id": location_id, "source": source, "target": target},
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

    async def plan_for(connection: AsyncConnection, org: uuid.UUID) -> tuple[LocationRow, Plan]:
        location = await require_location(connection, org, location_id)
        sources = await _starting_on(connection, org, location, first, days)
        there = await _starting_on(
            connection, org, location, first + timedelta(weeks=1), 7 * (weeks - 1) + days
        )
        zone = zone_named(location.time_zone)
        existing = [s.blockout for s in there]
        return location, repeat_plan(sources, first, days, weeks, zone, existing=existing)

    return await _plan_and_write(
        ctx,
        plan_for,
        name="repeatBlockoutWeeks",
        idempotency_key=idempotency_key,
        recurring=True,
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

    async def plan_for(connection: AsyncConnection, org: uuid.UUID) -> tuple[LocationRow, Plan]:
        template = await common.require_template(connection, org, template_id)
        location = await require_location(connection, org, location_id)
        common.check_applicable(template, location.id)
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
        return location, plan

    return await _plan_and_write(
        ctx,
        plan_for,
        name="applyBlockoutTemplate",
        idempotency_key=idempotency_key,
        request={"template_id": template_id, "location_id": location_id, "day": day},
    )
