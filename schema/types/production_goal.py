"""The ProductionGoal node and the productionGoals root field."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.relay import GlobalID

from db.queries.production import GoalFilter
from db.rows.production import GoalRow
from resolvers.access import PRODUCTION_READERS
from resolvers.ids import decode_id, parse_uuid
from resolvers.production_goals import MAX_RANGE_DAYS, goal_count, goal_page, goals_by_ids
from schema.info import Info
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.practice import Location, Provider


@strawberry.type(
    description="A provider's daily production target at a location (not for patients)."
)
class ProductionGoal(relay.Node):
    pk: relay.NodeID[UUID]
    goal_date: date = strawberry.field(description="The local date the target is for.")
    goal_amount: Decimal = strawberry.field(description="Target production, e.g. 2500.00.")
    created_at: datetime = strawberry.field(description="When the goal was created.")
    updated_at: datetime = strawberry.field(description="When the goal last changed.")
    provider_id: strawberry.Private[UUID]
    location_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: GoalRow) -> ProductionGoal:
        """Build from a production_goals row."""
        return cls(
            pk=row.id,
            goal_date=row.goal_date,
            goal_amount=row.goal_amount,
            created_at=row.created_at,
            updated_at=row.updated_at,
            provider_id=row.provider_id,
            location_id=row.location_id,
        )

    @strawberry.field(description="The provider the target is for.")
    async def provider(self, info: Info) -> Provider:
        row = await info.context.loaders.providers.load(self.provider_id)
        assert row is not None, "composite foreign keys keep goals in their organization"
        return Provider.from_row(row)

    @strawberry.field(description="The location the target applies to.")
    async def location(self, info: Info) -> Location:
        row = await info.context.loaders.locations.load(self.location_id)
        assert row is not None, "composite foreign keys keep goals in their organization"
        return Location.from_row(row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ProductionGoal | None]:
        """Goals of the caller's organization; none for patients."""
        ids = [parse_uuid(node_id) for node_id in node_ids]
        rows = await goals_by_ids(info.context, [ident for ident in ids if ident is not None])
        found = {row.id: row for row in rows if row is not None}
        return [
            cls.from_row(found[ident]) if ident is not None and ident in found else None
            for ident in ids
        ]


@strawberry.type(description="A page of production goals by date, location, provider, then id.")
class ProductionGoalConnection(CountedConnection[ProductionGoal]):
    pass


async def resolve_production_goals(
    info: Info,
    from_: Annotated[
        date, strawberry.argument(name="from", description="The first date, inclusive.")
    ],
    to: Annotated[date, strawberry.argument(description="The last date, inclusive.")],
    location_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only goals at this location.")
    ] = None,
    provider_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only goals of this provider.")
    ] = None,
    first: FirstArg = 100,
    after: AfterArg = None,
) -> ProductionGoalConnection:
    """A page of the goals in a date range."""
    ctx = info.context
    where = GoalFilter(
        first_day=from_,
        last_day=to,
        location_id=decode_id(location_id, "Location", field="locationId") if location_id else None,
        provider_id=decode_id(provider_id, "Provider", field="providerId") if provider_id else None,
    )
    page = await goal_page(ctx, where, first=first, after=after)
    return ProductionGoalConnection.from_page(
        page, ProductionGoal.from_row, count=lambda: goal_count(ctx, where)
    )


production_goals_field = strawberry.field(
    metadata=PRODUCTION_READERS,
    resolver=resolve_production_goals,
    description=(
        f"Production goals from `from` to `to` (at most {MAX_RANGE_DAYS} days), by date, "
        "location and provider, `first` at a time after the cursor `after`; optionally of one "
        "location and/or provider."
    ),
)
