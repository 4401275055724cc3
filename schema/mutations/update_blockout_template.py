"""updateBlockoutTemplate: rename a blockout template or change its description (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.templates import TemplateChanges, update_template
from resolvers.ids import decode_id
from schema.mutations.blockout_common import (
    IDEMPOTENCY,
    TEMPLATE_VERSION,
    BlockoutUserError,
    Info,
    template_result,
)
from schema.types.blockouts import BlockoutTemplate


@strawberry.input(description="Changes to a blockout template; omitted fields stay as they are.")
class UpdateBlockoutTemplateInput:
    template_id: GlobalID = strawberry.field(description="The template to change.")
    base_version: int = strawberry.field(description=TEMPLATE_VERSION)
    name: str | None = strawberry.field(
        default=None, description="New display name, unique in the organization."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="New description; null or empty removes it."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of updateBlockoutTemplate.")
class UpdateBlockoutTemplatePayload:
    blockout_template: BlockoutTemplate | None = strawberry.field(
        description="The changed template."
    )
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_update_blockout_template(
    info: Info,
    input: Annotated[UpdateBlockoutTemplateInput, strawberry.argument(description="The changes.")],
) -> UpdateBlockoutTemplatePayload:
    """Change a template or explain why not."""

    async def call() -> BlockoutOutcome:
        changes = TemplateChanges(
            template_id=decode_id(input.template_id, "BlockoutTemplate", field="templateId"),
            base_version=input.base_version,
            name=input.name,
            set_description=input.description is not strawberry.UNSET,
            description=input.description or None,
        )
        return await update_template(info.context, changes, idempotency_key=input.idempotency_key)

    template, errors = await template_result(info, call)
    return UpdateBlockoutTemplatePayload(blockout_template=template, user_errors=errors)


update_blockout_template_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_update_blockout_template,
    description="Rename a blockout template or change its description, at its baseVersion.",
)
