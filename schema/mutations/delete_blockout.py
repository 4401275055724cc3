"""deleteBlockout: remove a blockout (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.edit import delete_blockout
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.errors import ClientError
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import IDEMPOTENCY, BlockoutUserError, blockout_user_errors


@strawberry.input(description="The blockout to remove.")
class DeleteBlockoutInput:
    blockout_id: GlobalID = strawberry.field(description="The blockout.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of deleteBlockout.")
class DeleteBlockoutPayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The global ID of the deleted blockout; null if nothing was deleted."
    )
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing was deleted.")


async def resolve_delete_blockout(
    info: Info,
    input: Annotated[DeleteBlockoutInput, strawberry.argument(description="What to remove.")],
) -> DeleteBlockoutPayload:
    """Remove a blockout or explain why not."""

    async def call() -> BlockoutOutcome:
        blockout_id = decode_id(input.blockout_id, "Blockout", field="blockoutId")
        return await delete_blockout(
            info.context, blockout_id, idempotency_key=input.idempotency_key
        )

    try:
        outcome = await call()
    except ClientError as error:
        return DeleteBlockoutPayload(deleted_id=None, user_errors=blockout_user_errors(error))
    deleted = GlobalID(type_name="Blockout", node_id=str(outcome.ids[0]))
    return DeleteBlockoutPayload(deleted_id=deleted, user_errors=[])


delete_blockout_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_delete_blockout,
    description="Remove a blockout.",
)
