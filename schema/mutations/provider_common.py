"""What createProvider and updateProvider share: their payload and running the save."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import strawberry

from resolvers.errors import ClientError
from schema.mutations.setup_common import USER_ERRORS, Info, SetupUserError, setup_user_errors
from schema.types.practice import Provider

LOCATIONS = "The locations the provider works at; empty: every location."


@strawberry.type(description="The result of createProvider or updateProvider.")
class ProviderPayload:
    provider: Provider | None = strawberry.field(description="The created or changed provider.")
    user_errors: list[SetupUserError] = strawberry.field(description=USER_ERRORS)


async def provider_payload(info: Info, call: Callable[[], Awaitable[UUID]]) -> ProviderPayload:
    """Run the save and build the payload, or its userErrors."""
    try:
        ident = await call()
    except ClientError as error:
        return ProviderPayload(provider=None, user_errors=setup_user_errors(error))
    row = await info.context.loaders.providers.load(ident)
    return ProviderPayload(
        provider=Provider.from_row(row) if row is not None else None, user_errors=[]
    )
