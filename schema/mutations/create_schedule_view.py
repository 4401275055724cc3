"""createScheduleView: save which operatories and providers the caller's calendar shows."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETTINGS_OWNERS
from resolvers.user_settings.schedule_views import create_view
from schema.mutations.settings_common import (
    IDEMPOTENCY,
    OWNER_ONLY,
    USER_ERRORS,
    Info,
    SettingsUserError,
    saved_view,
    view_values,
)
from schema.types.user_settings import ScheduleView


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
        return await create_view(
            info.context, view_values(input), idempotency_key=input.idempotency_key
        )

    node, errors = await saved_view(info, call)
    return CreateScheduleViewPayload(schedule_view=node, user_errors=errors)


create_schedule_view_field = strawberry.mutation(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_create_schedule_view,
    description=f"Save a schedule view of the caller's (staff). {OWNER_ONLY}",
)
