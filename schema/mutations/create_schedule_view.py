"""createScheduleView: save which location, operatories and providers the caller's calendar
shows, and how it draws them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from db.queries.user_settings import VIEWS
from resolvers.access import SETTINGS_OWNERS
from resolvers.ids import decode_ids, decode_optional_id
from resolvers.user_settings.owned import own_by_ids
from resolvers.user_settings.schedule_views import ViewValues, create_view
from schema.mutations.settings_common import (
    IDEMPOTENCY,
    OWNER_ONLY,
    USER_ERRORS,
    Info,
    SettingsUserError,
    saved,
)
from schema.types.user_settings import ScheduleView
from schema.types.view_display import ScheduleViewDisplayInput


@strawberry.input(description="A new schedule view of the caller's.")
class CreateScheduleViewInput:
    name: str = strawberry.field(description="Its name, unique among the caller's views.")
    shortcut: str | None = strawberry.field(
        default=None, description="A short key (up to 20 characters), unique among them."
    )
    is_default: bool = strawberry.field(
        default=False, description="true makes it the caller's default (the old one no longer)."
    )
    operatory_ids: list[GlobalID] = strawberry.field(
        default_factory=list, description="The operatories shown (at most 50), in order."
    )
    provider_ids: list[GlobalID] = strawberry.field(
        default_factory=list, description="The providers shown (at most 50), in order."
    )
    location_id: GlobalID | None = strawberry.field(
        default=None, description="The location whose calendar it shows (omitted: none)."
    )
    display: ScheduleViewDisplayInput | None = strawberry.field(
        default=None,
        description="How it draws the calendar (omitted: the defaults); see scheduleViewTemplates.",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of createScheduleView.")
class CreateScheduleViewPayload:
    schedule_view: ScheduleView | None = strawberry.field(description="The new view, if saved.")
    user_errors: list[SettingsUserError] = strawberry.field(description=USER_ERRORS)


async def resolve_create_schedule_view(
    info: Info,
    input: Annotated[CreateScheduleViewInput, strawberry.argument(description="The view.")],
) -> CreateScheduleViewPayload:
    """Create a schedule view or explain why not."""

    async def call() -> UUID:
        values = ViewValues(
            name=input.name,
            shortcut=input.shortcut,
            is_default=input.is_default,
            operatory_ids=decode_ids(input.operatory_ids, "Operatory", field="operatoryIds"),
            provider_ids=decode_ids(input.provider_ids, "Provider", field="providerIds"),
            location_id=decode_optional_id(input.location_id, "Location", field="locationId"),
            display=input.display.to_display() if input.display is not None else None,
        )
        return await create_view(info.context, values, idempotency_key=input.idempotency_key)

    node, errors = await saved(
        info, call, lambda ctx, ids: own_by_ids(ctx, VIEWS, ids), ScheduleView.from_row
    )
    return CreateScheduleViewPayload(schedule_view=node, user_errors=errors)


create_schedule_view_field = strawberry.mutation(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_create_schedule_view,
    description=f"Save a schedule view of the caller's (staff). {OWNER_ONLY}",
)
