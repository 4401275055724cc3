"""createSavedSearch: keep a named appointment list filter for the caller."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from resolvers.access import SETTINGS_OWNERS
from resolvers.user_settings.saved_searches import create_search
from schema.inputs import AppointmentFilter
from schema.mutations.settings_common import (
    IDEMPOTENCY,
    OWNER_ONLY,
    USER_ERRORS,
    Info,
    SettingsUserError,
    appointment_search,
    saved_search,
)
from schema.types.user_settings import SavedSearch


@strawberry.input(description="A new saved search of the caller's.")
class CreateSavedSearchInput:
    name: str = strawberry.field(description="Its name, unique among the caller's searches.")
    filter: AppointmentFilter = strawberry.field(
        description="The appointments filter to keep; its IDs must be the organization's."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of createSavedSearch.")
class CreateSavedSearchPayload:
    saved_search: SavedSearch | None = strawberry.field(description="The new search, if saved.")
    user_errors: list[SettingsUserError] = strawberry.field(description=USER_ERRORS)


async def resolve_create_saved_search(
    info: Info,
    input: Annotated[CreateSavedSearchInput, strawberry.argument(description="The search.")],
) -> CreateSavedSearchPayload:
    """Save a search or explain why not."""

    async def call() -> UUID:
        return await create_search(
            info.context,
            input.name,
            appointment_search(input.filter),
            idempotency_key=input.idempotency_key,
        )

    node, errors = await saved_search(info, call)
    return CreateSavedSearchPayload(saved_search=node, user_errors=errors)


create_saved_search_field = strawberry.mutation(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_create_saved_search,
    description=f"Save a named appointments filter of the caller's (staff). {OWNER_ONLY}",
)
