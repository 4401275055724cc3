"""Responses to an offer: ACCEPTED books the slot (or moves the entry's later visit there);
the others, or a lost slot, mean waiting."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.idempotency import claim_key, request_hash, store_response
from db.queries import booking as booking_writes
from db.queries import waitlist as queries
from db.queries.practice import type_procedure_codes
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, NotFound, SlotConflict, Validation
from resolvers.lifecycle.recall_links import book_recall_if_possible
from resolvers.lifecycle.runner import Outcome, run_mutation
from resolvers.lifecycle.slot_guard import guard_slot
from resolvers.waitlist.common import (
    FOREIGN_KEY_VIOLATION,
    OfferExpired,
    SlotTaken,
    change,
    locked,
    require_offered_operatory,
)
from resolvers.waitlist.linked_visit import lock_linked_visit, move_linked_visit
from scheduling.appointment_status import AppointmentStatus
from scheduling.conflicts import Booking
from scheduling.waitlist import WaitlistResponse, WaitlistStatus, response_target


@dataclass(frozen=True, slots=True)
class ResponseOutcome:
    """The entry a response changed, the appointment an acceptance booked or moved, and the
    slot a moved visit freed (JSON-ready, see FreedSlot.from_json)."""

    entry_id: uuid.UUID
    appointment_id: uuid.UUID | None = None
    freed: dict[str, Any] | None = None


async def record_response(
    ctx: RequestContext,
    *,
    entry_id: uuid.UUID,
    base_version: int,
    response: WaitlistResponse,
    note: str | None,
    idempotency_key: str | None,
) -> ResponseOutcome:
    """ACCEPTED books the offered slot in the same transaction; others return it to waiting."""
    if note is not None and len(note) > 2000:
        raise Validation("note may be at most 2000 characters", field="note")
    candidate: Booking | None = None

    def remember(value: Booking) -> None:
        nonlocal candidate
        candidate = value

    async def work(connection: AsyncConnection) -> Outcome:
        row, target, now = await _checked_target(connection, ctx, entry_id, base_version, response)
        values: dict[str, Any] = {"status": target.value, "patient_response": response.value}
        if target is WaitlistStatus.SCHEDULED:
            return await _accept(connection, ctx, row, now, values, note, remember)
        await change(connection, ctx, row, f"response_{response.value}", values)
        return Outcome((), {"entry_id": str(row.id)})

    name = "recordWaitlistResponse"
    request = {"id": str(entry_id), "v": base_version, "r": response.value, "note": note}
    slot_taken = SlotTaken(
        "The offered slot is no longer free; the entry is waiting again", entry_id=entry_id
    )
    try:
        outcome = await run_mutation(
            ctx,
            name=name,
            idempotency_key=idempotency_key,
            request=request,
            work=work,
            candidate_factory=lambda: candidate,
        )
    except SlotConflict as exc:
        await _back_to_waiting(ctx, entry_id, Keyed(name, idempotency_key, request))
        raise slot_taken from exc
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == FOREIGN_KEY_VIOLATION:
            raise NotFound("Something the entry refers to no longer exists") from exc
        raise
    if outcome.extra.get("slot_taken"):  # a retry of an acceptance that lost its slot
        raise slot_taken
    appointment = outcome.appointment_ids[0] if outcome.appointment_ids else None
    return ResponseOutcome(
        uuid.UUID(outcome.extra["entry_id"]), appointment, outcome.extra.get("freed")
    )


async def _checked_target(
    connection: AsyncConnection,
    ctx: RequestContext,
    entry_id: uuid.UUID,
    base_version: int,
    response: WaitlistResponse,
) -> tuple[Row[Any], WaitlistStatus, datetime]:
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
    lapsed = row.offer_expires_at is not None and row.offer_expires_at <= now
    if target is WaitlistStatus.SCHEDULED and lapsed:
        raise OfferExpired(
            f"The offer lapsed at {row.offer_expires_at.isoformat()}; record EXPIRED or "
            "offer the slot again",
            field="response",
        )
    return row, target, now


async def _accept(
    connection: AsyncConnection,
    ctx: RequestContext,
    row: Row[Any],
    now: datetime,
    values: dict[str, Any],
    note: str | None,
    remember: Callable[[Booking], None],
) -> Outcome:
    """ACCEPTED: move the entry's linked later visit to the offered slot, else book it; the
    entry's recall is booked by that visit when it can be."""
    extra: dict[str, Any] = {}
    result: dict[str, Any] = {"entry_id": str(row.id)}
    visit, stays = await lock_linked_visit(connection, row, now)
    if visit is not None:
        result["freed"] = await move_linked_visit(connection, ctx, row, visit, remember)
        appointment_id = visit.id
        extra["moved_appointment_id"] = str(visit.id)
    else:
        appointment_id = await _book_offer(connection, ctx, row, note, remember)
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
    await change(connection, ctx, row, "scheduled", values, extra)
    return Outcome((appointment_id,), result)


async def _book_offer(
    connection: AsyncConnection,
    ctx: RequestContext,
    row: Row[Any],
    note: str | None,
    remember: Callable[[Booking], None],
) -> uuid.UUID:
    """Book the entry's offered slot (the conflict rules of bookAppointment); the new id."""
    org = row.organization_id
    operatory = await require_offered_operatory(connection, row)
    candidate = Booking(
        None,
        operatory.id,
        frozenset({row.offered_provider_id}),
        row.offered_start_at,
        row.offered_end_at,
        row.appointment_type_id,
        primary_provider_id=row.offered_provider_id,
    )
    remember(candidate)
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
            "primary_provider_id": row.offered_provider_id,
            "confirmation_status_id": None,
            "start_at": row.offered_start_at,
            "end_at": row.offered_end_at,
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
        },
    )
    await booking_writes.record_history(
        connection,
        organization_id=org,
        appointment_id=appointment.id,
        actor=ctx.viewer.subject,
        action="booked",
        changes={
            "status": {"before": None, "after": "scheduled"},
            "start_at": {"before": None, "after": row.offered_start_at.isoformat()},
            "end_at": {"before": None, "after": row.offered_end_at.isoformat()},
            "operatory_id": {"before": None, "after": str(operatory.id)},
            "provider_ids": {"before": None, "after": [str(row.offered_provider_id)]},
            "waitlist_entry_id": {"before": None, "after": str(row.id)},
        },
    )
    booked: uuid.UUID = appointment.id
    return booked


@dataclass(frozen=True, slots=True)
class Keyed:
    """The idempotency key of a response and the request it fingerprints."""

    name: str
    key: str | None
    request: dict[str, Any]


async def _back_to_waiting(ctx: RequestContext, entry_id: uuid.UUID, keyed: Keyed) -> None:
    """After a lost slot: the entry (if still offered) waits again, with its history.

    The response's key is stored here with a SLOT_TAKEN outcome: the keyed transaction rolled
    back, and a retry must answer SLOT_TAKEN again, not run anew against the changed entry.
    """
    viewer = ctx.viewer
    async with ctx.db.transaction() as connection:
        if keyed.key is not None:
            claim = await claim_key(
                connection,
                organization_id=viewer.organization_id,
                actor=viewer.subject,
                key=keyed.key,
                mutation=keyed.name,
                fingerprint=request_hash(keyed.name, keyed.request),
            )
            if claim.is_new:
                taken = Outcome((), {"entry_id": str(entry_id), "slot_taken": True})
                await store_response(
                    connection,
                    organization_id=viewer.organization_id,
                    actor=viewer.subject,
                    key=keyed.key,
                    response=taken.as_json(),
                )
        row = await queries.lock_entry(
            connection, organization_id=viewer.organization_id, entry_id=entry_id
        )
        if row is None or row.status != WaitlistStatus.OFFERED.value:
            return
        await change(
            connection,
            ctx,
            row,
            "response_slot_taken",
            {"status": WaitlistStatus.WAITING.value, "patient_response": "slot_taken"},
        )
