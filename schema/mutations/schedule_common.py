"""What the schedule mutations share: error codes, userErrors and reading back the result."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from aiodataloader import DataLoader
from strawberry.relay import GlobalID

from resolvers.errors import ClientError
from schema.user_errors import user_error

IDEMPOTENCY_DESCRIPTION = "Retries with the same key return the first result."

R = TypeVar("R")  # a row shape (db/rows/)


@strawberry.enum(description="Why a schedule, schedule note or overlap rule mutation failed.")
class ScheduleErrorCode(enum.Enum):
    NOT_FOUND = "NOT_FOUND"
    VALIDATION = "VALIDATION"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"


@strawberry.type(description="Why a schedule mutation did not change anything.")
class ScheduleUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: ScheduleErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


def schedule_user_errors(error: ClientError) -> list[ScheduleUserError]:
    """The userErrors of a client error."""
    field, code, message = user_error(error, ScheduleErrorCode)
    return [ScheduleUserError(field=field, code=code, message=message)]


async def attempt(
    call: Callable[[], Awaitable[uuid.UUID]],
) -> tuple[uuid.UUID | None, list[ScheduleUserError]]:
    """Run a schedule resolver: the id it changed, or userErrors."""
    try:
        return await call(), []
    except ClientError as error:
        return None, schedule_user_errors(error)


async def fresh_row(loader: DataLoader[uuid.UUID, R | None], ident: uuid.UUID | None) -> R | None:
    """The row as it is after the mutation (the mutation runner dropped a cached earlier read)."""
    if ident is None:
        return None
    return await loader.load(ident)


def deleted_id(type_name: str, ident: uuid.UUID | None) -> GlobalID | None:
    """The global ID of a deleted row, for delete payloads."""
    return GlobalID(type_name=type_name, node_id=str(ident)) if ident is not None else None
