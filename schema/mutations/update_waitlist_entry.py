"""updateWaitlistEntry: change an active entry's preferences."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import WAITLIST_USERS
from resolvers.errors import Validation
from resolvers.ids import decode_id, decode_ids
from resolvers.input_limits import MAX_NOTE
from resolvers.waitlist.entries import update_entry
from schema.info import Info
from schema.mutations.waitlist_common import (
    IDEMPOTENCY_DESCRIPTION,
    WaitlistUserError,
    decode_entry_id,
    run_entry_mutation,
)
from schema.types.day_of_week import DayOfWeek, distinct, to_iso
from schema.types.waitlist import WaitlistEntry, WaitlistLocationScope, WaitlistUrgency


@strawberry.input(
    description=(
        "Changes to a waitlist entry: omitted fields stay as they are, null clears a field "
        "that may be empty."
    )
)
class UpdateWaitlistEntryInput:
    waitlist_entry_id: GlobalID = strawberry.field(description="The entry.")
    base_version: int = strawberry.field(description="The version the change is based on.")
    # Nullable in the SDL so that a null comes back as a VALIDATION userError, not as a
    # coercion error naming Python types.
    location_scope: strawberry.Maybe[WaitlistLocationScope | None] = strawberry.field(
        description=(
            "New location scope (not null); leaving SELECTED drops the additional locations "
            "(sending some with another scope is VALIDATION)."
        )
    )
    additional_location_ids: strawberry.Maybe[list[GlobalID] | None] = strawberry.field(
        description="New additional locations (SELECTED scope, at least one); null clears them."
    )
    provider_id: strawberry.Maybe[GlobalID | None] = strawberry.field(
        description="New preferred provider; null: any provider."
    )
    appointment_type_id: strawberry.Maybe[GlobalID | None] = strawberry.field(
        description="New appointment type; null: any type."
    )
    estimated_duration_minutes: strawberry.Maybe[int | None] = strawberry.field(
        description="New expected length, 5 to 480 minutes; null: unknown."
    )
    date_from: strawberry.Maybe[date | None] = strawberry.field(
        description="New earliest date; null: from now."
    )
    date_to: strawberry.Maybe[date | None] = strawberry.field(
        description="New latest date; null: no end (the entry never expires)."
    )
    preferred_days: strawberry.Maybe[list[DayOfWeek] | None] = strawberry.field(
        description="New preferred days of the week, each once; null or empty: any day."
    )
    preferred_start_time: strawberry.Maybe[time | None] = strawberry.field(
        description="New earliest preferred local time; null: no earliest."
    )
    preferred_end_time: strawberry.Maybe[time | None] = strawberry.field(
        description="New latest preferred local time (after the earliest); null: no latest."
    )
    urgency: strawberry.Maybe[WaitlistUrgency | None] = strawberry.field(
        description="New urgency (not null)."
    )
    priority: strawberry.Maybe[int | None] = strawberry.field(
        description="New priority, -100 to 100 (not null)."
    )
    treatment_value: strawberry.Maybe[Decimal | None] = strawberry.field(
        description="New treatment value; null clears it."
    )
    note: strawberry.Maybe[str | None] = strawberry.field(
        description=f"New note, at most {MAX_NOTE} characters; null clears it."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of updateWaitlistEntry.")
class UpdateWaitlistEntryPayload:
    waitlist_entry: WaitlistEntry | None = strawberry.field(description="The changed entry.")
    user_errors: list[WaitlistUserError] = strawberry.field(description="Why nothing changed.")


def _one_id(type_name: str, field: str) -> Callable[[GlobalID], uuid.UUID]:
    """Decode a global ID of `type_name`."""
    return lambda value: decode_id(value, type_name, field=field)


# Input field -> how its value becomes the column value (None stays None: cleared).
DECODERS: dict[str, Callable[[Any], Any]] = {
    "location_scope": lambda scope: scope.value,
    "additional_location_ids": lambda ids: tuple(
        dict.fromkeys(decode_ids(ids, "Location", field="additionalLocationIds"))
    ),
    "provider_id": _one_id("Provider", "providerId"),
    "appointment_type_id": _one_id("AppointmentType", "appointmentTypeId"),
    "preferred_days": lambda days: to_iso(distinct(days, field="preferredDays")),
    "urgency": lambda urgency: urgency.value,
}
PLAIN = ("estimated_duration_minutes", "date_from", "date_to", "preferred_start_time",
         "preferred_end_time", "priority", "treatment_value", "note")  # fmt: skip


NOT_NULL = {"location_scope": "locationScope", "urgency": "urgency", "priority": "priority"}


def entry_changes(input: UpdateWaitlistEntryInput) -> dict[str, Any]:
    """The fields the client sent, as column values (None: clear); VALIDATION for a null
    where the entry must keep a value."""
    changes: dict[str, Any] = {}
    for name in (*DECODERS, *PLAIN):
        sent = getattr(input, name)
        if sent is None:  # left out
            continue
        if sent.value is None and name in NOT_NULL:
            raise Validation(f"{NOT_NULL[name]} cannot be null", field=NOT_NULL[name])
        decode = DECODERS.get(name)
        changes[name] = decode(sent.value) if decode and sent.value is not None else sent.value
    return changes


async def resolve_update_waitlist_entry(
    info: Info,
    input: Annotated[UpdateWaitlistEntryInput, strawberry.argument(description="The changes.")],
) -> UpdateWaitlistEntryPayload:
    """Change an entry or explain why not."""

    async def call() -> uuid.UUID:
        return await update_entry(
            info.context,
            entry_id=decode_entry_id(input.waitlist_entry_id),
            base_version=input.base_version,
            changes=entry_changes(input),
            idempotency_key=input.idempotency_key,
        )

    entry, errors = await run_entry_mutation(info, call)
    return UpdateWaitlistEntryPayload(waitlist_entry=entry, user_errors=errors)


update_waitlist_entry_field = strawberry.mutation(
    metadata=WAITLIST_USERS,
    resolver=resolve_update_waitlist_entry,
    description="Change an active waitlist entry.",
)
