"""updateConfirmationStatus: rename, recolor, reorder or reactivate a confirmation status."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.catalogs.entries import EntryChange, update_entry
from resolvers.catalogs.lists import CONFIRMATION_STATUS_LIST
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.catalog_common import ConfirmationStatusPayload, confirmation_status_payload
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY


@strawberry.input(description="Changes to a confirmation status; omitted fields stay as they are.")
class UpdateConfirmationStatusInput:
    confirmation_status_id: GlobalID = strawberry.field(description="The status to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New display name.")
    abbreviation: str | None = strawberry.field(default=None, description="New short label.")
    color: str | None = strawberry.field(default=None, description="New color as #rrggbb.")
    is_confirmed: bool | None = strawberry.field(
        default=None, description="Whether it means the patient confirmed."
    )
    sort_order: int | None = strawberry.field(default=None, description="New position.")
    active: bool | None = strawberry.field(
        default=None, description="true reactivates an archived status."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_update_confirmation_status(
    info: Info,
    input: Annotated[UpdateConfirmationStatusInput, strawberry.argument(description="Changes.")],
) -> ConfirmationStatusPayload:
    """Change a confirmation status or explain why not."""

    async def call() -> UUID:
        change = EntryChange(
            ident=decode_id(
                input.confirmation_status_id, "ConfirmationStatus", field="confirmationStatusId"
            ),
            base_version=input.base_version,
            values={
                "name": input.name,
                "abbreviation": input.abbreviation,
                "color": input.color,
                "is_confirmed": input.is_confirmed,
                "sort_order": input.sort_order,
                "active": input.active,
            },
        )
        return await update_entry(
            info.context, CONFIRMATION_STATUS_LIST, change, idempotency_key=input.idempotency_key
        )

    return await confirmation_status_payload(info, call)


update_confirmation_status_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_update_confirmation_status,
    description="Change a confirmation status; baseVersion must be current (staff).",
)
