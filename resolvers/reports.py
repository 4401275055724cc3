"""Reports: appointments counted per location, and time spent in each patient flow step."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from db.queries import reports as queries
from db.rows.appointments import FlowStepStatRow
from db.rows.practice import FlowStatusRow, LocationRow, ProviderRow
from resolvers.catalogs.report import check_report_range
from resolvers.context import RequestContext
from resolvers.known_ids import ensure_location, ensure_provider
from scheduling.appointment_status import AppointmentStatus

MAX_FLOW_REPORT_DAYS = 31
# What appointmentCountsByLocation counts unless asked otherwise: booked visits.
DEFAULT_COUNTED = (AppointmentStatus.SCHEDULED,)


@dataclass(frozen=True, slots=True)
class LocationCount:
    """One location's count in the report's range."""

    location: LocationRow
    count: int


async def counts_by_location(
    ctx: RequestContext,
    *,
    first_day: date,
    last_day: date,
    statuses: Sequence[AppointmentStatus],
) -> list[LocationCount]:
    """Every location by name with its appointments in `statuses` starting on the local
    dates first_day..last_day (one grouped statement, then the locations in one batch)."""
    check_report_range(first_day, last_day)
    rows = await queries.counts_by_location(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        statuses=[status.value for status in statuses],
        first_day=first_day,
        last_day=last_day,
    )
    found = await ctx.loaders.locations.load_many([row.location_id for row in rows])
    return [
        LocationCount(location, row.count)
        for row, location in zip(rows, found, strict=True)
        if location is not None
    ]


@dataclass(frozen=True, slots=True)
class FlowStepStat:
    """Time spent in one flow step on one local day by one provider's visits."""

    row: FlowStepStatRow
    provider: ProviderRow
    flow_status: FlowStatusRow


async def flow_step_stats(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    first_day: date,
    last_day: date,
    provider_id: uuid.UUID | None,
) -> list[FlowStepStat]:
    """Per local day, provider and flow status of a location's visits: visits and seconds.
    NOT_FOUND for an unknown location or provider; BAD_USER_INPUT for a bad range."""
    check_report_range(first_day, last_day, MAX_FLOW_REPORT_DAYS)
    await ensure_location(ctx, location_id)
    await ensure_provider(ctx, provider_id)
    rows = await queries.flow_step_stats(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        location_id=location_id,
        first_day=first_day,
        last_day=last_day,
        provider_id=provider_id,
    )
    providers = await ctx.loaders.providers.load_many([row.provider_id for row in rows])
    statuses = await ctx.loaders.flow_statuses.load_many([row.flow_status_id for row in rows])
    found = [
        FlowStepStat(row, provider, status)
        for row, provider, status in zip(rows, providers, statuses, strict=True)
        if provider is not None and status is not None
    ]
    return sorted(found, key=_report_order)


def _report_order(stat: FlowStepStat) -> tuple[date, str, str, str, int, str]:
    """By date, provider (last, first name, id), then the step's place in the flow."""
    provider, status = stat.provider, stat.flow_status
    return (
        stat.row.day,
        provider.last_name,
        provider.first_name,
        str(provider.id),
        status.sort_order,
        str(status.id),
    )
