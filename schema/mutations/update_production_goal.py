"""updateProductionGoal: change a goal's amount."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import PRODUCTION_GOAL_EDITORS
from resolvers.production_goals import GoalOutcome, update_goal
from schema.info import Info
from schema.mutations.production_common import ProductionUserError, decode_goal_id, goal_payload
from schema.types.production_goal import ProductionGoal


@strawberry.input(description="A new amount for a production goal.")
class UpdateProductionGoalInput:
    production_goal_id: GlobalID = strawberry.field(description="The goal to change.")
    goal_amount: Decimal = strawberry.field(
        description="New target production, 0 to 1000000 with at most 2 decimals."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of updateProductionGoal.")
class UpdateProductionGoalPayload:
    production_goal: ProductionGoal | None = strawberry.field(description="The updated goal.")
    created: bool = strawberry.field(description="Always false: an update creates nothing.")
    user_errors: list[ProductionUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_update_production_goal(
    info: Info,
    input: Annotated[UpdateProductionGoalInput, strawberry.argument(description="The change.")],
) -> UpdateProductionGoalPayload:
    """Change a goal's amount; staff only."""

    async def call() -> GoalOutcome:
        return await update_goal(
            info.context,
            decode_goal_id(input.production_goal_id),
            input.goal_amount,
            idempotency_key=input.idempotency_key,
        )

    return await goal_payload(info, UpdateProductionGoalPayload, call)


update_production_goal_field = strawberry.mutation(
    resolver=resolve_update_production_goal,
    metadata=PRODUCTION_GOAL_EDITORS,
    description="Change the amount of a production goal; NOT_FOUND for unknown ids.",
)
