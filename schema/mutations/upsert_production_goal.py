"""upsertProductionGoal: create the goal for a provider, location and date, or replace it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import PRODUCTION_GOAL_EDITORS
from resolvers.production_goals import GoalOutcome, upsert_goal
from schema.mutations.production_common import (
    Info,
    ProductionUserError,
    goal_input,
    goal_payload,
)
from schema.types.production_goal import ProductionGoal


@strawberry.input(description="A production goal to create or replace.")
class UpsertProductionGoalInput:
    provider_id: GlobalID = strawberry.field(description="The provider the target is for.")
    location_id: GlobalID = strawberry.field(description="The location it applies to.")
    goal_date: date = strawberry.field(description="The local date it is for.")
    goal_amount: Decimal = strawberry.field(
        description="Target production, 0 to 1000000 with at most 2 decimals."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of upsertProductionGoal.")
class UpsertProductionGoalPayload:
    production_goal: ProductionGoal | None = strawberry.field(description="The goal as stored.")
    created: bool = strawberry.field(
        description="True when a new goal was created, false when an existing one was replaced."
    )
    user_errors: list[ProductionUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_upsert_production_goal(
    info: Info,
    input: Annotated[UpsertProductionGoalInput, strawberry.argument(description="The goal.")],
) -> UpsertProductionGoalPayload:
    """Create or replace a goal; staff only."""

    async def call() -> GoalOutcome:
        return await upsert_goal(
            info.context, goal_input(input), idempotency_key=input.idempotency_key
        )

    return await goal_payload(info, UpsertProductionGoalPayload, call)


upsert_production_goal_field = strawberry.mutation(
    metadata=PRODUCTION_GOAL_EDITORS,
    resolver=resolve_upsert_production_goal,
    description=(
        "Create the goal of a provider at a location for a date, or set the amount of the one "
        "it has; safe under concurrent calls and the way to import goals in bulk."
    ),
)
