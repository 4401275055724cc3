"""Demo bookings as appointment, additional-provider, procedure and history rows."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from db.demo import names
from db.demo.calendar import DemoCalendar
from db.demo.catalog import APPOINTMENT_REASONS, TYPES_BY_N, Row, operatory_ids
from db.demo.ids import (
    DEMO_ORG_ID,
    MAIN_LOCATION_ID,
    ZONES,
    demo_id,
)
from db.demo.schedule import Booking
from scheduling.appointment_status import AppointmentStatus
from scheduling.local_time import resolve_local_time, zone_named

SEED_ACTOR = "demo-seed"
# Every this-many-th visit (by number) that is complete carries procedure records.
PROCEDURE_EVERY = 10
TYPES_BY_N_ID = {demo_id("appointment-type", n): kind for n, kind in TYPES_BY_N.items()}


@dataclass(frozen=True, slots=True)
class Schedule:
    """The appointment rows and their additional providers, procedures and history."""

    appointments: list[Row]
    appointment_providers: list[Row]
    appointment_procedures: list[Row]
    appointment_history: list[Row]


def appointment_rows(
    rng: random.Random, bookings: list[Booking], calendar: DemoCalendar
) -> Schedule:
    """Turn bookings into rows, numbered in (start, location, operatory) order.

    The order is the one the starts have at REFERENCE_ANCHOR: the gap between the two zones
    changes with DST, and numbering by the true instants would give another anchor other ids.
    """
    zones = {location: zone_named(name) for location, name in ZONES.items()}
    chair = {op: i for loc in zones for i, op in enumerate(operatory_ids(loc))}
    timed = [
        (
            _instant(calendar.reference_day(b.day), b.start, zones[b.location_id]),
            _instant(b.day, b.start, zones[b.location_id]),
            _instant(b.day, b.end, zones[b.location_id]),
            b,
        )
        for b in bookings
    ]
    timed.sort(key=lambda t: (t[0], t[3].location_id != MAIN_LOCATION_ID, chair[t[3].operatory_id]))
    appointments, providers, procedures, history = [], [], [], []
    for n, (_, start_at, end_at, b) in enumerate(timed, 1):
        appointment_id = demo_id("appointment", b.key or n)
        past = b.day < calendar.today
        row = _appointment(rng, appointment_id, (start_at, end_at), b, past=past)
        appointments.append({**row, **_reason(b.status, n)})
        if b.status is AppointmentStatus.COMPLETE and n % PROCEDURE_EVERY == 0:
            procedures.extend(_procedures(row, n))
        if b.assistant is not None:
            providers.append(
                {
                    "organization_id": DEMO_ORG_ID,
                    "appointment_id": appointment_id,
                    "provider_id": demo_id("provider", b.assistant),
                    "position": 0,
                    "role": "ASSISTANT",
                }
            )
        if b.patient == 1:
            history.append(_created(appointments[-1], b.day, b.start, zones[b.location_id]))
    return Schedule(appointments, providers, procedures, history)


def _instant(day: date, minute: int, zone: Any) -> datetime:
    """A local wall-clock minute as a UTC instant; opening hours never touch a DST change."""
    return resolve_local_time(day, time(minute // 60, minute % 60), zone)


def _appointment(
    rng: random.Random,
    appointment_id: Any,
    span: tuple[datetime, datetime],
    b: Booking,
    *,
    past: bool,
) -> Row:
    """One appointments row with front-desk details drawn from the seeded generator."""
    kind = TYPES_BY_N[b.type_n]
    start_at, end_at = span
    confirmation = None
    if rng.random() < 0.9:
        # Past visits were mostly confirmed; far-off bookings mostly not yet.
        weights = (5, 10, 10, 5, 70) if past else (35, 25, 15, 10, 15)
        confirmation = demo_id("confirmation-status", rng.choices(range(1, 6), weights)[0])
    markup = rng.choice((Decimal("0.9"), Decimal("1"), Decimal("1"), Decimal("1.15")))
    return {
        "id": appointment_id,
        "organization_id": DEMO_ORG_ID,
        "location_id": b.location_id,
        "operatory_id": b.operatory_id,
        "patient_id": demo_id("patient", b.patient),
        "appointment_type_id": demo_id("appointment-type", b.type_n),
        "primary_provider_id": demo_id("provider", b.provider),
        "start_at": start_at,
        "end_at": end_at,
        "status": b.status,
        "confirmation_status_id": confirmation,
        "note": rng.choice(names.APPOINTMENT_NOTES) if rng.random() < 0.12 else None,
        "priority": rng.choices((0, 1, 2), (94, 5, 1))[0],
        "production_amount": (kind.fee * markup).quantize(Decimal("0.01")),
        "is_new_patient": b.type_n == 1 or rng.random() < 0.02,
        "is_time_locked": rng.random() < 0.02,
        "procedure_codes": list(kind.procedure_codes),
        "version": 1,
    }


def _reason(status: AppointmentStatus, n: int) -> Row:
    """A cancelled or broken visit's reason from the demo's catalog, chosen by the visit's
    number (no draw: the generator's stream, and every detail drawn from it, stays as it was);
    the text is the entry's name, as cancelAppointment keeps it."""
    kind = {AppointmentStatus.CANCELLED: "CANCELLATION", AppointmentStatus.BROKEN: "NO_SHOW"}
    if status not in kind:
        return {"status_reason_id": None, "status_reason": None}
    listed = [(i, name) for i, (k, name) in enumerate(APPOINTMENT_REASONS, 1) if k == kind[status]]
    i, name = listed[n % len(listed)]
    return {"status_reason_id": demo_id("appointment-reason", i), "status_reason": name}


def _procedures(appointment: Row, n: int) -> list[Row]:
    """The procedure records of a completed visit: one per code of its type, in the type's
    order, the type's fee split evenly, done by the primary provider."""
    kind = TYPES_BY_N_ID[appointment["appointment_type_id"]]
    codes = kind.procedure_codes
    fee = (kind.fee / len(codes)).quantize(Decimal("0.01")) if codes else Decimal("0")
    return [
        {
            "id": demo_id("appointment-procedure", f"{n}-{position}"),
            "organization_id": DEMO_ORG_ID,
            "appointment_id": appointment["id"],
            "code": code,
            "fee": fee,
            "provider_id": appointment["primary_provider_id"],
            "position": position,
        }
        for position, code in enumerate(codes)
    ]


def _created(appointment: Row, day: date, minute: int, zone: Any) -> Row:
    """A 'booked' history entry, as bookAppointment writes it, three weeks ahead at the same
    local time (a wall-clock time, so the entry keeps its shape whatever DST does in between)."""
    after = {
        "status": str(AppointmentStatus.SCHEDULED),
        "start_at": appointment["start_at"].isoformat(),
        "end_at": appointment["end_at"].isoformat(),
        "operatory_id": str(appointment["operatory_id"]),
        "primary_provider_id": str(appointment["primary_provider_id"]),
    }
    return {
        "organization_id": DEMO_ORG_ID,
        "appointment_id": appointment["id"],
        "actor": SEED_ACTOR,
        "action": "booked",
        "changes": {column: {"before": None, "after": value} for column, value in after.items()},
        "occurred_at": _instant(day - timedelta(weeks=3), minute, zone),
    }
