"""createProductionGoal: a provider's daily production target at a location."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import PRODUCTION_GOAL_EDITORS
from resolvers.production_goals import GoalOutcome, create_goal
from schema.mutations.production_common import (
    Info,
    ProductionUserError,
    goal_input,
    goal_payload,
)
from schema.types.production_goal import ProductionGoal


@strawberry.input(description="A new production goal.")
class CreateProductionGoalInput:
    provider_id: GlobalID = strawberry.field(description="The provider the target is for.")
    location_id: GlobalID = strawberry.field(description="The location it applies to.")
    goal_date: date = strawberry.field(description="The local date it is for.")
    goal_amount: Decimal = strawberry.field(
        description="Target production, 0 to 1000000 with at most 2 decimals."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of createProductionGoal.")
class CreateProductionGoalPayload:
    production_goal: ProductionGoal | None = strawberry.field(description="The new goal.")
    created: bool = strawberry.field(description="Whether a goal was created (always on success).")
    user_errors: list[ProductionUserError] = strawberry.field(
        description="Why nothing was created (DUPLICATE: the date already has a goal)."
    )


async def resolve_create_production_goal(
    info: Info,
    input: Annotated[CreateProductionGoalInput, strawberry.argument(description="The new goal.")],
) -> CreateProductionGoalPayload:
    """Create a goal or explain why not; staff only."""

    async def call() -> GoalOutcome:
        return await create_goal(
            info.context, goal_input(input), idempotency_key=input.idempotency_key
        )

    return await goal_payload(info, CreateProductionGoalPayload, call)


create_production_goal_field = strawberry.mutation(
    metadata=PRODUCTION_GOAL_EDITORS,
    resolver=resolve_create_production_goal,
    description=(
        "Set a provider's production goal at a location for a date; DUPLICATE if that "
        "date already has one (upsertProductionGoal replaces it instead)."
    ),
)
