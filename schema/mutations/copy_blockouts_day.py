"""copyBlockoutsDay: one local day's blockouts onto another day at a location (staff)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.copying import DAY, copy_span
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import IDEMPOTENCY, BlockoutBatchPayload, batch_payload


@strawberry.input(description="Copy a local day's blockouts to another day at the same wall times.")
class CopyBlockoutsDayInput:
    location_id: GlobalID = strawberry.field(description="Where; days are read in its zone.")
    from_date: date = strawberry.field(description="The local day to copy from.")
    to_date: date = strawberry.field(description="The local day to copy to.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of copyBlockoutsDay.")
class CopyBlockoutsDayPayload(BlockoutBatchPayload):
    """The created blockouts, the warnings and the userErrors."""


async def resolve_copy_blockouts_day(
    info: Info,
    input: Annotated[CopyBlockoutsDayInput, strawberry.argument(description="What to copy.")],
) -> CopyBlockoutsDayPayload:
    """Copy a day's blockouts or explain why not."""

    async def call() -> BlockoutOutcome:
        return await copy_span(
            info.context,
            DAY,
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            source=input.from_date,
            target=input.to_date,
            idempotency_key=input.idempotency_key,
        )

    return await batch_payload(info, CopyBlockoutsDayPayload, call)


copy_blockouts_day_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_copy_blockouts_day,
    description=(
        "Copy a local day's blockouts to another day, keeping wall-clock times; do-not-copy "
        "types, DST-gap times and duplicates are skipped with warnings."
    ),
)
