"""createSavedSearch: keep a named search for the caller: an appointment list filter or a
free-time slot search, possibly as the default of its kind."""

from __future__ import annotations

from uuid import UUID

import strawberry

from resolvers.context import RequestContext
from resolvers.user_settings.saved_searches import SEARCH, create_search
from schema.inputs import AppointmentFilter
from schema.mutations.search_criteria import SlotSearchInput, required_criteria
from schema.mutations.settings_common import (
    IDEMPOTENCY,
    OWNER_ONLY,
    save_mutation,
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


async def _save(ctx: RequestContext, input: CreateSavedSearchInput) -> UUID:
    return await create_search(
        ctx,
        input.name,
        required_criteria(input.filter, input.slot_search),
        is_default=input.is_default,
        idempotency_key=input.idempotency_key,
    )


create_saved_search_field = save_mutation(
    SEARCH,
    verb="create",
    input_type=CreateSavedSearchInput,
    node=SavedSearch,
    node_description="The new search, if saved.",
    argument="The search.",
    save=_save,
    description=(
        f"Save a named appointments filter or free-time search of the caller's (staff). "
        f"{OWNER_ONLY}"
    ),
)
