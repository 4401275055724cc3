"""What the practice setup mutations share: error codes, userErrors, input descriptions."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID

import strawberry

from db.batch_loader import BatchLoader
from resolvers.context import RequestContext
from resolvers.errors import ClientError
from schema.info import Info
from schema.user_errors import user_error


@strawberry.enum(description="Why a practice setup mutation changed nothing.")
class SetupErrorCode(enum.Enum):
    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    FORBIDDEN = "FORBIDDEN"


@strawberry.type(description="Why a practice setup mutation did not change anything.")
class SetupUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: SetupErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


def setup_user_errors(error: ClientError) -> list[SetupUserError]:
    """The userErrors of a client error."""
    field, code, message = user_error(error, SetupErrorCode)
    return [SetupUserError(field=field, code=code, message=message)]


NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")


async def saved(
    info: Info,
    call: Callable[[], Awaitable[UUID]],
    loader: Callable[[RequestContext], BatchLoader[UUID, RowT | None]],
    build: Callable[[RowT], NodeT],
) -> tuple[NodeT | None, list[SetupUserError]]:
    """Run a setup mutation's save: the saved node read fresh, or the userErrors."""
    try:
        ident = await call()
    except ClientError as error:
        return None, setup_user_errors(error)
    row = await loader(info.context).load(ident)
    return (build(row) if row is not None else None), []


IDEMPOTENCY = (
    "Retries with the same key return the first result; the same key with another input is "
    "VALIDATION."
)
BASE_VERSION = "The version the client last saw; a stale one is VERSION_CONFLICT."
USER_ERRORS = "Why nothing changed."
