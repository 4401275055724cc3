"""What every recall mutation shares: error codes, userErrors and loading the changed node."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from strawberry.relay import GlobalID

from resolvers.errors import ClientError
from resolvers.ids import decode_ids
from resolvers.recalls.reads import (
    ByIds,
    patient_recalls_by_ids,
    recall_triggers_by_ids,
    recall_types_by_ids,
)
from schema.info import Info
from schema.types.recalls import PatientRecall, RecallTrigger, RecallType
from schema.user_errors import user_error

T = TypeVar("T")
R = TypeVar("R")


BOOKING_TYPES = (
    "The appointment types that book this recall type (AppointmentType.recallTypes), at most 50"
)


def booking_type_ids(ids: list[GlobalID] | None) -> list[uuid.UUID] | None:
    """The appointment type ids of a recall type input (None: leave them as they are)."""
    if ids is None:
        return None
    return decode_ids(ids, "AppointmentType", field="appointmentTypeIds")


@strawberry.enum(description="Why a recall mutation changed nothing.")
class RecallErrorCode(enum.Enum):
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="An ID names nothing visible.")
    VALIDATION = strawberry.enum_value("VALIDATION", description="An input breaks a rule.")
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="It already exists.")
    FORBIDDEN = strawberry.enum_value("FORBIDDEN", description="The caller's role may not.")
    VERSION_CONFLICT = strawberry.enum_value(
        "VERSION_CONFLICT", description="baseVersion is stale: reload and retry."
    )


@strawberry.type(description="Why a recall mutation did not change anything.")
class RecallUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: RecallErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


async def run_recall_mutation(
    call: Callable[[], Awaitable[uuid.UUID]],
) -> tuple[uuid.UUID | None, list[RecallUserError]]:
    """The changed row's id, or the userErrors of a client error."""
    try:
        return await call(), []
    except ClientError as error:
        field, code, message = user_error(error, RecallErrorCode)
        return None, [RecallUserError(field=field, code=code, message=message)]


async def _load(
    info: Info, fetch: ByIds[R], ident: uuid.UUID | None, build: Callable[[R], T]
) -> T | None:
    if ident is None:
        return None
    (row,) = await fetch(info.context, [ident])
    return build(row) if row is not None else None


async def load_recall_type(info: Info, ident: uuid.UUID | None) -> RecallType | None:
    """The recall type as it is now."""
    return await _load(info, recall_types_by_ids, ident, RecallType.from_row)


async def load_recall_trigger(info: Info, ident: uuid.UUID | None) -> RecallTrigger | None:
    """The recall trigger as it is now."""
    return await _load(info, recall_triggers_by_ids, ident, RecallTrigger.from_row)


async def load_patient_recall(info: Info, ident: uuid.UUID | None) -> PatientRecall | None:
    """The patient recall as it is now."""
    return await _load(
        info,
        patient_recalls_by_ids,
        ident,
        lambda row: PatientRecall.from_row(row, info.context.now),
    )


IDEMPOTENCY_KEY = "Retries with the same key return the first result."
