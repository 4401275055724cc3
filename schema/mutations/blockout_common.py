"""What every blockout mutation shares: error codes, userErrors and loading the results."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from datetime import date, time
from typing import Any, Protocol, TypeVar
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.blockouts.common import LocalSpan
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.errors import ClientError
from resolvers.wall_clock import Occurrence
from scheduling.blockouts import Skipped, SkipReason
from schema.info import Info
from schema.types.blockouts import Blockout, BlockoutTemplate, BlockoutTemplateItem, BlockoutType
from schema.user_errors import user_error

# Descriptions the batch payloads share.
CREATED = "How many blockouts were created."
BLOCKOUTS = "The created blockouts, in time order."
WARNINGS = (
    "What was left out and why (DST gaps, do-not-copy types, duplicates), and what the new "
    "blockouts overlap."
)
USER_ERRORS = "Why nothing was created."
IDEMPOTENCY = "Retries with the same key return the first result."
TEMPLATE_VERSION = (
    "The template's version the change is based on (it covers the items); VERSION_CONFLICT "
    "when it is not current."
)


@strawberry.input(description="A blockout template at the version a change is based on.")
class TemplateAtVersion:
    template_id: GlobalID = strawberry.field(description="The template.")
    base_version: int = strawberry.field(description=TEMPLATE_VERSION)


@strawberry.enum(description="Why a blockout mutation changed nothing.")
class BlockoutErrorCode(enum.Enum):
    NOT_FOUND = "NOT_FOUND"
    VALIDATION = "VALIDATION"
    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"
    DST_GAP = "DST_GAP"
    AMBIGUOUS_LOCAL_TIME = "AMBIGUOUS_LOCAL_TIME"
    VERSION_CONFLICT = "VERSION_CONFLICT"


@strawberry.type(description="Why a blockout mutation did not change anything.")
class BlockoutUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: BlockoutErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


strawberry.enum(
    SkipReason,
    name="BlockoutWarningCode",
    description="Why a copy, repeat or template left a blockout out, or what a written "
    "blockout overlaps.",
)


@strawberry.type(
    description="A blockout a copy, repeat or template left out, or one a mutation wrote "
    "that overlaps another, and why."
)
class BlockoutWarning:
    code: SkipReason = strawberry.field(
        description="Machine-readable reason: ALREADY_THERE (an identical blockout exists), "
        "DO_NOT_COPY (its type is not copied), NONEXISTENT_TIME (a spring-forward gap), "
        "ENDS_BEFORE_START, OPERATORY_ELSEWHERE (the template's operatory is at another "
        "location), OVERLAPS_BLOCKOUT (a written blockout overlaps another in an operatory "
        "they share; a whole-location one shares them all; it was written all the same)."
    )
    message: str = strawberry.field(description="Which blockout, in words.")
    blockout_id: strawberry.Private[UUID | None] = None
    overlapping_id: strawberry.Private[UUID | None] = None

    @classmethod
    def of(cls, warning: Skipped) -> BlockoutWarning:
        """The GraphQL form of a resolver's warning."""
        return cls(
            code=warning.reason,
            message=warning.message,
            blockout_id=warning.blockout_id,
            overlapping_id=warning.overlapping_id,
        )

    @strawberry.field(description="OVERLAPS_BLOCKOUT: the blockout written; else null.")
    async def blockout(self, info: Info) -> Blockout | None:
        return await _one_blockout(info, self.blockout_id)

    @strawberry.field(description="OVERLAPS_BLOCKOUT: the blockout it overlaps; else null.")
    async def overlapping(self, info: Info) -> Blockout | None:
        return await _one_blockout(info, self.overlapping_id)


async def _one_blockout(info: Info, ident: UUID | None) -> Blockout | None:
    if ident is None:
        return None
    row = await info.context.loaders.blockouts.blockouts.load(ident)
    return Blockout.from_row(row) if row is not None else None


def warnings_of(outcome: BlockoutOutcome) -> list[BlockoutWarning]:
    """The outcome's warnings in the GraphQL form."""
    return [BlockoutWarning.of(warning) for warning in outcome.warnings]


def blockout_user_errors(error: ClientError) -> list[BlockoutUserError]:
    """The userErrors of a client error."""
    field, code, message = user_error(error, BlockoutErrorCode)
    return [BlockoutUserError(field=field, code=code, message=message)]


async def load_blockouts(info: Info, ids: tuple[UUID, ...]) -> list[Blockout]:
    """The blockouts with these ids, in that order (ones deleted since are left out)."""
    rows = await info.context.loaders.blockouts.blockouts.load_many(list(ids))
    return [Blockout.from_row(row) for row in rows if row is not None]


async def load_template(info: Info, ident: UUID) -> BlockoutTemplate | None:
    """The template with this id, read fresh (None if deleted since)."""
    row = await info.context.loaders.blockouts.templates.load(ident)
    return BlockoutTemplate.from_row(row) if row else None


async def template_result(
    info: Info, call: Callable[[], Awaitable[BlockoutOutcome]]
) -> tuple[BlockoutTemplate | None, list[BlockoutUserError]]:
    """Run a call that writes a template (outcome: its id): the template as it is now, or the
    userErrors."""
    try:
        outcome = await call()
    except ClientError as error:
        return None, blockout_user_errors(error)
    return await load_template(info, outcome.ids[0]), []


@strawberry.type(description="The shape of the payloads that add or change a template's item.")
class TemplateItemPayload:
    blockout_template: BlockoutTemplate | None = strawberry.field(
        description="The template, at its new version."
    )
    item: BlockoutTemplateItem | None = strawberry.field(description="The item added or changed.")
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing changed.")


ItemT = TypeVar("ItemT", bound=TemplateItemPayload)


async def item_payload(
    info: Info, payload: type[ItemT], call: Callable[[], Awaitable[BlockoutOutcome]]
) -> ItemT:
    """Run a call that adds or changes one item (outcome: template, item) and build its
    payload, or its userErrors."""
    try:
        outcome = await call()
    except ClientError as error:
        return payload(blockout_template=None, item=None, user_errors=blockout_user_errors(error))
    template_id, item_id = outcome.ids
    row = await info.context.loaders.blockouts.template_items.load(item_id)
    return payload(
        blockout_template=await load_template(info, template_id),
        item=BlockoutTemplateItem.from_row(row) if row else None,
        user_errors=[],
    )


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
        warnings=warnings_of(outcome),
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
