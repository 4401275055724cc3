"""bookAppointment: book directly, or hold a slot (confirmed by hold_confirm.py); and
plan_booking, the booking rules bookAppointment and importAppointments share (the insert they
share: booking_write.write_bookings)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncConnection

from db.audit_journal import AppointmentAudit
from db.queries import booking as writes
from db.rows.practice import AppointmentTypeRow
from db.rows.recalls import RecallRow
from resolvers.access_rules import BOOKABLE_ONLINE
from resolvers.context import RequestContext
from resolvers.errors import (
    Validation,
)
from resolvers.input_limits import check_length
from resolvers.lifecycle.booking_reads import BookingReads
from resolvers.lifecycle.booking_write import PlannedBooking, write_bookings
from resolvers.lifecycle.details import checked_details
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.recall_links import lock_linkable
from resolvers.lifecycle.slot_guard import BusyReads, CandidateSlot, guard_slot
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.recalls.common import check_procedure_codes
from resolvers.setup.offers import check_type_offered
from resolvers.setup.provider_locations import check_providers_work_at
from resolvers.wall_clock import SLOT, LocalSlot, resolve_slot
from scheduling.appointment_record import CREATABLE, AppointmentSource, source_of_role
from scheduling.appointment_status import BLOCKING, AppointmentStatus
from scheduling.conflicts import Booking
from scheduling.local_time import zone_named
from scheduling.policy import bookable_range
from scheduling.practice_kinds import Modality

DEFAULT_LENGTH = timedelta(minutes=30)  # when neither an end time nor a type says otherwise
START_TIME = (*SLOT, "startTime")  # where the input holds the booked start


@dataclass(frozen=True, slots=True)
class BookingRequest:
    """A new appointment as a client asks for it."""

    patient_id: uuid.UUID
    location_id: uuid.UUID
    operatory_id: uuid.UUID
    provider_ids: tuple[uuid.UUID, ...]
    slot: LocalSlot
    appointment_type_id: uuid.UUID | None = None
    confirmation_status_id: uuid.UUID | None = None
    note: str | None = None
    priority: int = 0
    is_new_patient: bool = False
    allow_overlap: bool = False
    hold: bool = False
    patient_recall_ids: tuple[uuid.UUID, ...] = ()
    # None: the appointment type's codes (none without a type).
    procedure_codes: tuple[str, ...] | None = None
    # SCHEDULED, or created as PLANNED, UNSCHEDULED or PINBOARD (a HOLD is `hold`).
    status: AppointmentStatus = AppointmentStatus.SCHEDULED
    # The record's details given (resolvers/lifecycle/details.py): column -> value.
    details: dict[str, Any] = field(default_factory=dict)


def _check_request(request: BookingRequest) -> None:
    # What a patient may not ask for is declared with bookAppointment's Access
    # (resolvers/access.py BOOKING_RULES) and checked before this runs.
    if not -100 <= request.priority <= 100:
        raise Validation("priority must be between -100 and 100", field="priority")
    check_length(request.note, field="note")
    if request.status not in CREATABLE:
        raise Validation(
            "status must be SCHEDULED, PLANNED, UNSCHEDULED or PINBOARD (a hold: hold: true)",
            field="status",
        )
    if request.hold and request.status is not AppointmentStatus.SCHEDULED:
        raise Validation("A hold is always for a scheduled visit", field="status")


@dataclass(frozen=True, slots=True)
class CheckedBooking:
    """A booking request that passed the checks needing no database, with its values as
    they are written."""

    request: BookingRequest
    procedure_codes: tuple[str, ...] | None  # None: the type's
    details: dict[str, Any]


def check_booking(request: BookingRequest) -> CheckedBooking:
    """The input's rules that need no database (ClientError if broken)."""
    _check_request(request)
    asked_codes = (
        check_procedure_codes(request.procedure_codes, "procedureCodes")
        if request.procedure_codes is not None
        else None
    )
    return CheckedBooking(request, asked_codes, checked_details(request.details))


async def book_appointment(
    ctx: RequestContext, request: BookingRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Create a scheduled appointment, or a hold that blocks the slot until it expires."""
    checked = check_booking(request)
    org = ctx.viewer.organization_id
    booking = CandidateSlot(ctx)

    async def work(tx: Transaction) -> AppointmentOutcome:
        connection = tx.connection
        planned = await plan_booking(
            connection,
            ctx,
            checked,
            reads=BookingReads(connection, org),
            slot=booking,
            source=source_of_role(ctx.viewer.role.value),
        )
        (booked,) = await write_bookings(connection, org, [planned])
        tx.journal.record(AppointmentAudit(booked.row.id, booked.action, booked.changes))
        return AppointmentOutcome((booked.row.id,))

    return await run_mutation(
        ctx,
        work,
        name="bookAppointment",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request=asdict(request),
        exclusion=booking.conflict,
    )


@dataclass(frozen=True, slots=True)
class _Placed:
    """What a booking's references say about it: its type, confirmation, recalls and slot."""

    kind: AppointmentTypeRow | None
    confirmed: bool
    recalls: list[RecallRow]
    candidate: Booking


async def _place(
    connection: AsyncConnection, ctx: RequestContext, request: BookingRequest, reads: BookingReads
) -> _Placed:
    """Check every reference of the booking and resolve its local slot to instants."""
    location = await reads.location(request.location_id)
    await reads.operatory(request.operatory_id, location_id=location.id)
    await reads.patient(request.patient_id)
    await reads.providers(request.provider_ids)
    await check_providers_work_at(reads.links, request.provider_ids, request.location_id)
    recalls = await lock_linkable(
        connection,
        organization_id=ctx.viewer.organization_id,
        patient_id=request.patient_id,
        recall_ids=request.patient_recall_ids,
        field="patientRecallIds",
    )
    kind, length = await _booked_type(reads, ctx, request)
    confirmed = False
    if request.confirmation_status_id is not None:
        confirmation = await reads.confirmation_status(request.confirmation_status_id)
        confirmed = confirmation.is_confirmed
    start_at, end_at = resolve_slot(
        request.slot, zone_named(location.time_zone), default_length=length
    )
    if ctx.viewer.is_patient and start_at <= ctx.now:
        raise Validation("The appointment must start in the future", field=START_TIME)
    if ctx.viewer.is_patient and kind is not None:
        check_booking_window(start_at, kind, ctx.now)
    candidate = Booking(
        None,
        request.operatory_id,
        frozenset(request.provider_ids),
        start_at,
        end_at,
        request.appointment_type_id,
        primary_provider_id=request.provider_ids[0],
    )
    return _Placed(kind, confirmed, recalls, candidate)


async def plan_booking(
    connection: AsyncConnection,
    ctx: RequestContext,
    checked: CheckedBooking,
    *,
    reads: BookingReads,
    slot: CandidateSlot,
    source: AppointmentSource,
    external_id: str | None = None,
    busy: BusyReads | None = None,
) -> PlannedBooking:
    """Check what the booking refers to and its slot (bookAppointment's rules); the row to
    write (write_bookings). `slot` remembers the candidate, for explaining an exclusion
    violation; `busy`: where the slot rules read (default: the transaction)."""
    request = checked.request
    placed = await _place(connection, ctx, request, reads)
    candidate, kind = placed.candidate, placed.kind
    slot.remember(candidate)
    status = AppointmentStatus.HOLD if request.hold else request.status
    # Off the grid (UNSCHEDULED, PINBOARD) the wished-for time takes no slot: placing it
    # later checks the slot (placeFromPinboard).
    overlap = (
        await guard_slot(
            connection,
            organization_id=ctx.viewer.organization_id,
            candidate=candidate,
            allow_overlap=request.allow_overlap,
            schedules=reads,
            busy=busy,
        )
        if status in BLOCKING
        else request.allow_overlap
    )
    if checked.procedure_codes is not None:
        procedure_codes = list(checked.procedure_codes)
    else:
        procedure_codes = list(kind.procedure_codes) if kind is not None else []
    values = {
        "id": uuid.uuid4(),
        **_new_row(ctx, request, checked.details, kind, source),
        "start_at": candidate.start_at,
        "end_at": candidate.end_at,
        "status": status,
        "procedure_codes": procedure_codes,
        "allow_overlap": overlap,
        "overlap_by_rule": overlap and not request.allow_overlap,
        "confirmed_at": func.now() if placed.confirmed else None,
        "external_id": external_id,
    }
    return PlannedBooking(values, request, status, candidate, placed.recalls, procedure_codes)


def _new_row(
    ctx: RequestContext,
    request: BookingRequest,
    details: dict[str, Any],
    kind: AppointmentTypeRow | None,
    source: AppointmentSource,
) -> dict[str, Any]:
    """The new row's columns that neither the slot nor the status decide; the modality is
    the type's unless the booking names one."""
    return {
        "organization_id": ctx.viewer.organization_id,
        "location_id": request.location_id,
        "operatory_id": request.operatory_id,
        "patient_id": request.patient_id,
        "appointment_type_id": request.appointment_type_id,
        "primary_provider_id": request.provider_ids[0],
        "confirmation_status_id": request.confirmation_status_id,
        "hold_expires_at": writes.hold_expiry(ctx.hold_minutes) if request.hold else None,
        "note": request.note,
        "priority": request.priority,
        "production_amount": 0,
        "is_new_patient": request.is_new_patient,
        "is_time_locked": False,
        "version": 1,
        "source": source.value,
        "modality": kind.modality if kind is not None else Modality.IN_PERSON.value,
        **details,
    }


async def _booked_type(
    reads: BookingReads, ctx: RequestContext, request: BookingRequest
) -> tuple[AppointmentTypeRow | None, timedelta]:
    """The appointment type booked, if any, and the length it gives the visit; a patient
    must name a type that may be booked online, and the location and primary provider must
    offer it."""
    if request.appointment_type_id is None:  # a patient's names one (BOOKING_RULES)
        return None, DEFAULT_LENGTH
    kind = await reads.appointment_type(request.appointment_type_id)
    BOOKABLE_ONLINE.check(ctx.viewer, kind.bookable_online)
    await check_type_offered(
        reads.links,
        kind.id,
        location_id=request.location_id,
        provider_id=request.provider_ids[0],
    )
    return kind, timedelta(minutes=kind.duration_minutes)


def check_booking_window(start_at: datetime, kind: AppointmentTypeRow, now: datetime) -> None:
    """A patient books after the type's lead time and within its booking window."""
    earliest, latest = bookable_range(now, kind.booking_lead_time_hours, kind.booking_window_days)
    if start_at < earliest:
        raise Validation(
            f"This visit must be booked at least {kind.booking_lead_time_hours} hours ahead",
            field=START_TIME,
        )
    if start_at >= latest:
        raise Validation(
            f"This visit can be booked at most {kind.booking_window_days} days ahead",
            field=START_TIME,
        )
