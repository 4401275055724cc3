"""deleteRecallTrigger: a procedure code stops setting its recall type (staff only)."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.recalls.catalog import delete_recall_trigger
from schema.info import Info
from schema.mutations.recall_common import IDEMPOTENCY_KEY, RecallUserError, run_recall_mutation
from schema.mutations.schedule_common import deleted_id


@strawberry.input(description="The recall trigger to remove.")
class DeleteRecallTriggerInput:
    recall_trigger_id: GlobalID = strawberry.field(description="The trigger to remove.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of deleteRecallTrigger.")
class DeleteRecallTriggerPayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The global ID of the deleted recall trigger; null if nothing was deleted."
    )
    user_errors: list[RecallUserError] = strawberry.field(description="Why nothing was deleted.")


async def resolve_delete_recall_trigger(
    info: Info,
    input: Annotated[DeleteRecallTriggerInput, strawberry.argument(description="What to remove.")],
) -> DeleteRecallTriggerPayload:
    """Delete a trigger or explain why not."""

    async def call() -> uuid.UUID:
        trigger_id = decode_id(input.recall_trigger_id, "RecallTrigger", field="recallTriggerId")
        return await delete_recall_trigger(
            info.context, trigger_id, idempotency_key=input.idempotency_key
        )

    ident, errors = await run_recall_mutation(call)
    return DeleteRecallTriggerPayload(
        deleted_id=deleted_id("RecallTrigger", ident), user_errors=errors
    )


delete_recall_trigger_field = strawberry.mutation(
    metadata=staff_only("delete recall triggers"),
    resolver=resolve_delete_recall_trigger,
    description=(
        "Stop a procedure code from setting its recall type (audited); the recalls it set "
        "stay. NOT_FOUND for an unknown or another organization's trigger."
    ),
)
