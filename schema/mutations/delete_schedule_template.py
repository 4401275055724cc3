"""deleteScheduleTemplate: remove a weekly template."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SCHEDULE_EDITORS
from resolvers.ids import decode_id
from resolvers.schedules.templates import delete_template
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    deleted_id,
)


@strawberry.input(description="The template to remove.")
class DeleteScheduleTemplateInput:
    template_id: GlobalID = strawberry.field(description="The template to remove.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of deleteScheduleTemplate.")
class DeleteScheduleTemplatePayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The global ID of the deleted schedule template; null if nothing was deleted."
    )
    user_errors: list[ScheduleUserError] = strawberry.field(description="Why nothing was deleted.")


async def resolve_delete_schedule_template(
    info: Info,
    input: Annotated[
        DeleteScheduleTemplateInput, strawberry.argument(description="What to remove.")
    ],
) -> DeleteScheduleTemplatePayload:
    """Delete a weekly template; staff only."""

    async def call() -> uuid.UUID:
        template_id = decode_id(input.template_id, "ProviderScheduleTemplate", field="templateId")
        return await delete_template(
            info.context, template_id, idempotency_key=input.idempotency_key
        )

    ident, errors = await attempt(call)
    return DeleteScheduleTemplatePayload(
        deleted_id=deleted_id("ProviderScheduleTemplate", ident), user_errors=errors
    )


delete_schedule_template_field = strawberry.mutation(
    metadata=SCHEDULE_EDITORS,
    resolver=resolve_delete_schedule_template,
    description="Remove a weekly schedule template.",
)
