"""Responses to an offer: ACCEPTED books the slot (or moves the entry's later visit there);
the others, or a lost slot, mean waiting."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.audit_journal import AppointmentAudit
from db.loaders import Loaders
from db.queries import booking as booking_writes
from db.queries import waitlist as queries
from db.queries.practice import type_modality, type_procedure_codes
from db.rows.waitlist import EntryRow
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, OfferExpired, SlotConflict, SlotTaken
from resolvers.input_limits import check_length
from resolvers.lifecycle.recall_links import book_recall_if_possible
from resolvers.lifecycle.slot_guard import guard_slot
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.quick_fill import FreedSlot
from resolvers.waitlist.common import change, locked, require_offer
from resolvers.waitlist.linked_visit import lock_linked_visit, move_linked_visit
from scheduling.appointment_record import AppointmentSource
from scheduling.appointment_status import AppointmentStatus
from scheduling.conflicts import Booking
from scheduling.waitlist import WaitlistResponse, WaitlistStatus, response_target


@dataclass(frozen=True, slots=True)
class ResponseOutcome:
    """The entry a response changed, the appointment an acceptance booked or moved, the slot
    a moved visit freed, and whether the offered slot was lost (the entry waits again)."""

    entry_id: uuid.UUID
    appointment_id: uuid.UUID | None = None
    freed: FreedSlot | None = None
    slot_taken: bool = False

    def forget(self, loaders: Loaders) -> None:
        if self.appointment_id is not None:
            loaders.forget_appointment(self.appointment_id)


async def record_response(
    ctx: RequestContext,
    *,
    entry_id: uuid.UUID,
    base_version: int,
    response: WaitlistResponse,
    note: str | None,
    idempotency_key: str | None,
) -> ResponseOutcome:
    """ACCEPTED books the offered slot in the same transaction; others return it to waiting.

    A slot found taken (by the conflict check, or by the exclusion constraints when a
    concurrent booking won) rolls the acceptance back; the entry then waits again in a
    transaction of its own, which stores the SLOT_TAKEN outcome under the key: a retry must
    answer SLOT_TAKEN again, not run anew against the changed entry.
    """
    check_length(note, field="note")

    async def work(tx: Transaction) -> ResponseOutcome:
        connection = tx.connection
        row, target, now = await _checked_target(connection, ctx, entry_id, base_version, response)
        values: dict[str, Any] = {"status": target.value, "patient_response": response.value}
        if target is WaitlistStatus.SCHEDULED:
            return await _accept(tx, ctx, row, now, values, note)
        await change(tx, row, f"response_{response.value}", values)
        return ResponseOutcome(row.id)

    async def back_to_waiting(tx: Transaction) -> ResponseOutcome:
        connection = tx.connection
        row = await queries.lock_entry(
            connection, organization_id=ctx.viewer.organization_id, entry_id=entry_id, now=ctx.now
        )
        if row is not None and row.status == WaitlistStatus.OFFERED.value:
            values = {"status": WaitlistStatus.WAITING.value, "patient_response": "slot_taken"}
            await change(tx, row, "response_slot_taken", values)
        return ResponseOutcome(entry_id, slot_taken=True)

    async def slot_lost() -> SlotConflict:
        return SlotConflict("A concurrent booking took the offered slot", conflicts=())

    # Both transactions run under the response's key and input.
    run = partial(
        run_mutation,
        ctx,
        name="recordWaitlistResponse",
        outcome=ResponseOutcome,
        idempotency_key=idempotency_key,
        request={"id": str(entry_id), "v": base_version, "r": response.value, "note": note},
    )
    try:
        outcome = await run(work, exclusion=slot_lost)
    except SlotConflict:
        outcome = await run(back_to_waiting)
    if outcome.slot_taken:
        raise SlotTaken(
            "The offered slot is no longer free; the entry is waiting again", entry_id=entry_id
        )
    return outcome


async def _checked_target(
    connection: AsyncConnection,
    ctx: RequestContext,
    entry_id: uuid.UUID,
    base_version: int,
    response: WaitlistResponse,
) -> tuple[EntryRow, WaitlistStatus, datetime]:
    """The locked entry, the status the response moves it to, and the database's now; an
    acceptance of a lapsed offer is refused."""
    row, status = await locked(connection, ctx, entry_id, base_version)
    target = response_target(status, response)
    if target is None:
        raise InvalidTransition(
            f"A {status.upper()} entry cannot take a {response.upper()} response",
            field="response",
        )
    now = await booking_writes.database_now(connection)
    expires = row.offer_expires_at
    if target is WaitlistStatus.SCHEDULED and expires is not None and expires <= now:
        raise OfferExpired(
            f"The offer lapsed at {expires.isoformat()}; record EXPIRED or offer the slot again",
            field="response",
        )
    return row, target, now


async def _accept(
    tx: Transaction,
    ctx: RequestContext,
    row: EntryRow,
    now: datetime,
    values: dict[str, Any],
    note: str | None,
) -> ResponseOutcome:
    """ACCEPTED: move the entry's linked later visit to the offered slot, else book it; the
    entry's recall is booked by that visit when it can be."""
    connection = tx.connection
    extra: dict[str, Any] = {}
    freed: FreedSlot | None = None
    visit, stays = await lock_linked_visit(connection, row, now)
    if visit is not None:
        freed = await move_linked_visit(tx, ctx, row, visit)
        appointment_id = visit.id
        extra["moved_appointment_id"] = str(visit.id)
    else:
        appointment_id = await _book_offer(tx, row, note)
        if stays is not None:
            extra["linked_visit_kept_because"] = stays
    values["linked_appointment_id"] = appointment_id
    if row.recall_id is not None:
        problem = await book_recall_if_possible(
            connection,
            organization_id=row.organization_id,
            patient_id=row.patient_id,
            recall_id=row.recall_id,
            appointment_id=appointment_id,
        )
        extra["recall_booked"] = problem is None
        if problem is not None:
            extra["recall_not_booked_because"] = problem
    await change(tx, row, "scheduled", values, extra)
    return ResponseOutcome(row.id, appointment_id, freed)


async def _book_offer(tx: Transaction, row: EntryRow, note: str | None) -> uuid.UUID:
    """Book the entry's offered slot (the conflict rules of bookAppointment); the new id."""
    connection = tx.connection
    org = row.organization_id
    offer = await require_offer(connection, row)
    operatory = offer.operatory
    candidate = Booking(
        None,
        operatory.id,
        frozenset({offer.provider_id}),
        offer.start_at,
        offer.end_at,
        row.appointment_type_id,
        primary_provider_id=offer.provider_id,
    )
    overlap = await guard_slot(
        connection, organization_id=org, candidate=candidate, allow_overlap=False
    )
    appointment = await booking_writes.insert_appointment(
        connection,
        {
            "organization_id": org,
            "location_id": operatory.location_id,
            "operatory_id": operatory.id,
            "patient_id": row.patient_id,
            "appointment_type_id": row.appointment_type_id,
            "primary_provider_id": offer.provider_id,
            "confirmation_status_id": None,
            "start_at": offer.start_at,
            "end_at": offer.end_at,
            "status": AppointmentStatus.SCHEDULED,
            "hold_expires_at": None,
            "note": note if note is not None else row.note,
            "priority": row.priority,
            "production_amount": row.treatment_value or 0,
            "is_new_patient": False,
            "is_time_locked": False,
            # The visit performs its type's procedures (bookAppointment's default).
            "procedure_codes": type_procedure_codes(
                organization_id=org, appointment_type_id=row.appointment_type_id
            ),
            "allow_overlap": overlap,
            "overlap_by_rule": overlap,
            "version": 1,
            "source": AppointmentSource.WAITLIST.value,
            "modality": type_modality(
                organization_id=org, appointment_type_id=row.appointment_type_id
            ),
        },
    )
    booked_changes = {
        "status": {"before": None, "after": "scheduled"},
        "start_at": {"before": None, "after": offer.start_at.isoformat()},
        "end_at": {"before": None, "after": offer.end_at.isoformat()},
        "operatory_id": {"before": None, "after": str(operatory.id)},
        "provider_ids": {"before": None, "after": [str(offer.provider_id)]},
        "waitlist_entry_id": {"before": None, "after": str(row.id)},
        "source": {"before": None, "after": AppointmentSource.WAITLIST.value},
    }
    tx.journal.record(AppointmentAudit(appointment.id, "booked", booked_changes))
    booked: uuid.UUID = appointment.id
    return booked
