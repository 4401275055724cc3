"""createBlockouts: one blockout per operatory listed, or one for the whole location (staff)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, time
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.edit import NewBlockouts, create_blockouts
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.errors import ClientError
from resolvers.ids import decode_id, decode_ids
from resolvers.wall_clock import Occurrence
from schema.info import Info
from schema.mutations.blockout_common import (
    IDEMPOTENCY,
    BlockoutUserError,
    BlockoutWarning,
    blockout_user_errors,
    load_blockouts,
    local_span,
    occurrence_field,
    warnings_of,
)
from schema.types.blockouts import Blockout


@strawberry.input(description="New blockouts of one type at a location's local date and times.")
class CreateBlockoutsInput:
    location_id: GlobalID = strawberry.field(description="Where; times are read in its zone.")
    blockout_type_id: GlobalID = strawberry.field(description="The kind of blockout.")
    operatory_ids: list[GlobalID] | None = strawberry.field(
        default=None,
        description="One blockout per operatory listed; none or empty: the whole location.",
    )
    date: date = strawberry.field(description="Local calendar date.")
    start_time: time = strawberry.field(description="Local start time.")
    end_time: time = strawberry.field(description="Local end time; 00:00 means the end of day.")
    start_occurrence: Occurrence | None = occurrence_field("start")
    end_occurrence: Occurrence | None = occurrence_field("end")
    note: str | None = strawberry.field(default=None, description="Note shown on the calendar.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of createBlockouts.")
class CreateBlockoutsPayload:
    blockouts: list[Blockout] = strawberry.field(
        description="The new blockouts, in the order of operatoryIds."
    )
    warnings: list[BlockoutWarning] = strawberry.field(
        description="OVERLAPS_BLOCKOUT for each blockout they overlap (created anyway)."
    )
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing was created.")


async def written_blockouts(
    info: Info, call: Callable[[], Awaitable[BlockoutOutcome]]
) -> tuple[list[Blockout], list[BlockoutWarning], list[BlockoutUserError]]:
    """Run a call that writes blockouts: them (in the outcome's order) and what they overlap,
    or the userErrors."""
    try:
        outcome = await call()
    except ClientError as error:
        return [], [], blockout_user_errors(error)
    return await load_blockouts(info, outcome.ids), warnings_of(outcome), []


async def resolve_create_blockouts(
    info: Info,
    input: Annotated[CreateBlockoutsInput, strawberry.argument(description="What to block.")],
) -> CreateBlockoutsPayload:
    """Create blockouts or explain why not."""

    async def call() -> BlockoutOutcome:
        request = NewBlockouts(
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            blockout_type_id=decode_id(
                input.blockout_type_id, "BlockoutType", field="blockoutTypeId"
            ),
            operatory_ids=tuple(decode_ids(input.operatory_ids, "Operatory", field="operatoryIds")),
            span=local_span(input),
            note=input.note,
        )
        return await create_blockouts(info.context, request, idempotency_key=input.idempotency_key)

    blockouts, warnings, errors = await written_blockouts(info, call)
    return CreateBlockoutsPayload(blockouts=blockouts, warnings=warnings, user_errors=errors)


create_blockouts_field = strawberry.mutation(
    resolver=resolve_create_blockouts,
    metadata=BLOCKOUT_EDITORS,
    description=(
        "Block time at a location, in some operatories or all of them; warns of blockouts "
        "they overlap."
    ),
)
