"""What every production goal mutation shares: error codes, userErrors and the goal payload."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Protocol, TypeVar

import strawberry
from strawberry.relay import GlobalID

from resolvers.context import RequestContext
from resolvers.errors import ClientError
from resolvers.ids import decode_id
from resolvers.production_goals import GoalInput, GoalOutcome, goals_by_ids
from schema.info import Info
from schema.types.production_goal import ProductionGoal
from schema.user_errors import user_error


@strawberry.enum(description="Why a production goal mutation changed nothing.")
class ProductionErrorCode(enum.Enum):
    NOT_FOUND = "NOT_FOUND"
    VALIDATION = "VALIDATION"
    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"


@strawberry.type(description="Why a production goal mutation did not change anything.")
class ProductionUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: ProductionErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


def production_user_errors(error: ClientError) -> list[ProductionUserError]:
    """The userErrors of a client error."""
    field, code, message = user_error(error, ProductionErrorCode)
    return [ProductionUserError(field=field, code=code, message=message)]


class GoalPayloadType(Protocol):
    """The shape of createProductionGoal's, updateProductionGoal's and upsert's payloads."""

    def __init__(
        self,
        *,
        production_goal: ProductionGoal | None,
        created: bool,
        user_errors: list[ProductionUserError],
    ) -> None: ...


PayloadT = TypeVar("PayloadT", bound=GoalPayloadType)


async def goal_payload(
    info: Info, payload: type[PayloadT], call: Callable[[], Awaitable[GoalOutcome]]
) -> PayloadT:
    """Run a goal mutation and build its payload: the goal as it is now, or userErrors."""
    try:
        outcome = await call()
    except ClientError as error:
        return payload(
            production_goal=None, created=False, user_errors=production_user_errors(error)
        )
    (row,) = await goals_by_ids(info.context, [outcome.goal_id])
    goal = ProductionGoal.from_row(row) if row is not None else None
    return payload(production_goal=goal, created=outcome.created, user_errors=[])


def decode_goal_id(value: GlobalID) -> uuid.UUID:
    """The UUID of a ProductionGoal global ID (BadInput, shown as VALIDATION, otherwise)."""
    return decode_id(value, "ProductionGoal", field="productionGoalId")


@strawberry.input(description="The fields createProductionGoal's and upsert's inputs share.")
class GoalFields:
    provider_id: GlobalID = strawberry.field(description="The provider the target is for.")
    location_id: GlobalID = strawberry.field(description="The location it applies to.")
    goal_date: date = strawberry.field(description="The local date it is for.")
    goal_amount: Decimal = strawberry.field(
        description="Target production, 0 to 1000000 with at most 2 decimals."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


def goal_input(fields: GoalFields) -> GoalInput:
    """The resolver's form of a create or upsert input."""
    return GoalInput(
        provider_id=decode_id(fields.provider_id, "Provider", field="providerId"),
        location_id=decode_id(fields.location_id, "Location", field="locationId"),
        goal_date=fields.goal_date,
        goal_amount=fields.goal_amount,
    )


class GoalWrite(Protocol):
    """create_goal or upsert_goal."""

    def __call__(
        self, ctx: RequestContext, new: GoalInput, *, idempotency_key: str | None
    ) -> Awaitable[GoalOutcome]: ...


async def write_goal(
    info: Info, payload: type[PayloadT], write: GoalWrite, input: GoalFields
) -> PayloadT:
    """Create or upsert the goal an input describes and build the payload."""

    async def call() -> GoalOutcome:
        return await write(info.context, goal_input(input), idempotency_key=input.idempotency_key)

    return await goal_payload(info, payload, call)
