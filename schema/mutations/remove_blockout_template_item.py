"""removeBlockoutTemplateItem: take one blockout out of a template (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.template_items import remove_item
from resolvers.errors import ClientError
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import (
    IDEMPOTENCY,
    TEMPLATE_VERSION,
    BlockoutUserError,
    blockout_user_errors,
    load_template,
)
from schema.types.blockouts import BlockoutTemplate


@strawberry.input(description="The template item to remove.")
class RemoveBlockoutTemplateItemInput:
    template_item_id: GlobalID = strawberry.field(description="The item.")
    base_version: int = strawberry.field(description=TEMPLATE_VERSION)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of removeBlockoutTemplateItem.")
class RemoveBlockoutTemplateItemPayload:
    blockout_template: BlockoutTemplate | None = strawberry.field(
        description="The template, at its new version."
    )
    deleted_id: GlobalID | None = strawberry.field(
        description="The global ID of the removed item; null if nothing was removed."
    )
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_remove_blockout_template_item(
    info: Info,
    input: Annotated[
        RemoveBlockoutTemplateItemInput, strawberry.argument(description="What to remove.")
    ],
) -> RemoveBlockoutTemplateItemPayload:
    """Remove an item or explain why not."""

    async def call() -> BlockoutOutcome:
        item_id = decode_id(input.template_item_id, "BlockoutTemplateItem", field="templateItemId")
        return await remove_item(
            info.context, item_id, input.base_version, idempotency_key=input.idempotency_key
        )

    try:
        outcome = await call()
    except ClientError as error:
        return RemoveBlockoutTemplateItemPayload(
            blockout_template=None, deleted_id=None, user_errors=blockout_user_errors(error)
        )
    template_id, item_id = outcome.ids
    return RemoveBlockoutTemplateItemPayload(
        blockout_template=await load_template(info, template_id),
        deleted_id=GlobalID(type_name="BlockoutTemplateItem", node_id=str(item_id)),
        user_errors=[],
    )


remove_blockout_template_item_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_remove_blockout_template_item,
    description=(
        "Remove one blockout from a template, at the template's baseVersion (a template keeps "
        "at least one)."
    ),
)
