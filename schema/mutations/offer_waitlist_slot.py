"""offerWaitlistSlot: offer a contacted patient a concrete slot."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import WAITLIST_USERS
from resolvers.ids import decode_id
from resolvers.waitlist.contact import OfferInput, offer_slot
from schema.info import Info
from schema.mutations.waitlist_common import (
    IDEMPOTENCY_DESCRIPTION,
    WaitlistUserError,
    decode_entry_id,
    run_entry_mutation,
)
from schema.types.waitlist import WaitlistEntry


@strawberry.input(description="The slot offered to a waitlisted patient.")
class OfferWaitlistSlotInput:
    waitlist_entry_id: GlobalID = strawberry.field(description="The entry (CONTACTED).")
    base_version: int = strawberry.field(description="The version the offer is based on.")
    operatory_id: GlobalID = strawberry.field(description="The operatory of the slot.")
    provider_id: GlobalID = strawberry.field(description="The provider of the slot.")
    start_at: datetime = strawberry.field(description="Start instant, with UTC offset.")
    end_at: datetime = strawberry.field(description="End instant, with UTC offset.")
    offer_expires_at: datetime | None = strawberry.field(
        default=None, description="When the offer lapses."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of offerWaitlistSlot.")
class OfferWaitlistSlotPayload:
    waitlist_entry: WaitlistEntry | None = strawberry.field(description="The offered entry.")
    user_errors: list[WaitlistUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_offer_waitlist_slot(
    info: Info,
    input: Annotated[OfferWaitlistSlotInput, strawberry.argument(description="The offer.")],
) -> OfferWaitlistSlotPayload:
    """Record an offer or explain why not."""

    async def call() -> uuid.UUID:
        offer = OfferInput(
            entry_id=decode_entry_id(input.waitlist_entry_id),
            base_version=input.base_version,
            operatory_id=decode_id(input.operatory_id, "Operatory", field="operatoryId"),
            provider_id=decode_id(input.provider_id, "Provider", field="providerId"),
            start_at=input.start_at,
            end_at=input.end_at,
            offer_expires_at=input.offer_expires_at,
        )
        return await offer_slot(info.context, offer, idempotency_key=input.idempotency_key)

    entry, errors = await run_entry_mutation(info, call)
    return OfferWaitlistSlotPayload(waitlist_entry=entry, user_errors=errors)


offer_waitlist_slot_field = strawberry.mutation(
    metadata=WAITLIST_USERS,
    resolver=resolve_offer_waitlist_slot,
    description="Offer a CONTACTED entry a slot; it becomes OFFERED.",
)
