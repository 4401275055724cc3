"""Reaching a waitlisted patient: log a contact, offer a slot."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.queries import booking as booking_writes
from db.queries import waitlist as queries
from db.queries.practice import OPERATORIES
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, Validation
from resolvers.input_limits import check_length
from resolvers.lifecycle import references
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.waitlist.common import change, locked, transition
from resolvers.waitlist.linked_visit import lock_linked_visit
from scheduling.waitlist import ACTIVE, WaitlistStatus, accepts_location, sooner_than_visit

_MAX_LENGTH = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class ContactInput:
    """logWaitlistContact's input."""

    entry_id: uuid.UUID
    method: str
    initiated_by: str = "staff"
    slot_offered: bool = False
    note: str | None = None
    base_version: int | None = None


async def log_contact(
    ctx: RequestContext, contact: ContactInput, *, idempotency_key: str | None
) -> uuid.UUID:
    """Log a contact; a waiting entry becomes contacted."""
    org = ctx.viewer.organization_id
    check_length(contact.note, field="note")

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row, status = await locked(connection, ctx, contact.entry_id, contact.base_version)
        if status not in ACTIVE:
            raise InvalidTransition(f"A {status.upper()} entry cannot be contacted")
        await queries.insert_contact(
            connection,
            {
                "organization_id": org,
                "entry_id": row.id,
                "method": contact.method,
                "initiated_by": contact.initiated_by,
                "slot_offered": contact.slot_offered,
                "note": contact.note,
                "actor": ctx.viewer.subject,
            },
        )
        values: dict[str, Any] = {}
        if status is WaitlistStatus.WAITING:
            values["status"] = WaitlistStatus.CONTACTED.value
        await change(tx, row, "contacted", values)
        return Written(row.id)

    # Raw values: str() would make a missing note and the note "None" the same input.
    request = {name: getattr(contact, name) for name in ContactInput.__dataclass_fields__}
    return await run_row_mutation(
        ctx,
        work,
        name="logWaitlistContact",
        idempotency_key=idempotency_key,
        request=request,
    )


@dataclass(frozen=True, slots=True)
class OfferInput:
    """offerWaitlistSlot's input."""

    entry_id: uuid.UUID
    base_version: int
    operatory_id: uuid.UUID
    provider_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    offer_expires_at: datetime | None = None


async def offer_slot(
    ctx: RequestContext, offer: OfferInput, *, idempotency_key: str | None
) -> uuid.UUID:
    """Record the slot offered to a contacted entry."""
    org = ctx.viewer.organization_id
    for name, value in (("startAt", offer.start_at), ("endAt", offer.end_at)):
        if value.tzinfo is None:
            raise Validation(f"{name} needs a UTC offset", field=name)
    if offer.end_at <= offer.start_at:
        raise Validation("endAt must be after startAt", field="endAt")
    if offer.end_at - offer.start_at > _MAX_LENGTH:
        raise Validation("The slot may be at most 12 hours long", field="endAt")

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row, status = await locked(connection, ctx, offer.entry_id, offer.base_version)
        transition(status, WaitlistStatus.OFFERED)
        operatory = await references.require(
            connection,
            OPERATORIES,
            organization_id=org,
            ident=offer.operatory_id,
            field="operatoryId",
            label="operatory",
        )
        if not accepts_location(
            scope=row.location_scope,
            home_location_id=row.home_location_id,
            additional_location_ids=row.additional_location_ids,
            location_id=operatory.location_id,
        ):
            raise Validation(
                "The operatory is not at a location the entry accepts (see locationScope)",
                field="operatoryId",
            )
        await references.require_providers(
            connection, org, (offer.provider_id,), field="providerId"
        )
        now = await booking_writes.database_now(connection)
        visit, _ = await lock_linked_visit(connection, row, now)
        if visit is not None and not sooner_than_visit(offer.start_at, visit.start_at):
            raise Validation(
                f"The patient is already booked at {visit.start_at.isoformat()}; accepting moves "
                "that visit, so offer a sooner slot",
                field="startAt",
            )
        await change(
            tx,
            row,
            "offered",
            {
                "status": WaitlistStatus.OFFERED.value,
                "offered_start_at": offer.start_at,
                "offered_end_at": offer.end_at,
                "offered_operatory_id": offer.operatory_id,
                "offered_provider_id": offer.provider_id,
                "offer_expires_at": offer.offer_expires_at,
                "patient_response": None,
            },
        )
        return Written(row.id)

    request = {name: getattr(offer, name) for name in OfferInput.__dataclass_fields__}
    return await run_row_mutation(
        ctx,
        work,
        name="offerWaitlistSlot",
        idempotency_key=idempotency_key,
        request=request,
    )
