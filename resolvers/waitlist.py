"""Waitlist entries: list, add, update, contact, offer, respond (booking), remove."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.idempotency import claim_key, request_hash, store_response
from db.models import Operatory
from db.queries import booking as booking_writes
from db.queries import waitlist as queries
from resolvers.context import RequestContext
from resolvers.errors import (
    ClientError,
    Forbidden,
    InvalidTransition,
    NotFound,
    SlotConflict,
    Validation,
    VersionConflict,
)
from resolvers.idempotent import Work, run_idempotent
from resolvers.lifecycle import references
from resolvers.lifecycle.recall_links import book_recall_if_possible, lock_linkable
from resolvers.lifecycle.runner import Outcome, run_mutation
from resolvers.lifecycle.slot_guard import guard_slot
from resolvers.viewer import Role
from resolvers.waitlist_cursor import decode_cursor, encode_cursor
from scheduling.appointment_status import AppointmentStatus
from scheduling.conflicts import Booking
from scheduling.waitlist import (
    ACTIVE,
    WaitlistResponse,
    WaitlistStatus,
    accepts_location,
    can_transition,
    effective_status,
    response_target,
)

UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"
MAX_PAGE = 100
MAX_BULK = 100
_MAX_LENGTH = timedelta(hours=12)


class Duplicate(ClientError):
    """The patient already has an active entry for this location and type."""

    code = "DUPLICATE"


class SlotTaken(ClientError):
    """The offered slot is no longer free; the entry went back to waiting."""

    code = "SLOT_TAKEN"

    def __init__(self, message: str, *, entry_id: uuid.UUID) -> None:
        super().__init__(message)
        self.entry_id = entry_id


class OfferExpired(ClientError):
    """The offer lapsed before the patient accepted; record EXPIRED or offer again."""

    code = "OFFER_EXPIRED"


def require_staff(ctx: RequestContext) -> uuid.UUID:
    """The organization; FORBIDDEN for patients (the waitlist is the practice's)."""
    if ctx.viewer.role not in (Role.STAFF, Role.INTEGRATION):
        raise Forbidden("Only staff and integrations may use the waitlist")
    return ctx.viewer.organization_id


async def entries_by_ids(ctx: RequestContext, ids: Sequence[uuid.UUID]) -> list[Row[Any] | None]:
    """Entries by id in the given order (None when missing, foreign, or for patients)."""
    if ctx.viewer.role not in (Role.STAFF, Role.INTEGRATION) or not ids:
        return [None for _ in ids]
    rows = await queries.entries_by_ids(ctx.db, organization_id=ctx.viewer.organization_id, ids=ids)
    found = {row.id: row for row in rows}
    return [found.get(ident) for ident in ids]


@dataclass(frozen=True, slots=True)
class EntryPage:
    """One page of entries, whether more follow, and the cursor after its last row."""

    rows: Sequence[Row[Any]]
    has_next_page: bool
    end_cursor: str | None


async def list_entries(
    ctx: RequestContext, *, where: queries.EntryFilter, sort: str, first: int, after: str | None
) -> EntryPage:
    """One page of entries after the cursor (a keyset: rows added or changed meanwhile cause
    no duplicates or skips of the others)."""
    org = require_staff(ctx)
    if not 1 <= first <= MAX_PAGE:
        raise Validation(f"first must be 1 to {MAX_PAGE}", field="first")
    keyset = decode_cursor(sort, after) if after is not None else None
    rows = await queries.list_entries(
        ctx.db, organization_id=org, where=where, sort=sort, after=keyset, limit=first + 1
    )
    page = rows[:first]
    end_cursor = encode_cursor(sort, queries.keyset_of(page[-1], sort)) if page else None
    return EntryPage(page, len(rows) > first, end_cursor)


@dataclass(frozen=True, slots=True)
class EntryFields:
    """Entry fields a client sets (None: unset / keep)."""

    provider_id: uuid.UUID | None = None
    appointment_type_id: uuid.UUID | None = None
    location_scope: str | None = None
    additional_location_ids: tuple[uuid.UUID, ...] | None = None
    estimated_duration_minutes: int | None = None
    date_from: Any = None
    date_to: Any = None
    preferred_days: tuple[int, ...] | None = None
    preferred_start_time: time | None = None
    preferred_end_time: time | None = None
    urgency: str | None = None
    priority: int | None = None
    treatment_value: Decimal | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class NewEntry:
    """addToWaitlist's input."""

    patient_id: uuid.UUID
    home_location_id: uuid.UUID
    fields: EntryFields
    source: str = "manual"
    linked_appointment_id: uuid.UUID | None = None
    recall_id: uuid.UUID | None = None


def _check_fields(f: EntryFields) -> None:
    if f.estimated_duration_minutes is not None and not 5 <= f.estimated_duration_minutes <= 480:
        raise Validation(
            "estimatedDurationMinutes must be 5 to 480", field="estimatedDurationMinutes"
        )
    if f.date_from is not None and f.date_to is not None and f.date_to < f.date_from:
        raise Validation("dateTo must not be before dateFrom", field="dateTo")
    if f.preferred_days is not None and any(not 1 <= d <= 7 for d in f.preferred_days):
        raise Validation("preferredDays are ISO weekdays 1 (Monday) to 7", field="preferredDays")
    if (
        f.preferred_start_time is not None
        and f.preferred_end_time is not None
        and f.preferred_end_time <= f.preferred_start_time
    ):
        raise Validation(
            "preferredEndTime must be after preferredStartTime", field="preferredEndTime"
        )
    if f.priority is not None and not -100 <= f.priority <= 100:
        raise Validation("priority must be between -100 and 100", field="priority")
    if f.treatment_value is not None and (
        not f.treatment_value.is_finite() or not 0 <= f.treatment_value <= 10_000_000
    ):
        raise Validation("treatmentValue must be 0 to 10000000", field="treatmentValue")
    if f.note is not None and len(f.note) > 2000:
        raise Validation("note may be at most 2000 characters", field="note")


async def _check_references(connection: AsyncConnection, org: uuid.UUID, f: EntryFields) -> None:
    if f.provider_id is not None:
        await references.require_providers(connection, org, (f.provider_id,), field="providerId")
    if f.appointment_type_id is not None:
        await references.require_type(connection, org, f.appointment_type_id)
    for location_id in f.additional_location_ids or ():
        await references.require(
            connection,
            references.Location,
            organization_id=org,
            ident=location_id,
            field="additionalLocationIds",
            label="location",
        )


def _values(f: EntryFields) -> dict[str, Any]:
    values = {
        key: getattr(f, key)
        for key in EntryFields.__dataclass_fields__
        if getattr(f, key) is not None
    }
    for key in ("additional_location_ids", "preferred_days"):
        if key in values:
            values[key] = list(values[key])
    return values


def _plain(value: Any) -> Any:
    """JSON-ready: numbers, strings and None as they are, lists item by item, times in ISO."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in values.items()}


async def _run(
    ctx: RequestContext, name: str, key: str | None, request: dict[str, Any], work: Work
) -> uuid.UUID:
    """Run a waitlist mutation; the active-entry unique index becomes DUPLICATE."""
    try:
        result = await run_idempotent(
            ctx, name=name, idempotency_key=key, request=request, work=work
        )
    except IntegrityError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        if state == UNIQUE_VIOLATION:
            raise Duplicate(
                "The patient already has an active waitlist entry for this location and type",
                field="appointmentTypeId",
            ) from exc
        if state == FOREIGN_KEY_VIOLATION:
            raise NotFound("Something the entry refers to no longer exists") from exc
        raise
    return uuid.UUID(result["entry_id"])


async def add_entry(
    ctx: RequestContext, new: NewEntry, *, idempotency_key: str | None
) -> uuid.UUID:
    """Create a waiting entry."""
    org = require_staff(ctx)
    f = new.fields
    _check_fields(f)
    scope = f.location_scope or "home_only"
    if scope == "selected" and not f.additional_location_ids:
        raise Validation(
            "A SELECTED scope needs additionalLocationIds", field="additionalLocationIds"
        )

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        await references.require_patient(connection, org, new.patient_id)
        await references.require(
            connection,
            references.Location,
            organization_id=org,
            ident=new.home_location_id,
            field="homeLocationId",
            label="location",
        )
        await _check_references(connection, org, f)
        if new.linked_appointment_id is not None:
            linked = await booking_writes.lock_appointment(
                connection, organization_id=org, appointment_id=new.linked_appointment_id
            )
            if linked is None:
                raise NotFound("No appointment with this ID", field="linkedAppointmentId")
        if new.recall_id is not None:
            # An entry may come from a recall that already has a later visit: it looks for an
            # earlier one, so a booked recall is fine (takeover).
            await lock_linkable(
                connection,
                organization_id=org,
                patient_id=new.patient_id,
                recall_ids=(new.recall_id,),
                field="patientRecallId",
                takeover=True,
            )
        values = {
            **_values(f),
            "organization_id": org,
            "patient_id": new.patient_id,
            "home_location_id": new.home_location_id,
            "location_scope": scope,
            "urgency": f.urgency or "routine",
            "source": "recall" if new.recall_id is not None else new.source,
            "linked_appointment_id": new.linked_appointment_id,
            "recall_id": new.recall_id,
            "status": WaitlistStatus.WAITING.value,
        }
        entry_id = await queries.insert_entry(connection, values)
        await queries.record_history(
            connection,
            organization_id=org,
            entry_id=entry_id,
            actor=ctx.viewer.subject,
            action="added",
            before=None,
            after=_json({k: v for k, v in values.items() if k != "organization_id"}),
        )
        return {"entry_id": str(entry_id)}

    request = {"patient": str(new.patient_id), "location": str(new.home_location_id),
               "source": new.source, "linked": str(new.linked_appointment_id),
               "recall": str(new.recall_id),
               **_json(_values(f))}  # fmt: skip
    return await _run(ctx, "addToWaitlist", idempotency_key, request, work)


async def _locked(
    connection: AsyncConnection,
    ctx: RequestContext,
    entry_id: uuid.UUID,
    base_version: int | None,
) -> tuple[Row[Any], WaitlistStatus]:
    row = await queries.lock_entry(
        connection, organization_id=ctx.viewer.organization_id, entry_id=entry_id
    )
    if row is None:
        raise NotFound("No waitlist entry with this ID", field="waitlistEntryId")
    if base_version is not None and row.version != base_version:
        raise VersionConflict(
            f"The entry is at version {row.version}, not {base_version}", field="baseVersion"
        )
    return row, effective_status(row, queries.today_of(row))


def _transition(current: WaitlistStatus, target: WaitlistStatus) -> None:
    if not can_transition(current, target):
        raise InvalidTransition(
            f"A {current.upper()} entry cannot become {target.upper()}", field="waitlistEntryId"
        )


async def _change(
    connection: AsyncConnection,
    ctx: RequestContext,
    row: Row[Any],
    action: str,
    values: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> None:
    """Write the change and its history (before/after of the fields changed)."""
    await queries.update_entry(connection, entry_id=row.id, values=values)
    await queries.record_history(
        connection,
        organization_id=row.organization_id,
        entry_id=row.id,
        actor=ctx.viewer.subject,
        action=action,
        before=_json({key: getattr(row, key) for key in values}),
        after={**_json(values), **(extra or {})},
    )


async def update_entry(
    ctx: RequestContext,
    *,
    entry_id: uuid.UUID,
    base_version: int,
    fields: EntryFields,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Change an active entry's preferences."""
    org = require_staff(ctx)
    _check_fields(fields)

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        row, status = await _locked(connection, ctx, entry_id, base_version)
        if status not in ACTIVE:
            raise InvalidTransition(f"A {status.upper()} entry cannot be changed")
        await _check_references(connection, org, fields)
        # Only real changes: a field sent with its current value is neither history nor a
        # new version (as updateAppointment does).
        values = {k: v for k, v in _values(fields).items() if getattr(row, k) != v}
        date_to = values.get("date_to", row.date_to)
        date_from = values.get("date_from", row.date_from)
        if date_to is not None and date_from is not None and date_to < date_from:
            raise Validation("dateTo must not be before dateFrom", field="dateTo")
        start = values.get("preferred_start_time", row.preferred_start_time)
        end = values.get("preferred_end_time", row.preferred_end_time)
        if start is not None and end is not None and end <= start:
            raise Validation(
                "preferredEndTime must be after preferredStartTime", field="preferredEndTime"
            )
        if values:
            await _change(connection, ctx, row, "updated", values)
        return {"entry_id": str(row.id)}

    request = {"id": str(entry_id), "v": base_version, **_json(_values(fields))}
    return await _run(ctx, "updateWaitlistEntry", idempotency_key, request, work)


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
    org = require_staff(ctx)
    if contact.note is not None and len(contact.note) > 2000:
        raise Validation("note may be at most 2000 characters", field="note")

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        row, status = await _locked(connection, ctx, contact.entry_id, contact.base_version)
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
        await _change(connection, ctx, row, "contacted", values)
        return {"entry_id": str(row.id)}

    # Raw values: str() would make a missing note and the note "None" the same input.
    request = {name: getattr(contact, name) for name in ContactInput.__dataclass_fields__}
    return await _run(ctx, "logWaitlistContact", idempotency_key, request, work)


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
    org = require_staff(ctx)
    for name, value in (("startAt", offer.start_at), ("endAt", offer.end_at)):
        if value.tzinfo is None:
            raise Validation(f"{name} needs a UTC offset", field=name)
    if offer.end_at <= offer.start_at:
        raise Validation("endAt must be after startAt", field="endAt")
    if offer.end_at - offer.start_at > _MAX_LENGTH:
        raise Validation("The slot may be at most 12 hours long", field="endAt")

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        row, status = await _locked(connection, ctx, offer.entry_id, offer.base_version)
        _transition(status, WaitlistStatus.OFFERED)
        operatory = await references.require(
            connection,
            Operatory,
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
        await _change(
            connection,
            ctx,
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
        return {"entry_id": str(row.id)}

    request = {name: getattr(offer, name) for name in OfferInput.__dataclass_fields__}
    return await _run(ctx, "offerWaitlistSlot", idempotency_key, request, work)


@dataclass(frozen=True, slots=True)
class ResponseOutcome:
    """The entry a response changed, and the appointment an acceptance booked."""

    entry_id: uuid.UUID
    appointment_id: uuid.UUID | None = None
    extra: dict[str, Any] = field(default_factory=dict)


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
    require_staff(ctx)
    if note is not None and len(note) > 2000:
        raise Validation("note may be at most 2000 characters", field="note")
    candidate: Booking | None = None

    def remember(value: Booking) -> None:
        nonlocal candidate
        candidate = value

    async def work(connection: AsyncConnection) -> Outcome:
        row, status = await _locked(connection, ctx, entry_id, base_version)
        target = response_target(status, response)
        if target is None:
            raise InvalidTransition(
                f"A {status.upper()} entry cannot take a {response.upper()} response",
                field="response",
            )
        lapsed = row.offer_expires_at is not None and row.offer_expires_at <= (
            await booking_writes.database_now(connection)
        )
        if target is WaitlistStatus.SCHEDULED and lapsed:
            raise OfferExpired(
                f"The offer lapsed at {row.offer_expires_at.isoformat()}; record EXPIRED or "
                "offer the slot again",
                field="response",
            )
        values: dict[str, Any] = {"status": target.value, "patient_response": response.value}
        if target is WaitlistStatus.SCHEDULED:
            appointment_id = await _book_offer(connection, ctx, row, note, remember)
            values["linked_appointment_id"] = appointment_id
            extra: dict[str, Any] = {}
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
            await _change(connection, ctx, row, "scheduled", values, extra)
            return Outcome((appointment_id,), {"entry_id": str(row.id)})
        await _change(connection, ctx, row, f"response_{response.value}", values)
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
    return ResponseOutcome(uuid.UUID(outcome.extra["entry_id"]), appointment)


async def _book_offer(
    connection: AsyncConnection,
    ctx: RequestContext,
    row: Row[Any],
    note: str | None,
    remember: Callable[[Booking], None],
) -> uuid.UUID:
    """Book the entry's offered slot (the conflict rules of bookAppointment); the new id."""
    org = row.organization_id
    operatory = await references.require(
        connection,
        Operatory,
        organization_id=org,
        ident=row.offered_operatory_id,
        field="waitlistEntryId",
        label="offered operatory",
    )
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
        await _change(
            connection,
            ctx,
            row,
            "response_slot_taken",
            {"status": WaitlistStatus.WAITING.value, "patient_response": "slot_taken"},
        )


async def remove_entries(
    ctx: RequestContext,
    *,
    entry_ids: Sequence[uuid.UUID],
    base_version: int | None,
    reason: str | None,
    idempotency_key: str | None,
    bulk: bool,
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Remove active entries; (removed, skipped). A single removal raises instead of skipping."""
    require_staff(ctx)
    if bulk and not 1 <= len(entry_ids) <= MAX_BULK:
        raise Validation(f"Give 1 to {MAX_BULK} entries", field="waitlistEntryIds")
    if reason is not None and len(reason) > 2000:
        raise Validation("reason may be at most 2000 characters", field="reason")
    unique = list(dict.fromkeys(entry_ids))

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        removed: list[str] = []
        skipped: list[str] = []
        for ident in sorted(unique):  # a fixed lock order: no deadlocks between bulks
            try:
                row, status = await _locked(connection, ctx, ident, base_version)
                _transition(status, WaitlistStatus.REMOVED)
            except ClientError:
                if not bulk:
                    raise
                skipped.append(str(ident))
                continue
            await _change(
                connection,
                ctx,
                row,
                "removed",
                {"status": WaitlistStatus.REMOVED.value},
                {"reason": reason},
            )
            removed.append(str(ident))
        order = {str(ident): n for n, ident in enumerate(unique)}
        removed.sort(key=order.__getitem__)
        skipped.sort(key=order.__getitem__)
        return {"entry_id": removed[0] if removed else str(uuid.UUID(int=0)),
                "removed": removed, "skipped": skipped}  # fmt: skip

    name = "bulkRemoveFromWaitlist" if bulk else "removeFromWaitlist"
    request = {"ids": [str(i) for i in unique], "v": base_version, "reason": reason}
    result = await run_idempotent(
        ctx, name=name, idempotency_key=idempotency_key, request=request, work=work
    )
    return (
        [uuid.UUID(i) for i in result["removed"]],
        [uuid.UUID(i) for i in result["skipped"]],
    )
