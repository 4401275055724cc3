"""updateScheduleView: change one of the caller's schedule views."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from db.queries.user_settings import VIEWS
from resolvers.access import SETTINGS_OWNERS
from resolvers.ids import decode_id, decode_ids, decode_optional_id
from resolvers.user_settings.owned import own_by_ids
from resolvers.user_settings.schedule_views import ViewValues, update_view
from schema.mutations.settings_common import (
    BASE_VERSION,
    IDEMPOTENCY,
    OWNER_ONLY,
    USER_ERRORS,
    Info,
    SettingsUserError,
    saved,
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


@strawberry.type(description="The result of updateScheduleView.")
class UpdateScheduleViewPayload:
    schedule_view: ScheduleView | None = strawberry.field(description="The changed view.")
    user_errors: list[SettingsUserError] = strawberry.field(description=USER_ERRORS)


def _values(input: UpdateScheduleViewInput) -> ViewValues:
    operatories = input.operatory_ids
    providers = input.provider_ids
    return ViewValues(
        name=input.name,
        shortcut=input.shortcut,
        is_default=input.is_default,
        operatory_ids=decode_ids(operatories, "Operatory", field="operatoryIds")
        if operatories is not None
        else None,
        provider_ids=decode_ids(providers, "Provider", field="providerIds")
        if providers is not None
        else None,
        location_id=decode_optional_id(input.location_id, "Location", field="locationId"),
        display=input.display.to_display() if input.display is not None else None,
    )


async def resolve_update_schedule_view(
    info: Info,
    input: Annotated[UpdateScheduleViewInput, strawberry.argument(description="The changes.")],
) -> UpdateScheduleViewPayload:
    """Change a schedule view or explain why not."""

    async def call() -> UUID:
        view_id = decode_id(input.schedule_view_id, "ScheduleView", field="scheduleViewId")
        return await update_view(
            info.context,
            view_id,
            input.base_version,
            _values(input),
            idempotency_key=input.idempotency_key,
        )

    node, errors = await saved(
        info, call, lambda ctx, ids: own_by_ids(ctx, VIEWS, ids), ScheduleView.from_row
    )
    return UpdateScheduleViewPayload(schedule_view=node, user_errors=errors)


update_schedule_view_field = strawberry.mutation(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_update_schedule_view,
    description=f"Change a schedule view; baseVersion must be current (staff). {OWNER_ONLY}",
)
