"""updateScheduleView: change one of the caller's schedule views."""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.context import RequestContext
from resolvers.ids import decode_id
from resolvers.user_settings.schedule_views import VIEW, update_view
from schema.mutations.settings_common import (
    BASE_VERSION,
    IDEMPOTENCY,
    OWNER_ONLY,
    save_mutation,
    view_values,
)
from schema.types.user_settings import ScheduleView
from schema.types.view_display import ScheduleViewDisplayInput


@strawberry.input(description="Changes to a schedule view; omitted fields stay as they are.")
class UpdateScheduleViewInput:
    schedule_view_id: GlobalID = strawberry.field(description="The view to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New name.")
    shortcut: str | None = strawberry.field(
        default=None, description="New short key; an empty string removes it."
    )
    is_default: bool | None = strawberry.field(
        default=None, description="true makes it the default (the old one no longer)."
    )
    operatory_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="The operatories shown instead."
    )
    provider_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="The providers shown instead."
    )
    location_id: GlobalID | None = strawberry.field(
        default=None, description="The location shown instead."
    )
    display: ScheduleViewDisplayInput | None = strawberry.field(
        default=None,
        description="How it draws the calendar instead (replaces every display setting).",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def _save(ctx: RequestContext, input: UpdateScheduleViewInput) -> UUID:
    view_id = decode_id(input.schedule_view_id, "ScheduleView", field="scheduleViewId")
    return await update_view(
        ctx, view_id, input.base_version, view_values(input), idempotency_key=input.idempotency_key
    )


update_schedule_view_field = save_mutation(
    VIEW,
    verb="update",
    input_type=UpdateScheduleViewInput,
    node=ScheduleView,
    node_description="The changed view.",
    argument="The changes.",
    save=_save,
    description=f"Change a schedule view; baseVersion must be current (staff). {OWNER_ONLY}",
)
