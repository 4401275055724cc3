"""createSavedSearch: keep a named search for the caller: an appointment list filter or a
free-time slot search, possibly as the default of its kind."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from db.queries.user_settings import SEARCHES
from resolvers.access import SETTINGS_OWNERS
from resolvers.user_settings.owned import own_by_ids
from resolvers.user_settings.saved_searches import create_search
from schema.inputs import AppointmentFilter
from schema.mutations.search_criteria import SlotSearchInput, required_criteria
from schema.mutations.settings_common import (
    IDEMPOTENCY,
    OWNER_ONLY,
    USER_ERRORS,
    Info,
    SettingsUserError,
    saved,
)
from schema.types.user_settings import SavedSearch


@strawberry.input(description="A new saved search of the caller's.")
class CreateSavedSearchInput:
    name: str = strawberry.field(description="Its name, unique among the caller's searches.")
    filter: AppointmentFilter | None = strawberry.field(
        default=None,
        description=(
            "An appointments filter to keep (kind APPOINTMENTS); its IDs must be the "
            "organization's. Give this or slotSearch."
        ),
    )
    slot_search: SlotSearchInput | None = strawberry.field(
        default=None, description="A free-time search to keep (kind FREE_TIME)."
    )
    is_default: bool = strawberry.field(
        default=False,
        description="true makes it the caller's default of its kind (the old one no longer).",
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
            required_criteria(input.filter, input.slot_search),
            is_default=input.is_default,
            idempotency_key=input.idempotency_key,
        )

    node, errors = await saved(
        info, call, lambda ctx, ids: own_by_ids(ctx, SEARCHES, ids), SavedSearch.from_row
    )
    return CreateSavedSearchPayload(saved_search=node, user_errors=errors)


create_saved_search_field = strawberry.mutation(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_create_saved_search,
    description=(
        f"Save a named appointments filter or free-time search of the caller's (staff). "
        f"{OWNER_ONLY}"
    ),
)
