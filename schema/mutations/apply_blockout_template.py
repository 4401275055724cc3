"""applyBlockoutTemplate: a template's blockouts at a location on a local date (staff)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.copying import apply_template
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import IDEMPOTENCY, BlockoutBatchPayload, batch_payload


@strawberry.input(description="Apply a blockout template to a location's local date.")
class ApplyBlockoutTemplateInput:
    template_id: GlobalID = strawberry.field(description="The template.")
    location_id: GlobalID = strawberry.field(description="Where; times are read in its zone.")
    date: date = strawberry.field(description="The local date.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of applyBlockoutTemplate.")
class ApplyBlockoutTemplatePayload(BlockoutBatchPayload):
    """The created blockouts, the warnings and the userErrors."""


async def resolve_apply_blockout_template(
    info: Info,
    input: Annotated[
        ApplyBlockoutTemplateInput, strawberry.argument(description="What to apply where.")
    ],
) -> ApplyBlockoutTemplatePayload:
    """Apply a template or explain why not."""

    async def call() -> BlockoutOutcome:
        return await apply_template(
            info.context,
            template_id=decode_id(input.template_id, "BlockoutTemplate", field="templateId"),
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            day=input.date,
            idempotency_key=input.idempotency_key,
        )

    return await batch_payload(info, ApplyBlockoutTemplatePayload, call)


apply_blockout_template_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_apply_blockout_template,
    description=(
        "Create a template's blockouts at a location on a local date; items whose time does "
        "not exist that day or whose operatory is elsewhere are skipped with warnings."
    ),
)
