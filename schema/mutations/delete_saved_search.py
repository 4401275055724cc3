"""deleteSavedSearch: remove one of the caller's saved searches."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETTINGS_OWNERS
from resolvers.ids import decode_id
from resolvers.user_settings.saved_searches import delete_search
from schema.mutations.settings_common import (
    BASE_VERSION,
    IDEMPOTENCY,
    OWNER_ONLY,
    USER_ERRORS,
    Info,
    SettingsUserError,
    deleted,
)


@strawberry.input(description="The saved search to delete.")
class DeleteSavedSearchInput:
    saved_search_id: GlobalID = strawberry.field(description="The search to delete.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of deleteSavedSearch.")
class DeleteSavedSearchPayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The deleted search's global ID; null if nothing was deleted."
    )
    user_errors: list[SettingsUserError] = strawberry.field(description=USER_ERRORS)


async def resolve_delete_saved_search(
    info: Info,
    input: Annotated[DeleteSavedSearchInput, strawberry.argument(description="The search.")],
) -> DeleteSavedSearchPayload:
    """Delete a saved search or explain why not."""

    async def call() -> UUID:
        search_id = decode_id(input.saved_search_id, "SavedSearch", field="savedSearchId")
        return await delete_search(
            info.context, search_id, input.base_version, idempotency_key=input.idempotency_key
        )

    ident, errors = await deleted(call, "SavedSearch")
    return DeleteSavedSearchPayload(deleted_id=ident, user_errors=errors)


delete_saved_search_field = strawberry.mutation(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_delete_saved_search,
    description=f"Delete a saved search; baseVersion must be current (staff). {OWNER_ONLY}",
)
