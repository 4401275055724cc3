"""createScheduleView: save which location, operatories and providers the caller's calendar
shows, and how it draws them."""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.context import RequestContext
from resolvers.user_settings.schedule_views import VIEW, create_view
from schema.mutations.settings_common import (
    IDEMPOTENCY,
    OWNER_ONLY,
    save_mutation,
    view_values,
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


async def _save(ctx: RequestContext, input: CreateScheduleViewInput) -> UUID:
    return await create_view(ctx, view_values(input), idempotency_key=input.idempotency_key)


create_schedule_view_field = save_mutation(
    VIEW,
    verb="create",
    input_type=CreateScheduleViewInput,
    node=ScheduleView,
    node_description="The new view, if saved.",
    argument="The view.",
    save=_save,
    description=f"Save a schedule view of the caller's (staff). {OWNER_ONLY}",
)
