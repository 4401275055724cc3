"""What createProvider and updateProvider share: their payload and the values they set."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import strawberry

from resolvers.setup.providers import ProviderValues
from schema.info import Info
from schema.mutations.setup_common import USER_ERRORS, SetupUserError, saved
from schema.types.practice import Provider

LOCATIONS = "The locations the provider works at; empty: every location."


@strawberry.type(description="The result of createProvider or updateProvider.")
class ProviderPayload:
    provider: Provider | None = strawberry.field(description="The created or changed provider.")
    user_errors: list[SetupUserError] = strawberry.field(description=USER_ERRORS)


def provider_values(source: object) -> ProviderValues:
    """The columns an input sets (its fields share names with ProviderValues')."""
    get = source.__getattribute__
    return ProviderValues(
        first_name=get("first_name"),
        last_name=get("last_name"),
        abbreviation=get("abbreviation"),
        color=get("color"),
        kind=get("kind"),
        active=get("active"),
    )


async def provider_payload(info: Info, call: Callable[[], Awaitable[UUID]]) -> ProviderPayload:
    """Run the save and build the payload, or its userErrors."""
    node, errors = await saved(info, call, lambda c: c.loaders.providers, Provider.from_row)
    return ProviderPayload(provider=node, user_errors=errors)
