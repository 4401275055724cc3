"""The production summary: scheduled, completed and lost production against goals."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from db.queries.production import production_totals
from db.rows.practice import LocationRow, ProviderRow
from db.rows.production import ProductionTotalsRow
from resolvers.context import RequestContext
from resolvers.production_goals import check_range
from scheduling.local_time import local_days, zone_named
from scheduling.production import attainment, money

# GROUPING(day, provider_id) of production_totals' rows.
DAY_ROW, PROVIDER_ROW, TOTAL_ROW = 1, 2, 3


@dataclass(frozen=True, slots=True)
class Totals:
    """Production in three buckets and the goal over the same period."""

    scheduled: Decimal = Decimal("0.00")
    completed: Decimal = Decimal("0.00")
    lost: Decimal = Decimal("0.00")
    goal: Decimal = Decimal("0.00")

    @property
    def attainment(self) -> float | None:
        """Completed over goal; None without a goal."""
        return attainment(self.completed, self.goal)

    @classmethod
    def from_row(cls, row: ProductionTotalsRow) -> Totals:
        """From one aggregate row."""
        return cls(
            scheduled=money(row.scheduled),
            completed=money(row.completed),
            lost=money(row.lost),
            goal=money(row.goal),
        )


@dataclass(frozen=True, slots=True)
class SummaryData:
    """The whole summary: totals, then per provider (by name) and per local day (in order)."""

    location: LocationRow
    first_day: date
    last_day: date
    provider: ProviderRow | None
    totals: Totals
    by_provider: list[tuple[ProviderRow, Totals]]
    by_day: list[tuple[date, Totals]]


async def production_summary(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    provider_id: uuid.UUID | None,
    first_day: date,
    last_day: date,
) -> SummaryData | None:
    """Production at a location over local days; None if the location or provider is unknown."""
    count = check_range(first_day, last_day)
    location = await ctx.loaders.locations.load(location_id)
    if location is None:
        return None
    provider = None
    if provider_id is not None:
        provider = await ctx.loaders.providers.load(provider_id)
        if provider is None:
            return None
    zone = zone_named(location.time_zone)
    days = local_days(first_day, count, zone)
    rows = await production_totals(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        location_id=location_id,
        provider_id=provider_id,
        first_day=first_day,
        last_day=last_day,
        starts_from=days[0].starts_at,
        starts_before=days[-1].ends_at,
        time_zone=zone.key,
    )
    per_day = {row.day: Totals.from_row(row) for row in rows if row.level == DAY_ROW}
    per_provider = {
        row.provider_id: Totals.from_row(row)
        for row in rows
        if row.level == PROVIDER_ROW and row.provider_id is not None
    }
    total = next((Totals.from_row(row) for row in rows if row.level == TOTAL_ROW), Totals())
    found = await ctx.loaders.providers.load_many(list(per_provider))
    people = sorted(
        (row for row in found if row is not None),
        key=lambda row: (row.last_name, row.first_name, str(row.id)),
    )
    return SummaryData(
        location=location,
        first_day=first_day,
        last_day=last_day,
        provider=provider,
        totals=total,
        by_provider=[(row, per_provider[row.id]) for row in people],
        by_day=[(day.day, per_day.get(day.day, Totals())) for day in days],
    )
