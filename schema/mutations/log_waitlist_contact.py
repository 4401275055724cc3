"""logWaitlistContact: record reaching out to a waitlisted patient."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import WAITLIST_USERS
from resolvers.input_limits import MAX_NOTE
from resolvers.waitlist.contact import ContactInput, log_contact
from schema.info import Info
from schema.mutations.waitlist_common import (
    IDEMPOTENCY_DESCRIPTION,
    WaitlistUserError,
    decode_entry_id,
    run_entry_mutation,
)
from schema.types.waitlist import WaitlistEntry
from schema.types.waitlist_log import WaitlistContactInitiator, WaitlistContactMethod


@strawberry.input(description="A contact attempt.")
class LogWaitlistContactInput:
    waitlist_entry_id: GlobalID = strawberry.field(description="The entry.")
    method: WaitlistContactMethod = strawberry.field(description="How the patient was reached.")
    initiated_by: WaitlistContactInitiator = strawberry.field(
        default=WaitlistContactInitiator.STAFF, description="Who started the contact."
    )
    slot_offered: bool = strawberry.field(
        default=False, description="Whether a slot was mentioned."
    )
    note: str | None = strawberry.field(
        default=None, description=f"Note, at most {MAX_NOTE} chars."
    )
    base_version: int | None = strawberry.field(
        default=None, description="If given, the version the contact is based on."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of logWaitlistContact.")
class LogWaitlistContactPayload:
    waitlist_entry: WaitlistEntry | None = strawberry.field(description="The entry.")
    user_errors: list[WaitlistUserError] = strawberry.field(description="Why nothing was logged.")


async def resolve_log_waitlist_contact(
    info: Info,
    input: Annotated[LogWaitlistContactInput, strawberry.argument(description="The contact.")],
) -> LogWaitlistContactPayload:
    """Log a contact or explain why not."""

    async def call() -> uuid.UUID:
        contact = ContactInput(
            entry_id=decode_entry_id(input.waitlist_entry_id),
            method=input.method.value,
            initiated_by=input.initiated_by.value,
            slot_offered=input.slot_offered,
            note=input.note,
            base_version=input.base_version,
        )
        return await log_contact(info.context, contact, idempotency_key=input.idempotency_key)

    entry, errors = await run_entry_mutation(info, call)
    return LogWaitlistContactPayload(waitlist_entry=entry, user_errors=errors)


log_waitlist_contact_field = strawberry.mutation(
    metadata=WAITLIST_USERS,
    resolver=resolve_log_waitlist_contact,
    description="Log a contact attempt; a WAITING entry becomes CONTACTED.",
)
