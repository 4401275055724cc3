"""The productionSummary root field and its types."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import PRODUCTION_READERS
from resolvers.ids import decode_id
from resolvers.production_goals import MAX_RANGE_DAYS
from resolvers.production_summary import SummaryData, production_summary
from schema.info import Info
from schema.types.practice import Location, Provider

SCHEDULED = "Production still expected: PLANNED and SCHEDULED appointments."
COMPLETED = "Production of COMPLETE appointments."
LOST = "Production of BROKEN and CANCELLED appointments."
GOAL = "The sum of the production goals."
ATTAINMENT = "completed / goal as a fraction (0.75 is 75 %), 4 decimals; null when goal is 0."


@strawberry.type(description="Production of one provider at the location over the range.")
class ProviderProduction:
    provider: Provider = strawberry.field(description="The primary provider of the appointments.")
    scheduled: Decimal = strawberry.field(description=SCHEDULED)
    completed: Decimal = strawberry.field(description=COMPLETED)
    lost: Decimal = strawberry.field(description=LOST)
    goal: Decimal = strawberry.field(description=GOAL)
    attainment: float | None = strawberry.field(description=ATTAINMENT)


@strawberry.type(description="Production at the location on one local day.")
class DayProduction:
    date: date = strawberry.field(description="The local date.")
    scheduled: Decimal = strawberry.field(description=SCHEDULED)
    completed: Decimal = strawberry.field(description=COMPLETED)
    lost: Decimal = strawberry.field(description=LOST)
    goal: Decimal = strawberry.field(description=GOAL)
    attainment: float | None = strawberry.field(description=ATTAINMENT)


@strawberry.type(
    description=(
        "Production at a location over local days, split into scheduled, completed and lost, "
        "against the providers' goals. Appointments count for their primary provider on the "
        "local day they start."
    )
)
class ProductionSummary:
    location: Location = strawberry.field(description="The location summarized.")
    from_: date = strawberry.field(name="from", description="The first local date, inclusive.")
    to: date = strawberry.field(description="The last local date, inclusive.")
    provider: Provider | None = strawberry.field(description="The provider filter, if any.")
    scheduled: Decimal = strawberry.field(description=SCHEDULED)
    completed: Decimal = strawberry.field(description=COMPLETED)
    lost: Decimal = strawberry.field(description=LOST)
    goal: Decimal = strawberry.field(description=GOAL)
    attainment: float | None = strawberry.field(description=ATTAINMENT)
    by_provider: list[ProviderProduction] = strawberry.field(
        description="Per provider with production or a goal in the range, by name."
    )
    by_day: list[DayProduction] = strawberry.field(
        description="Every local day of the range, in order (zeros included)."
    )

    @classmethod
    def from_data(cls, data: SummaryData) -> ProductionSummary:
        """Build from the resolver's summary."""
        return cls(
            location=Location.from_row(data.location),
            from_=data.first_day,
            to=data.last_day,
            provider=Provider.from_row(data.provider) if data.provider is not None else None,
            scheduled=data.totals.scheduled,
            completed=data.totals.completed,
            lost=data.totals.lost,
            goal=data.totals.goal,
            attainment=data.totals.attainment,
            by_provider=[
                ProviderProduction(
                    provider=Provider.from_row(row),
                    scheduled=totals.scheduled,
                    completed=totals.completed,
                    lost=totals.lost,
                    goal=totals.goal,
                    attainment=totals.attainment,
                )
                for row, totals in data.by_provider
            ],
            by_day=[
                DayProduction(
                    date=day,
                    scheduled=totals.scheduled,
                    completed=totals.completed,
                    lost=totals.lost,
                    goal=totals.goal,
                    attainment=totals.attainment,
                )
                for day, totals in data.by_day
            ],
        )


async def resolve_production_summary(
    info: Info,
    location_id: Annotated[GlobalID, strawberry.argument(description="The location.")],
    from_: Annotated[
        date, strawberry.argument(name="from", description="The first local date, inclusive.")
    ],
    to: Annotated[date, strawberry.argument(description="The last local date, inclusive.")],
    provider_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only this provider's production.")
    ] = None,
) -> ProductionSummary | None:
    """The production summary of a location."""
    data = await production_summary(
        info.context,
        location_id=decode_id(location_id, "Location", field="locationId"),
        provider_id=decode_id(provider_id, "Provider", field="providerId") if provider_id else None,
        first_day=from_,
        last_day=to,
    )
    return ProductionSummary.from_data(data) if data is not None else None


production_summary_field = strawberry.field(
    metadata=PRODUCTION_READERS,
    resolver=resolve_production_summary,
    description=(
        f"Scheduled, completed and lost production and goal attainment at a location over "
        f"`from`..`to` (local dates, at most {MAX_RANGE_DAYS} days), in total, per provider "
        "and per day; null if the location or provider is unknown."
    ),
)
