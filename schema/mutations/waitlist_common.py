"""What every waitlist mutation shares: error codes, userErrors, loading the entry back."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable

import strawberry
from strawberry.relay import GlobalID

from resolvers.errors import ClientError, SlotTaken
from resolvers.ids import decode_id
from resolvers.waitlist.entries import entries_by_ids
from schema.info import Info
from schema.types.waitlist import WaitlistEntry
from schema.user_errors import user_error


@strawberry.enum(description="Why a waitlist mutation changed nothing (or, SLOT_TAKEN, why not).")
class WaitlistErrorCode(enum.Enum):
    NOT_FOUND = "NOT_FOUND"
    VALIDATION = "VALIDATION"
    DUPLICATE = "DUPLICATE"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    SLOT_TAKEN = "SLOT_TAKEN"
    OFFER_EXPIRED = "OFFER_EXPIRED"
    FORBIDDEN = "FORBIDDEN"


@strawberry.type(description="Why a waitlist mutation did not do what was asked.")
class WaitlistUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: WaitlistErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


def waitlist_user_errors(error: ClientError) -> list[WaitlistUserError]:
    """The userErrors of a client error."""
    field, code, message = user_error(error, WaitlistErrorCode)
    return [WaitlistUserError(field=field, code=code, message=message)]


def decode_entry_id(value: GlobalID, field: str = "waitlistEntryId") -> uuid.UUID:
    """The UUID of a WaitlistEntry global ID."""
    return decode_id(value, "WaitlistEntry", field=field)


async def load_entry(info: Info, entry_id: uuid.UUID) -> WaitlistEntry | None:
    """The entry as it is now."""
    (row,) = await entries_by_ids(info.context, [entry_id])
    return WaitlistEntry.from_row(row) if row is not None else None


async def run_entry_mutation(
    info: Info, call: Callable[[], Awaitable[uuid.UUID]]
) -> tuple[WaitlistEntry | None, list[WaitlistUserError]]:
    """Run a mutation of one entry: the entry as it is now, or userErrors."""
    try:
        entry_id = await call()
    except SlotTaken as error:
        return await load_entry(info, error.entry_id), waitlist_user_errors(error)
    except ClientError as error:
        return None, waitlist_user_errors(error)
    return await load_entry(info, entry_id), []


IDEMPOTENCY_DESCRIPTION = "Retries with the same key return the first result."
