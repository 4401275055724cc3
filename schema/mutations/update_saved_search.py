"""updateSavedSearch: rename one of the caller's saved searches or replace its filter."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETTINGS_OWNERS
from resolvers.ids import decode_id
from resolvers.user_settings.saved_searches import update_search
from schema.inputs import AppointmentFilter
from schema.mutations.settings_common import (
    BASE_VERSION,
    IDEMPOTENCY,
    OWNER_ONLY,
    USER_ERRORS,
    Info,
    SettingsUserError,
    appointment_search,
    saved_search,
)
from schema.types.user_settings import SavedSearch


@strawberry.input(description="Changes to a saved search; omitted fields stay as they are.")
class UpdateSavedSearchInput:
    saved_search_id: GlobalID = strawberry.field(description="The search to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New name.")
    filter: AppointmentFilter | None = strawberry.field(
        default=None, description="The filter to keep instead."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of updateSavedSearch.")
class UpdateSavedSearchPayload:
    saved_search: SavedSearch | None = strawberry.field(description="The changed search.")
    user_errors: list[SettingsUserError] = strawberry.field(description=USER_ERRORS)


async def resolve_update_saved_search(
    info: Info,
    input: Annotated[UpdateSavedSearchInput, strawberry.argument(description="The changes.")],
) -> UpdateSavedSearchPayload:
    """Change a saved search or explain why not."""

    async def call() -> UUID:
        search_id = decode_id(input.saved_search_id, "SavedSearch", field="savedSearchId")
        return await update_search(
            info.context,
            search_id,
            input.base_version,
            name=input.name,
            search=appointment_search(input.filter) if input.filter is not None else None,
            idempotency_key=input.idempotency_key,
        )

    node, errors = await saved_search(info, call)
    return UpdateSavedSearchPayload(saved_search=node, user_errors=errors)


update_saved_search_field = strawberry.mutation(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_update_saved_search,
    description=f"Change a saved search; baseVersion must be current (staff). {OWNER_ONLY}",
)
