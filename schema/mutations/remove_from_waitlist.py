"""removeFromWaitlist: take an active entry off the waitlist."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import WAITLIST_USERS
from resolvers.waitlist.removal import remove_entries
from schema.info import Info
from schema.mutations.waitlist_common import (
    IDEMPOTENCY_DESCRIPTION,
    WaitlistUserError,
    decode_entry_id,
    run_entry_mutation,
)
from schema.types.waitlist import WaitlistEntry


@strawberry.input(description="The entry to remove.")
class RemoveFromWaitlistInput:
    waitlist_entry_id: GlobalID = strawberry.field(description="The entry.")
    base_version: int | None = strawberry.field(
        default=None, description="If given, the version the removal is based on."
    )
    reason: str | None = strawberry.field(default=None, description="Why, for the history.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of removeFromWaitlist.")
class RemoveFromWaitlistPayload:
    waitlist_entry: WaitlistEntry | None = strawberry.field(description="The removed entry.")
    user_errors: list[WaitlistUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_remove_from_waitlist(
    info: Info,
    input: Annotated[RemoveFromWaitlistInput, strawberry.argument(description="The entry.")],
) -> RemoveFromWaitlistPayload:
    """Remove an entry or explain why not."""

    async def call() -> uuid.UUID:
        entry_id = decode_entry_id(input.waitlist_entry_id)
        await remove_entries(
            info.context,
            entry_ids=[entry_id],
            base_version=input.base_version,
            reason=input.reason,
            idempotency_key=input.idempotency_key,
            bulk=False,
        )
        return entry_id

    entry, errors = await run_entry_mutation(info, call)
    return RemoveFromWaitlistPayload(waitlist_entry=entry, user_errors=errors)


remove_from_waitlist_field = strawberry.mutation(
    metadata=WAITLIST_USERS,
    resolver=resolve_remove_from_waitlist,
    description="Remove an active entry; it becomes REMOVED.",
)
