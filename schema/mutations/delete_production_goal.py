"""deleteProductionGoal: remove a goal for good."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import PRODUCTION_GOAL_EDITORS
from resolvers.errors import ClientError
from resolvers.production_goals import delete_goal
from schema.info import Info
from schema.mutations.production_common import (
    ProductionUserError,
    decode_goal_id,
    production_user_errors,
)


@strawberry.input(description="The production goal to delete.")
class DeleteProductionGoalInput:
    production_goal_id: GlobalID = strawberry.field(description="The goal to delete.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of deleteProductionGoal.")
class DeleteProductionGoalPayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The global ID of the deleted production goal; null if nothing was deleted."
    )
    user_errors: list[ProductionUserError] = strawberry.field(
        description="Why nothing was deleted."
    )


async def resolve_delete_production_goal(
    info: Info,
    input: Annotated[DeleteProductionGoalInput, strawberry.argument(description="The goal.")],
) -> DeleteProductionGoalPayload:
    """Delete a goal; staff only."""
    try:
        deleted = await delete_goal(
            info.context,
            decode_goal_id(input.production_goal_id),
            idempotency_key=input.idempotency_key,
        )
    except ClientError as error:
        return DeleteProductionGoalPayload(
            deleted_id=None, user_errors=production_user_errors(error)
        )
    return DeleteProductionGoalPayload(
        deleted_id=GlobalID("ProductionGoal", str(deleted)), user_errors=[]
    )


delete_production_goal_field = strawberry.mutation(
    resolver=resolve_delete_production_goal,
    metadata=PRODUCTION_GOAL_EDITORS,
    description="Delete a production goal for good; NOT_FOUND for unknown ids.",
)
