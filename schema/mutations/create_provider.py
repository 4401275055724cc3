"""createProvider: add a dentist, hygienist or other provider who can be booked (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.ids import decode_ids
from resolvers.setup.providers import ProviderChange, save_provider
from schema.enums import ProviderKind
from schema.info import Info
from schema.mutations.provider_common import (
    LOCATIONS,
    ProviderPayload,
    provider_payload,
    provider_values,
)
from schema.mutations.setup_common import IDEMPOTENCY


@strawberry.input(description="A new provider.")
class CreateProviderInput:
    first_name: str = strawberry.field(description="Given name.")
    last_name: str = strawberry.field(description="Family name.")
    abbreviation: str = strawberry.field(description="Short label shown on appointments.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    kind: ProviderKind = strawberry.field(description="What the provider does.")
    active: bool = strawberry.field(default=True, description="Whether they can be booked.")
    location_ids: list[GlobalID] = strawberry.field(default_factory=list, description=LOCATIONS)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_create_provider(
    info: Info,
    input: Annotated[CreateProviderInput, strawberry.argument(description="The provider.")],
) -> ProviderPayload:
    """Create a provider or explain why not."""

    async def call() -> UUID:
        change = ProviderChange(
            values=provider_values(input),
            location_ids=tuple(decode_ids(input.location_ids, "Location", field="locationIds")),
        )
        return await save_provider(info.context, change, idempotency_key=input.idempotency_key)

    return await provider_payload(info, call)


create_provider_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_create_provider,
    description="Add a provider (staff).",
)
