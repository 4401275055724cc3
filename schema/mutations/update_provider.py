"""updateProvider: change, retire or reactivate a provider and where they work (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.ids import decode_id, decode_ids
from resolvers.setup.providers import ProviderChange, save_provider
from schema.enums import ProviderKind
from schema.info import Info
from schema.mutations.provider_common import (
    LOCATIONS,
    ProviderPayload,
    provider_payload,
    provider_values,
)
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY


@strawberry.input(description="Changes to a provider; omitted fields stay as they are.")
class UpdateProviderInput:
    provider_id: GlobalID = strawberry.field(description="The provider to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    first_name: str | None = strawberry.field(default=None, description="New given name.")
    last_name: str | None = strawberry.field(default=None, description="New family name.")
    abbreviation: str | None = strawberry.field(default=None, description="New short label.")
    color: str | None = strawberry.field(default=None, description="New color as #rrggbb.")
    kind: ProviderKind | None = strawberry.field(default=None, description="What they do.")
    active: bool | None = strawberry.field(
        default=None, description="false archives the provider: no new bookings."
    )
    location_ids: list[GlobalID] | None = strawberry.field(default=None, description=LOCATIONS)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_update_provider(
    info: Info,
    input: Annotated[UpdateProviderInput, strawberry.argument(description="The changes.")],
) -> ProviderPayload:
    """Change a provider or explain why not."""

    async def call() -> UUID:
        change = ProviderChange(
            values=provider_values(input),
            location_ids=None
            if input.location_ids is None
            else tuple(decode_ids(input.location_ids, "Location", field="locationIds")),
            provider_id=decode_id(input.provider_id, "Provider", field="providerId"),
            base_version=input.base_version,
        )
        return await save_provider(info.context, change, idempotency_key=input.idempotency_key)

    return await provider_payload(info, call)


update_provider_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_update_provider,
    description="Change or archive a provider; baseVersion must be current (staff).",
)
