"""createRecallTrigger: make a procedure code set a recall type."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import RECALL_EDITORS
from resolvers.ids import decode_id
from resolvers.recalls.catalog import create_recall_trigger
from schema.info import Info
from schema.mutations.recall_common import (
    IDEMPOTENCY_KEY,
    RecallUserError,
    load_recall_trigger,
    run_recall_mutation,
)
from schema.types.recalls import RecallTrigger


@strawberry.input(description="A new recall trigger.")
class CreateRecallTriggerInput:
    recall_type_id: GlobalID = strawberry.field(description="The recall type the code sets.")
    procedure_code: str = strawberry.field(
        description="The procedure code, 1-20 characters (stored upper case), e.g. 'D1110'."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of createRecallTrigger.")
class CreateRecallTriggerPayload:
    recall_trigger: RecallTrigger | None = strawberry.field(description="The new trigger.")
    user_errors: list[RecallUserError] = strawberry.field(
        description="Why nothing was created (DUPLICATE: the code already has a trigger)."
    )


async def resolve_create_recall_trigger(
    info: Info,
    input: Annotated[CreateRecallTriggerInput, strawberry.argument(description="The trigger.")],
) -> CreateRecallTriggerPayload:
    """Create a trigger or explain why not."""

    async def call() -> uuid.UUID:
        return await create_recall_trigger(
            info.context,
            recall_type_id=decode_id(input.recall_type_id, "RecallType", field="recallTypeId"),
            procedure_code=input.procedure_code,
            idempotency_key=input.idempotency_key,
        )

    ident, errors = await run_recall_mutation(call)
    return CreateRecallTriggerPayload(
        recall_trigger=await load_recall_trigger(info, ident), user_errors=errors
    )


create_recall_trigger_field = strawberry.mutation(
    metadata=RECALL_EDITORS,
    resolver=resolve_create_recall_trigger,
    description=(
        "Make a procedure code set a recall type; DUPLICATE when the code already triggers one."
    ),
)
