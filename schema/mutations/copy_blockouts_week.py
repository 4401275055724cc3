"""copyBlockoutsWeek: seven local days' blockouts onto another seven days (staff)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.copying import WEEK, copy_span
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import IDEMPOTENCY, BlockoutBatchPayload, batch_payload


@strawberry.input(description="Copy a week's blockouts, day by day, to another week.")
class CopyBlockoutsWeekInput:
    location_id: GlobalID = strawberry.field(description="Where; days are read in its zone.")
    from_week_start: date = strawberry.field(description="First local day of the source week.")
    to_week_start: date = strawberry.field(
        description="First local day of the target week (the same weekday)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of copyBlockoutsWeek.")
class CopyBlockoutsWeekPayload(BlockoutBatchPayload):
    """The created blockouts, the warnings and the userErrors."""


async def resolve_copy_blockouts_week(
    info: Info,
    input: Annotated[CopyBlockoutsWeekInput, strawberry.argument(description="What to copy.")],
) -> CopyBlockoutsWeekPayload:
    """Copy a week's blockouts or explain why not."""

    async def call() -> BlockoutOutcome:
        return await copy_span(
            info.context,
            WEEK,
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            source=input.from_week_start,
            target=input.to_week_start,
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
