"""deleteBlockoutTemplate: remove a blockout template and its items (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.templates import delete_template
from resolvers.errors import ClientError
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import (
    IDEMPOTENCY,
    BlockoutUserError,
    TemplateAtVersion,
    blockout_user_errors,
)


@strawberry.input(description="The blockout template to remove.")
class DeleteBlockoutTemplateInput(TemplateAtVersion):
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of deleteBlockoutTemplate.")
class DeleteBlockoutTemplatePayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The global ID of the deleted template; null if nothing was deleted."
    )
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing was deleted.")


async def resolve_delete_blockout_template(
    info: Info,
    input: Annotated[
        DeleteBlockoutTemplateInput, strawberry.argument(description="What to remove.")
    ],
) -> DeleteBlockoutTemplatePayload:
    """Remove a template or explain why not."""

    async def call() -> BlockoutOutcome:
        template_id = decode_id(input.template_id, "BlockoutTemplate", field="templateId")
        return await delete_template(
            info.context, template_id, input.base_version, idempotency_key=input.idempotency_key
        )

    try:
        outcome = await call()
    except ClientError as error:
        return DeleteBlockoutTemplatePayload(
            deleted_id=None, user_errors=blockout_user_errors(error)
        )
    deleted = GlobalID(type_name="BlockoutTemplate", node_id=str(outcome.ids[0]))
    return DeleteBlockoutTemplatePayload(deleted_id=deleted, user_errors=[])


delete_blockout_template_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_delete_blockout_template,
    description=(
        "Remove a blockout template and its items, at its baseVersion; blockouts made from it stay."
    ),
)
