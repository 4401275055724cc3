"""createProductionGoal: a provider's daily production target at a location."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.access import PRODUCTION_GOAL_EDITORS
from resolvers.production_goals import create_goal
from schema.info import Info
from schema.mutations.production_common import GoalFields, ProductionUserError, write_goal
from schema.types.production_goal import ProductionGoal


@strawberry.input(description="A new production goal.")
class CreateProductionGoalInput(GoalFields):
    """The provider, location, date and amount of the goal."""


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
    return await write_goal(info, CreateProductionGoalPayload, create_goal, input)


create_production_goal_field = strawberry.mutation(
    metadata=PRODUCTION_GOAL_EDITORS,
    resolver=resolve_create_production_goal,
    description=(
        "Set a provider's production goal at a location for a date; DUPLICATE if that "
        "date already has one (upsertProductionGoal replaces it instead)."
    ),
)
