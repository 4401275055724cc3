"""updateSavedSearch: rename one of the caller's saved searches, replace its criteria (of its
kind) or make it the default of its kind."""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.context import RequestContext
from resolvers.ids import decode_id
from resolvers.user_settings.saved_searches import SEARCH, update_search
from schema.inputs import AppointmentFilter
from schema.mutations.search_criteria import SlotSearchInput, search_criteria
from schema.mutations.settings_common import (
    BASE_VERSION,
    IDEMPOTENCY,
    OWNER_ONLY,
    save_mutation,
)
from schema.types.user_settings import SavedSearch


@strawberry.input(description="Changes to a saved search; omitted fields stay as they are.")
class UpdateSavedSearchInput:
    saved_search_id: GlobalID = strawberry.field(description="The search to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New name.")
    filter: AppointmentFilter | None = strawberry.field(
        default=None, description="The filter to keep instead (an APPOINTMENTS search)."
    )
    slot_search: SlotSearchInput | None = strawberry.field(
        default=None, description="The free-time search to keep instead (a FREE_TIME search)."
    )
    is_default: bool | None = strawberry.field(
        default=None, description="true makes it the default of its kind; false: no longer."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def _save(ctx: RequestContext, input: UpdateSavedSearchInput) -> UUID:
    search_id = decode_id(input.saved_search_id, "SavedSearch", field="savedSearchId")
    return await update_search(
        ctx,
        search_id,
        input.base_version,
        name=input.name,
        criteria=search_criteria(input.filter, input.slot_search),
        is_default=input.is_default,
        idempotency_key=input.idempotency_key,
    )


update_saved_search_field = save_mutation(
    SEARCH,
    verb="update",
    input_type=UpdateSavedSearchInput,
    node=SavedSearch,
    node_description="The changed search.",
    argument="The changes.",
    save=_save,
    description=f"Change a saved search; baseVersion must be current (staff). {OWNER_ONLY}",
)
