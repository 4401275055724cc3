"""Recall rules without a database: status at read time, next due date, ordering, triggers."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from scheduling.appointment_status import AppointmentStatus
from scheduling.recalls import (
    RecallState,
    RecallStatus,
    Trigger,
    days_overdue,
    effective_status,
    fired_recall_types,
    is_booked,
    link_problem,
    next_due_date,
)

TODAY = date(2026, 12, 1)


def recall(
    due: date, status: RecallStatus = RecallStatus.DUE, n: int = 1, *, booked: bool = False
) -> RecallState:
    return RecallState(id=uuid.UUID(int=n), due_date=due, status=status, booked=booked)


@pytest.mark.parametrize(
    ("due", "stored", "expected"),
    [
        (date(2026, 11, 30), RecallStatus.DUE, RecallStatus.OVERDUE),
        (date(2026, 12, 1), RecallStatus.DUE, RecallStatus.DUE),
        (date(2027, 1, 1), RecallStatus.DUE, RecallStatus.DUE),
        # Stored "scheduled" without a live appointment: open again.
        (date(2026, 11, 30), RecallStatus.SCHEDULED, RecallStatus.OVERDUE),
        (date(2026, 12, 30), RecallStatus.SCHEDULED, RecallStatus.DUE),
        (date(2026, 11, 30), RecallStatus.COMPLETED, RecallStatus.COMPLETED),
        (date(2027, 1, 1), RecallStatus.OVERDUE, RecallStatus.DUE),
        (date(2026, 1, 1), RecallStatus.OVERDUE, RecallStatus.OVERDUE),
    ],
)
def test_effective_status(due: date, stored: RecallStatus, expected: RecallStatus) -> None:
    assert effective_status(recall(due, stored), TODAY) is expected


@pytest.mark.parametrize(
    ("previous", "months", "expected"),
    [
        (date(2026, 5, 15), 6, date(2026, 11, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 12, 10), 1, date(2027, 1, 10)),
        (date(2026, 2, 28), 12, date(2027, 2, 28)),
        (date(2026, 11, 1), 27, date(2029, 2, 1)),
    ],
)
def test_next_due_date_clamps_to_month_end(previous: date, months: int, expected: date) -> None:
    assert next_due_date(previous, months) == expected


@pytest.mark.parametrize("months", [0, -1, 121])
def test_next_due_date_rejects_bad_intervals(months: int) -> None:
    with pytest.raises(ValueError, match="1 to 120 months"):
        next_due_date(date(2026, 1, 1), months)


def test_days_overdue() -> None:
    assert days_overdue(recall(date(2026, 11, 1)), TODAY) == 30
    assert days_overdue(recall(date(2026, 12, 2)), TODAY) == 0
    assert days_overdue(recall(date(2026, 11, 1), RecallStatus.SCHEDULED, booked=True), TODAY) == 0


@pytest.mark.parametrize(
    ("stored", "booked", "expected"),
    [
        (RecallStatus.SCHEDULED, True, RecallStatus.SCHEDULED),
        (RecallStatus.DUE, True, RecallStatus.SCHEDULED),
        (RecallStatus.COMPLETED, True, RecallStatus.COMPLETED),
        (RecallStatus.SCHEDULED, False, RecallStatus.OVERDUE),
    ],
)
def test_a_live_appointment_makes_a_recall_scheduled(
    stored: RecallStatus, booked: bool, expected: RecallStatus
) -> None:
    assert effective_status(recall(date(2026, 11, 1), stored, booked=booked), TODAY) is expected


NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "hold_expires_at", "expected"),
    [
        (None, None, False),
        (AppointmentStatus.SCHEDULED, None, True),
        (AppointmentStatus.PLANNED, None, True),
        (AppointmentStatus.HOLD, NOW + timedelta(minutes=1), True),
        (AppointmentStatus.HOLD, NOW, False),  # lapsed at this very instant
        (AppointmentStatus.CANCELLED, None, False),
        (AppointmentStatus.BROKEN, None, False),
        (AppointmentStatus.PINBOARD, None, False),
        (AppointmentStatus.UNSCHEDULED, None, False),
        (AppointmentStatus.COMPLETE, None, False),
    ],
)
def test_which_appointments_book_a_recall(
    status: AppointmentStatus | None, hold_expires_at: datetime | None, expected: bool
) -> None:
    assert is_booked(status, hold_expires_at, NOW) is expected


PATIENT = uuid.UUID(int=7)


@pytest.mark.parametrize(
    ("state", "disabled", "owner", "expected"),
    [
        (recall(date(2026, 11, 1)), False, PATIENT, None),
        (recall(date(2026, 11, 1), RecallStatus.SCHEDULED), False, PATIENT, None),
        (
            recall(date(2026, 11, 1)),
            False,
            uuid.UUID(int=8),
            "The recall belongs to another patient",
        ),
        (recall(date(2026, 11, 1)), True, PATIENT, "The recall is disabled"),
        (
            recall(date(2026, 11, 1), RecallStatus.COMPLETED),
            False,
            PATIENT,
            "The recall is completed",
        ),
        (
            recall(date(2026, 11, 1), RecallStatus.SCHEDULED, booked=True),
            False,
            PATIENT,
            "The recall is already scheduled by a live appointment",
        ),
    ],
)
def test_link_problem(
    state: RecallState, disabled: bool, owner: uuid.UUID, expected: str | None
) -> None:
    assert (
        link_problem(state, disabled=disabled, recall_patient_id=owner, patient_id=PATIENT)
        == expected
    )


def test_a_waitlist_entry_may_take_over_a_booked_recall() -> None:
    booked = recall(date(2026, 11, 1), RecallStatus.SCHEDULED, booked=True)
    problem = link_problem(
        booked, disabled=False, recall_patient_id=PATIENT, patient_id=PATIENT, takeover=True
    )
    assert problem is None


HYGIENE, EXAM, PERIO = (uuid.UUID(int=n) for n in (30, 20, 10))
TRIGGERS = (
    Trigger("D1110", HYGIENE),
    Trigger("D1120", HYGIENE),  # child prophylaxis sets the same recall
    Trigger("D0120", EXAM),
    Trigger("D4910", PERIO, type_active=False),
)


@pytest.mark.parametrize(
    ("codes", "rolled", "expected"),
    [
        ((), (), []),
        (("D0274",), (), []),  # no trigger for bitewings
        (("D1110",), (), [HYGIENE]),
        (("D1110", "D1120", "D1110"), (), [HYGIENE]),  # one type fires once
        (("D1110", "D0120", "D2391"), (), [EXAM, HYGIENE]),  # in id order
        (("D4910",), (), []),  # inactive type
        (("D1110", "D0120"), (HYGIENE,), [EXAM]),  # the visit's linked recall rolled already
        (("d1110",), (), []),  # codes arrive normalized: exact match only
    ],
)
def test_fired_recall_types(
    codes: tuple[str, ...], rolled: tuple[uuid.UUID, ...], expected: list[uuid.UUID]
) -> None:
    assert fired_recall_types(codes, TRIGGERS, already_rolled=rolled) == expected
