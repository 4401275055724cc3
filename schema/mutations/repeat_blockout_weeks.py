"""repeatBlockoutWeeks: a day's or week's blockouts repeated over the next 1-52 weeks (staff)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.copying import repeat_weeks
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import IDEMPOTENCY, BlockoutBatchPayload, batch_payload


@strawberry.input(description="Repeat a local day's or week's blockouts weekly; give one source.")
class RepeatBlockoutWeeksInput:
    location_id: GlobalID = strawberry.field(description="Where; days are read in its zone.")
    week_start: date | None = strawberry.field(
        default=None, description="Repeat the seven local days from this one."
    )
    date: date | None = strawberry.field(
        default=None, description="Repeat this local day's blockouts on the same weekday."
    )
    weeks: int = strawberry.field(description="How many following weeks, 1-52.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of repeatBlockoutWeeks.")
class RepeatBlockoutWeeksPayload(BlockoutBatchPayload):
    """The created blockouts, the warnings and the userErrors."""


async def resolve_repeat_blockout_weeks(
    info: Info,
    input: Annotated[RepeatBlockoutWeeksInput, strawberry.argument(description="What to repeat.")],
) -> RepeatBlockoutWeeksPayload:
    """Repeat blockouts or explain why not."""

    async def call() -> BlockoutOutcome:
        return await repeat_weeks(
            info.context,
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            source_date=input.date,
            week_start=input.week_start,
            weeks=input.weeks,
            idempotency_key=input.idempotency_key,
        )

    return await batch_payload(info, RepeatBlockoutWeeksPayload, call)


repeat_blockout_weeks_field = strawberry.mutation(
    resolver=resolve_repeat_blockout_weeks,
    metadata=BLOCKOUT_EDITORS,
    description=(
        "Repeat a local day's (date) or week's (weekStart) blockouts in each of the next "
        "1-52 weeks at the same wall-clock times; skipped ones come back as warnings."
    ),
)
