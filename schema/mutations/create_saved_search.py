"""createSavedSearch: keep a named appointment list filter for the caller."""

from __future__ import annotations

from uuid import UUID

import strawberry

from resolvers.context import RequestContext
from resolvers.user_settings.saved_searches import SEARCH, create_search
from schema.inputs import AppointmentFilter
from schema.mutations.settings_common import (
    IDEMPOTENCY,
    OWNER_ONLY,
    appointment_search,
    save_mutation,
)
from schema.types.user_settings import SavedSearch


@strawberry.input(description="A new saved search of the caller's.")
class CreateSavedSearchInput:
    name: str = strawberry.field(description="Its name, unique among the caller's searches.")
    filter: AppointmentFilter = strawberry.field(
        description="The appointments filter to keep; its IDs must be the organization's."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def _save(ctx: RequestContext, input: CreateSavedSearchInput) -> UUID:
    search = appointment_search(input.filter)
    return await create_search(ctx, input.name, search, idempotency_key=input.idempotency_key)


create_saved_search_field = save_mutation(
    SEARCH,
    verb="create",
    input_type=CreateSavedSearchInput,
    node=SavedSearch,
    node_description="The new search, if saved.",
    argument="The search.",
    save=_save,
    description=f"Save a named appointments filter of the caller's (staff). {OWNER_ONLY}",
)
