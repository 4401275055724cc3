"""What every blockout mutation shares: error codes, userErrors and loading the results."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from datetime import date, time
from typing import Any, Protocol, TypeVar
from uuid import UUID

import strawberry

from resolvers.blockouts.common import LocalSpan
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.context import RequestContext
from resolvers.errors import ClientError
from resolvers.wall_clock import Occurrence
from scheduling.blockouts import SkipReason
from schema.types.blockouts import Blockout, BlockoutType
from schema.user_errors import user_error

Info = strawberry.Info[RequestContext, None]

# Descriptions the batch payloads share.
CREATED = "How many blockouts were created."
BLOCKOUTS = "The created blockouts, in time order."
WARNINGS = "What was left out and why (DST gaps, do-not-copy types, duplicates)."
USER_ERRORS = "Why nothing was created."
IDEMPOTENCY = "Retries with the same key return the first result."


@strawberry.enum(description="Why a blockout mutation changed nothing.")
class BlockoutErrorCode(enum.Enum):
    NOT_FOUND = "NOT_FOUND"
    VALIDATION = "VALIDATION"
    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"
    DST_GAP = "DST_GAP"
    AMBIGUOUS_LOCAL_TIME = "AMBIGUOUS_LOCAL_TIME"


@strawberry.type(description="Why a blockout mutation did not change anything.")
class BlockoutUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: BlockoutErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


strawberry.enum(
    SkipReason,
    name="BlockoutWarningCode",
    description="Why a copy, repeat or template left a blockout out.",
)


@strawberry.type(description="A blockout a copy, repeat or template left out, and why.")
class BlockoutWarning:
    code: SkipReason = strawberry.field(
        description="Machine-readable reason: ALREADY_THERE (an identical blockout exists), "
        "DO_NOT_COPY (its type is not copied), NONEXISTENT_TIME (a spring-forward gap), "
        "ENDS_BEFORE_START, OPERATORY_ELSEWHERE (the template's operatory is at another "
        "location)."
    )
    message: str = strawberry.field(description="Which blockout, in words.")


def blockout_user_errors(error: ClientError) -> list[BlockoutUserError]:
    """The userErrors of a client error."""
    field, code, message = user_error(error, BlockoutErrorCode)
    return [BlockoutUserError(field=field, code=code, message=message)]


async def load_blockouts(info: Info, ids: tuple[UUID, ...]) -> list[Blockout]:
    """The blockouts with these ids, in that order (ones deleted since are left out)."""
    rows = await info.context.loaders.blockouts.blockouts.load_many(list(ids))
    return [Blockout.from_row(row) for row in rows if row is not None]


@strawberry.type(description="The shape of the copy, repeat and apply payloads.")
class BlockoutBatchPayload:
    created: int = strawberry.field(description=CREATED)
    blockouts: list[Blockout] = strawberry.field(description=BLOCKOUTS)
    warnings: list[BlockoutWarning] = strawberry.field(description=WARNINGS)
    user_errors: list[BlockoutUserError] = strawberry.field(description=USER_ERRORS)


BatchT = TypeVar("BatchT", bound=BlockoutBatchPayload)


async def batch_payload(
    info: Info, payload: type[BatchT], call: Callable[[], Awaitable[BlockoutOutcome]]
) -> BatchT:
    """Run a call that creates many blockouts and build its payload, or its userErrors."""
    try:
        outcome = await call()
    except ClientError as error:
        return payload(
            created=0, blockouts=[], warnings=[], user_errors=blockout_user_errors(error)
        )
    return payload(
        created=len(outcome.ids),
        blockouts=await load_blockouts(info, outcome.ids),
        warnings=[BlockoutWarning(code=w.reason, message=w.message) for w in outcome.warnings],
        user_errors=[],
    )


class TypePayloadType(Protocol):
    """The shape of createBlockoutType's and updateBlockoutType's payloads."""

    def __init__(
        self, *, blockout_type: BlockoutType | None, user_errors: list[BlockoutUserError]
    ) -> None: ...


TypeT = TypeVar("TypeT", bound=TypePayloadType)


async def type_payload(
    info: Info, payload: type[TypeT], call: Callable[[], Awaitable[BlockoutOutcome]]
) -> TypeT:
    """Run a call that writes one blockout type and build its payload, or its userErrors."""
    try:
        outcome = await call()
    except ClientError as error:
        return payload(blockout_type=None, user_errors=blockout_user_errors(error))
    row = await info.context.loaders.blockouts.types.load(outcome.ids[0])
    return payload(blockout_type=BlockoutType.from_row(row) if row else None, user_errors=[])


def occurrence_field(which: str) -> Any:
    """The optional `startOccurrence`/`endOccurrence` input field of a local time."""
    return strawberry.field(
        default=None, description=f"On a fall-back day, which repeated {which} time is meant."
    )


class LocalTimes(Protocol):
    """The local date and times createBlockouts and updateBlockout take."""

    @property
    def date(self) -> date: ...
    @property
    def start_time(self) -> time: ...
    @property
    def end_time(self) -> time: ...
    @property
    def start_occurrence(self) -> Occurrence | None: ...
    @property
    def end_occurrence(self) -> Occurrence | None: ...


def local_span(times: LocalTimes) -> LocalSpan:
    """The resolvers' form of an input's local date and times."""
    return LocalSpan(
        day=times.date,
        start=times.start_time,
        end=times.end_time,
        start_occurrence=times.start_occurrence,
        end_occurrence=times.end_occurrence,
    )
