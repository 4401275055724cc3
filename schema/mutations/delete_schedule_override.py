"""deleteScheduleOverride: the day follows the weekly templates again."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SCHEDULE_EDITORS
from resolvers.ids import decode_id
from resolvers.schedules.overrides import delete_override
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    deleted_id,
)


@strawberry.input(description="The override to remove.")
class DeleteScheduleOverrideInput:
    override_id: GlobalID = strawberry.field(description="The override to remove.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of deleteScheduleOverride.")
class DeleteScheduleOverridePayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The global ID of the deleted schedule override; null if nothing was deleted."
    )
    user_errors: list[ScheduleUserError] = strawberry.field(description="Why nothing was deleted.")


async def resolve_delete_schedule_override(
    info: Info,
    input: Annotated[
        DeleteScheduleOverrideInput, strawberry.argument(description="What to remove.")
    ],
) -> DeleteScheduleOverridePayload:
    """Delete a date override; staff only."""

    async def call() -> uuid.UUID:
        override_id = decode_id(input.override_id, "ProviderScheduleOverride", field="overrideId")
        return await delete_override(
            info.context, override_id, idempotency_key=input.idempotency_key
        )

    ident, errors = await attempt(call)
    return DeleteScheduleOverridePayload(
        deleted_id=deleted_id("ProviderScheduleOverride", ident), user_errors=errors
    )


delete_schedule_override_field = strawberry.mutation(
    resolver=resolve_delete_schedule_override,
    metadata=SCHEDULE_EDITORS,
    description="Remove a date override: the day follows the weekly templates again.",
)
