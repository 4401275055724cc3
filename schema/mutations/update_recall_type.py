"""updateRecallType: rename a recall type or change its description, interval, active flag or
order."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import RECALL_EDITORS
from resolvers.ids import decode_id
from resolvers.recalls.catalog import update_recall_type
from schema.info import Info
from schema.mutations.create_recall_type import recall_type_change, recall_type_result
from schema.mutations.recall_common import BOOKING_TYPES, IDEMPOTENCY_KEY, RecallUserError
from schema.types.recalls import RecallType


@strawberry.input(description="Changes to a recall type; omitted fields stay as they are.")
class UpdateRecallTypeInput:
    recall_type_id: GlobalID = strawberry.field(description="The recall type to change.")
    name: str | None = strawberry.field(default=None, description="New name, unique.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="New description; null or empty removes it."
    )
    default_interval_months: int | None = strawberry.field(
        default=None, description="New default interval, 1-120 months."
    )
    active: bool | None = strawberry.field(default=None, description="Offer it or not.")
    sort_order: int | None = strawberry.field(default=None, description="New position.")
    appointment_type_ids: list[GlobalID] | None = strawberry.field(
        default=None, description=BOOKING_TYPES + "; a list replaces them, null leaves them."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of updateRecallType.")
class UpdateRecallTypePayload:
    recall_type: RecallType | None = strawberry.field(description="The type as it is now.")
    user_errors: list[RecallUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_update_recall_type(
    info: Info,
    input: Annotated[UpdateRecallTypeInput, strawberry.argument(description="The changes.")],
) -> UpdateRecallTypePayload:
    """Change a recall type or explain why not."""

    async def call() -> uuid.UUID:
        ident = decode_id(input.recall_type_id, "RecallType", field="recallTypeId")
        return await update_recall_type(
            info.context, ident, recall_type_change(input), idempotency_key=input.idempotency_key
        )

    recall_type, errors = await recall_type_result(info, call)
    return UpdateRecallTypePayload(recall_type=recall_type, user_errors=errors)


update_recall_type_field = strawberry.mutation(
    metadata=RECALL_EDITORS,
    resolver=resolve_update_recall_type,
    description="Change a recall type; NOT_FOUND for unknown ids (its own or appointment types').",
)
