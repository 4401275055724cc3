"""deleteScheduleView: remove one of the caller's schedule views."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETTINGS_OWNERS
from resolvers.ids import decode_id
from resolvers.user_settings.schedule_views import delete_view
from schema.mutations.settings_common import (
    BASE_VERSION,
    IDEMPOTENCY,
    OWNER_ONLY,
    USER_ERRORS,
    Info,
    SettingsUserError,
    deleted,
)


@strawberry.input(description="The schedule view to delete.")
class DeleteScheduleViewInput:
    schedule_view_id: GlobalID = strawberry.field(description="The view to delete.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of deleteScheduleView.")
class DeleteScheduleViewPayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The deleted view's global ID; null if nothing was deleted."
    )
    user_errors: list[SettingsUserError] = strawberry.field(description=USER_ERRORS)


async def resolve_delete_schedule_view(
    info: Info,
    input: Annotated[DeleteScheduleViewInput, strawberry.argument(description="The view.")],
) -> DeleteScheduleViewPayload:
    """Delete a schedule view or explain why not."""

    async def call() -> UUID:
        view_id = decode_id(input.schedule_view_id, "ScheduleView", field="scheduleViewId")
        return await delete_view(
            info.context, view_id, input.base_version, idempotency_key=input.idempotency_key
        )

    ident, errors = await deleted(call, "ScheduleView")
    return DeleteScheduleViewPayload(deleted_id=ident, user_errors=errors)


delete_schedule_view_field = strawberry.mutation(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_delete_schedule_view,
    description=f"Delete a schedule view; baseVersion must be current (staff). {OWNER_ONLY}",
)
