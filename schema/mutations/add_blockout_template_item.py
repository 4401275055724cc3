"""addBlockoutTemplateItem: one more blockout in a template (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.template_items import NewItem, add_item
from resolvers.blockouts.templates import NewTemplateItem
from resolvers.ids import decode_id, decode_optional_id
from schema.info import Info
from schema.mutations.blockout_common import (
    IDEMPOTENCY,
    TemplateAtVersion,
    TemplateItemPayload,
    item_payload,
)
from schema.mutations.create_blockout_template import BlockoutTemplateItemInput


# Its fields: the bases' in their order (the template at its version, the item), then these.
@strawberry.input(description="A blockout to add to a template, in local times.")
class AddBlockoutTemplateItemInput(TemplateAtVersion, BlockoutTemplateItemInput):
    sort_order: int | None = strawberry.field(
        default=None, description="Position in the template; omitted: after the last item."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of addBlockoutTemplateItem.")
class AddBlockoutTemplateItemPayload(TemplateItemPayload):
    """The template at its new version, the new item and the userErrors."""


async def resolve_add_blockout_template_item(
    info: Info,
    input: Annotated[AddBlockoutTemplateItemInput, strawberry.argument(description="The item.")],
) -> AddBlockoutTemplateItemPayload:
    """Add an item or explain why not."""

    async def call() -> BlockoutOutcome:
        item = NewTemplateItem(
            blockout_type_id=decode_id(
                input.blockout_type_id, "BlockoutType", field="blockoutTypeId"
            ),
            start=input.start_time,
            end=input.end_time,
            operatory_id=decode_optional_id(input.operatory_id, "Operatory", field="operatoryId"),
            note=input.note,
        )
        new = NewItem(
            template_id=decode_id(input.template_id, "BlockoutTemplate", field="templateId"),
            base_version=input.base_version,
            item=item,
            sort_order=input.sort_order,
        )
        return await add_item(info.context, new, idempotency_key=input.idempotency_key)

    return await item_payload(info, AddBlockoutTemplateItemPayload, call)


add_blockout_template_item_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_add_blockout_template_item,
    description="Add a blockout to a template, at the template's baseVersion (at most 50).",
)
