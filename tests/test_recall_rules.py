"""Recall rules without a database: status at read time, next due date, ordering."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from scheduling.recalls import (
    RecallState,
    RecallStatus,
    days_overdue,
    effective_status,
    most_overdue_first,
    next_due_date,
)

TODAY = date(2026, 12, 1)


def recall(due: date, status: RecallStatus = RecallStatus.DUE, n: int = 1) -> RecallState:
    return RecallState(id=uuid.UUID(int=n), due_date=due, status=status)


@pytest.mark.parametrize(
    ("due", "stored", "expected"),
    [
        (date(2026, 11, 30), RecallStatus.DUE, RecallStatus.OVERDUE),
        (date(2026, 12, 1), RecallStatus.DUE, RecallStatus.DUE),
        (date(2027, 1, 1), RecallStatus.DUE, RecallStatus.DUE),
        (date(2026, 11, 30), RecallStatus.SCHEDULED, RecallStatus.SCHEDULED),
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
    assert days_overdue(recall(date(2026, 11, 1), RecallStatus.SCHEDULED), TODAY) == 0


def test_most_overdue_first() -> None:
    a = recall(date(2026, 11, 20), n=3)
    b = recall(date(2026, 10, 1), n=2)
    c = recall(date(2026, 11, 20), n=1)
    assert most_overdue_first([a, b, c]) == [b, c, a]
