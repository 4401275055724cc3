"""Recall rules: the status a recall shows today, the next due date, and overdue ordering."""

from __future__ import annotations

import calendar
import enum
import uuid
from dataclasses import dataclass
from datetime import date

MIN_INTERVAL_MONTHS = 1
MAX_INTERVAL_MONTHS = 120


class RecallStatus(enum.Enum):
    """Where a patient's recall stands."""

    DUE = "due"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class RecallState:
    """What the rules need of a recall."""

    id: uuid.UUID
    due_date: date
    status: RecallStatus


def effective_status(recall: RecallState, today: date) -> RecallStatus:
    """The stored status, except that a due date before `today` makes an open recall overdue.

    Scheduled and completed recalls keep their status; an `overdue` recall whose due date was
    moved to today or later is due again. Nothing is written: it is decided at read time.
    """
    if recall.status in (RecallStatus.SCHEDULED, RecallStatus.COMPLETED):
        return recall.status
    return RecallStatus.OVERDUE if recall.due_date < today else RecallStatus.DUE


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


def overdue_order_key(recall: RecallState) -> tuple[date, str]:
    """Sort key: most overdue (earliest due date) first, ties by id."""
    return (recall.due_date, str(recall.id))


def most_overdue_first(recalls: list[RecallState]) -> list[RecallState]:
    """Recalls ordered most overdue first."""
    return sorted(recalls, key=overdue_order_key)
