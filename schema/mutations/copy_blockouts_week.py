"""copyBlockoutsWeek: seven local days' blockouts onto another seven days (staff)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.copying import copy_week
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.ids import decode_id
from schema.mutations.blockout_common import (
    BLOCKOUTS,
    CREATED,
    IDEMPOTENCY,
    USER_ERRORS,
    WARNINGS,
    BlockoutUserError,
    BlockoutWarning,
    Info,
    batch_payload,
)
from schema.types.blockouts import Blockout


@strawberry.input(description="Copy a week's blockouts, day by day, to another week.")
class CopyBlockoutsWeekInput:
    location_id: GlobalID = strawberry.field(description="Where; days are read in its zone.")
    from_week_start: date = strawberry.field(description="First local day of the source week.")
    to_week_start: date = strawberry.field(
        description="First local day of the target week (the same weekday)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of copyBlockoutsWeek.")
class CopyBlockoutsWeekPayload:
    created: int = strawberry.field(description=CREATED)
    blockouts: list[Blockout] = strawberry.field(description=BLOCKOUTS)
    warnings: list[BlockoutWarning] = strawberry.field(description=WARNINGS)
    user_errors: list[BlockoutUserError] = strawberry.field(description=USER_ERRORS)


async def resolve_copy_blockouts_week(
    info: Info,
    input: Annotated[CopyBlockoutsWeekInput, strawberry.argument(description="What to copy.")],
) -> CopyBlockoutsWeekPayload:
    """Copy a week's blockouts or explain why not."""

    async def call() -> BlockoutOutcome:
        return await copy_week(
            info.context,
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            from_week_start=input.from_week_start,
            to_week_start=input.to_week_start,
            idempotency_key=input.idempotency_key,
        )

    return await batch_payload(info, CopyBlockoutsWeekPayload, call)


copy_blockouts_week_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_copy_blockouts_week,
    description=(
        "Copy seven local days' blockouts to the seven days from toWeekStart, keeping "
        "wall-clock times; skipped ones come back as warnings."
    ),
)
