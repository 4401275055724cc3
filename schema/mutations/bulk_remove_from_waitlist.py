"""bulkRemoveFromWaitlist: remove up to 100 entries at once."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import WAITLIST_USERS
from resolvers.errors import ClientError
from resolvers.waitlist.removal import MAX_BULK, remove_entries
from schema.info import Info
from schema.mutations.waitlist_common import (
    IDEMPOTENCY_DESCRIPTION,
    WaitlistUserError,
    decode_entry_id,
    load_entry,
    waitlist_user_errors,
)
from schema.types.waitlist import WaitlistEntry


@strawberry.input(description="The entries to remove.")
class BulkRemoveFromWaitlistInput:
    waitlist_entry_ids: list[GlobalID] = strawberry.field(description=f"1 to {MAX_BULK} entries.")
    reason: str | None = strawberry.field(default=None, description="Why, for the history.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of bulkRemoveFromWaitlist.")
class BulkRemoveFromWaitlistPayload:
    removed: list[WaitlistEntry] = strawberry.field(description="The entries removed.")
    skipped_ids: list[GlobalID] = strawberry.field(
        description="Entries left alone: unknown, or no longer active."
    )
    user_errors: list[WaitlistUserError] = strawberry.field(description="Why nothing was removed.")


async def resolve_bulk_remove_from_waitlist(
    info: Info,
    input: Annotated[BulkRemoveFromWaitlistInput, strawberry.argument(description="The entries.")],
) -> BulkRemoveFromWaitlistPayload:
    """Remove the active entries among those given; skip the rest."""
    try:
        ids = [decode_entry_id(value, "waitlistEntryIds") for value in input.waitlist_entry_ids]
        removal = await remove_entries(
            info.context,
            entry_ids=ids,
            base_version=None,
            reason=input.reason,
            idempotency_key=input.idempotency_key,
            bulk=True,
        )
    except ClientError as error:
        return BulkRemoveFromWaitlistPayload(
            removed=[], skipped_ids=[], user_errors=waitlist_user_errors(error)
        )
    entries = [await load_entry(info, ident) for ident in removal.removed]
    return BulkRemoveFromWaitlistPayload(
        removed=[entry for entry in entries if entry is not None],
        skipped_ids=[GlobalID("WaitlistEntry", str(ident)) for ident in removal.skipped],
        user_errors=[],
    )


bulk_remove_from_waitlist_field = strawberry.mutation(
    resolver=resolve_bulk_remove_from_waitlist,
    metadata=WAITLIST_USERS,
    description=f"Remove up to {MAX_BULK} active entries in one transaction.",
)
