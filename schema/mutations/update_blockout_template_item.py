"""updateBlockoutTemplateItem: change one blockout of a template (staff)."""

from __future__ import annotations

from datetime import time
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.template_items import ItemChanges, update_item
from resolvers.ids import decode_id, decode_optional_id
from schema.info import Info
from schema.mutations.blockout_common import (
    IDEMPOTENCY,
    TEMPLATE_VERSION,
    TemplateItemPayload,
    item_payload,
)


@strawberry.input(description="Changes to a template's item; omitted fields stay as they are.")
class UpdateBlockoutTemplateItemInput:
    template_item_id: GlobalID = strawberry.field(description="The item to change.")
    base_version: int = strawberry.field(description=TEMPLATE_VERSION)
    blockout_type_id: GlobalID | None = strawberry.field(
        default=None, description="A new kind of blockout."
    )
    start_time: time | None = strawberry.field(default=None, description="New local start time.")
    end_time: time | None = strawberry.field(default=None, description="New local end time.")
    operatory_id: GlobalID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Another operatory; null: every operatory of the location.",
    )
    note: str | None = strawberry.field(
        default=strawberry.UNSET, description="A new note; null or empty removes it."
    )
    sort_order: int | None = strawberry.field(
        default=None, description="New position in the template."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of updateBlockoutTemplateItem.")
class UpdateBlockoutTemplateItemPayload(TemplateItemPayload):
    """The template at its new version, the changed item and the userErrors."""


async def resolve_update_blockout_template_item(
    info: Info,
    input: Annotated[
        UpdateBlockoutTemplateItemInput, strawberry.argument(description="The changes.")
    ],
) -> UpdateBlockoutTemplateItemPayload:
    """Change an item or explain why not."""

    async def call() -> BlockoutOutcome:
        operatory = input.operatory_id
        changes = ItemChanges(
            item_id=decode_id(
                input.template_item_id, "BlockoutTemplateItem", field="templateItemId"
            ),
            base_version=input.base_version,
            blockout_type_id=decode_optional_id(
                input.blockout_type_id, "BlockoutType", field="blockoutTypeId"
            ),
            start=input.start_time,
            end=input.end_time,
            set_operatory=operatory is not strawberry.UNSET,
            operatory_id=decode_optional_id(operatory or None, "Operatory", field="operatoryId"),
            set_note=input.note is not strawberry.UNSET,
            note=input.note or None,
            sort_order=input.sort_order,
        )
        return await update_item(info.context, changes, idempotency_key=input.idempotency_key)

    return await item_payload(info, UpdateBlockoutTemplateItemPayload, call)


update_blockout_template_item_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_update_blockout_template_item,
    description="Change one blockout of a template, at the template's baseVersion.",
)
