"""upsertProductionGoal: create the goal for a provider, location and date, or replace it."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.access import PRODUCTION_GOAL_EDITORS
from resolvers.production_goals import upsert_goal
from schema.info import Info
from schema.mutations.production_common import GoalFields, ProductionUserError, write_goal
from schema.types.production_goal import ProductionGoal


@strawberry.input(description="A production goal to create or replace.")
class UpsertProductionGoalInput(GoalFields):
    """The provider, location, date and amount of the goal."""


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
    return await write_goal(info, UpsertProductionGoalPayload, upsert_goal, input)


upsert_production_goal_field = strawberry.mutation(
    metadata=PRODUCTION_GOAL_EDITORS,
    resolver=resolve_upsert_production_goal,
    description=(
        "Create the goal of a provider at a location for a date, or set the amount of the one "
        "it has; safe under concurrent calls and the way to import goals in bulk."
    ),
)
