"""Recall rules: the status a recall shows today, the next due date, and triggers.

The order of the due list (most overdue first: due date, then id) is SQL's, in
db/queries/recalls.py due_recalls; tests/api/test_recalls.py checks it through the schema.
"""

from __future__ import annotations

import calendar
import enum
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from scheduling.appointment_status import AppointmentStatus
from scheduling.appointment_status import effective_status as appointment_status_at

MIN_INTERVAL_MONTHS = 1
MAX_INTERVAL_MONTHS = 120
MAX_PROCEDURE_CODES = 20  # procedures recorded on one appointment (or an appointment type)


class RecallStatus(enum.Enum):
    """Where a patient's recall stands."""

    DUE = "due"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    OVERDUE = "overdue"


# Appointment statuses that keep a recall SCHEDULED: the visit is still going to happen.
BOOKING_STATUSES = frozenset(
    {AppointmentStatus.HOLD, AppointmentStatus.PLANNED, AppointmentStatus.SCHEDULED}
)


@dataclass(frozen=True, slots=True)
class RecallState:
    """What the rules need of a recall; `booked`: its linked appointment is still live."""

    id: uuid.UUID
    due_date: date
    status: RecallStatus
    booked: bool = False


def is_booked(
    appointment_status: AppointmentStatus | None, hold_expires_at: datetime | None, now: datetime
) -> bool:
    """Whether a recall's linked appointment (if any) still counts as its booking at `now`.

    A cancelled, broken, pinboarded or lapsed-hold appointment no longer books the recall, so
    the recall reads as due (or overdue) again without any write on those paths.
    """
    if appointment_status is None:
        return False
    return appointment_status_at(appointment_status, hold_expires_at, now) in BOOKING_STATUSES


def effective_status(recall: RecallState, today: date) -> RecallStatus:
    """The status as of `today`, decided at read time (nothing is written).

    Completed stays completed; a recall whose linked appointment is live is SCHEDULED (a
    stored `scheduled` whose appointment was cancelled is open again); an open recall is
    OVERDUE when its due date is before `today`, else DUE.
    """
    if recall.status is RecallStatus.COMPLETED:
        return recall.status
    if recall.booked:
        return RecallStatus.SCHEDULED
    return RecallStatus.OVERDUE if recall.due_date < today else RecallStatus.DUE


def link_problem(
    recall: RecallState,
    *,
    disabled: bool,
    recall_patient_id: uuid.UUID,
    patient_id: uuid.UUID,
    takeover: bool = False,
) -> str | None:
    """Why an appointment or waitlist entry of `patient_id` may not take this recall, or None.

    `takeover`: the recall may be booked already (a waitlist entry looks for an earlier visit
    than the one the recall has); a plain booking must not silently steal it.
    """
    if recall_patient_id != patient_id:
        return "The recall belongs to another patient"
    if disabled:
        return "The recall is disabled"
    if recall.status is RecallStatus.COMPLETED:
        return "The recall is completed"
    if recall.booked and not takeover:
        return "The recall is already scheduled by a live appointment"
    return None


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the end of a shorter month (Jan 31 + 1 = Feb 28)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def next_due_date(previous: date, interval_months: int) -> date:
    """The due date after a recall was done on `previous`, `interval_months` later."""
    if not MIN_INTERVAL_MONTHS <= interval_months <= MAX_INTERVAL_MONTHS:
        raise ValueError(interval_problem(interval_months) or "bad interval")
    return add_months(previous, interval_months)


def interval_problem(interval_months: int) -> str | None:
    """Why an interval is not allowed, or None."""
    if not MIN_INTERVAL_MONTHS <= interval_months <= MAX_INTERVAL_MONTHS:
        return f"The interval must be {MIN_INTERVAL_MONTHS} to {MAX_INTERVAL_MONTHS} months"
    return None


def days_overdue(recall: RecallState, today: date) -> int:
    """Days past the due date (0 when not overdue)."""
    if effective_status(recall, today) is not RecallStatus.OVERDUE:
        return 0
    return (today - recall.due_date).days


@dataclass(frozen=True, slots=True)
class Trigger:
    """A recall trigger as the rules see it: a procedure code and the recall type it sets."""

    procedure_code: str
    recall_type_id: uuid.UUID
    type_active: bool = True


def fired_recall_types(
    procedure_codes: Iterable[str],
    triggers: Iterable[Trigger],
    *,
    already_rolled: Collection[uuid.UUID] = (),
) -> list[uuid.UUID]:
    """Recall types a visit that performed `procedure_codes` sets, each once, in id order.

    A trigger fires when its code was performed and its recall type is active; types in
    `already_rolled` (the visit's own linked recalls, rolled forward already) are left out so
    no recall is rolled twice by one completion.
    """
    performed = set(procedure_codes)
    fired = {
        trigger.recall_type_id
        for trigger in triggers
        if trigger.procedure_code in performed and trigger.type_active
    }
    return sorted(fired - set(already_rolled))
