"""createConfirmationStatus: add an entry to the confirmation statuses (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from resolvers.access import SETUP_EDITORS
from resolvers.catalogs.entries import create_entry
from resolvers.catalogs.lists import CONFIRMATION_STATUS_LIST
from schema.info import Info
from schema.mutations.catalog_common import ConfirmationStatusPayload, confirmation_status_payload
from schema.mutations.setup_common import IDEMPOTENCY


@strawberry.input(description="A new confirmation status.")
class CreateConfirmationStatusInput:
    name: str = strawberry.field(description="Display name, unique among the statuses.")
    abbreviation: str = strawberry.field(description="Short label, 1-10 characters.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    is_confirmed: bool = strawberry.field(
        default=False, description="Whether this status means the patient confirmed."
    )
    sort_order: int = strawberry.field(default=0, description="Position in pick lists.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_create_confirmation_status(
    info: Info,
    input: Annotated[CreateConfirmationStatusInput, strawberry.argument(description="The status.")],
) -> ConfirmationStatusPayload:
    """Create a confirmation status or explain why not."""

    async def call() -> UUID:
        values = {
            "name": input.name,
            "abbreviation": input.abbreviation,
            "color": input.color,
            "is_confirmed": input.is_confirmed,
            "sort_order": input.sort_order,
        }
        return await create_entry(
            info.context, CONFIRMATION_STATUS_LIST, values, idempotency_key=input.idempotency_key
        )

    return await confirmation_status_payload(info, call)


create_confirmation_status_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_create_confirmation_status,
    description="Add a confirmation status to the organization's list (staff).",
)
