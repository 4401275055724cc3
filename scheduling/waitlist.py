"""Waitlist (ASAP list) rules: statuses, the transitions between them, read-time expiry."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from scheduling.appointment_status import AppointmentStatus


class WaitlistStatus(enum.StrEnum):
    """Where a waitlist entry stands."""

    WAITING = "waiting"
    CONTACTED = "contacted"
    OFFERED = "offered"
    SCHEDULED = "scheduled"
    REMOVED = "removed"
    EXPIRED = "expired"


class WaitlistResponse(enum.StrEnum):
    """A patient's answer to an offered slot (or why there was none)."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    NO_ANSWER = "no_answer"
    SLOT_TAKEN = "slot_taken"


# Entries in these states still want an appointment; one per patient, location and type.
ACTIVE: frozenset[WaitlistStatus] = frozenset(
    {WaitlistStatus.WAITING, WaitlistStatus.CONTACTED, WaitlistStatus.OFFERED}
)

TRANSITIONS: dict[WaitlistStatus, frozenset[WaitlistStatus]] = {
    WaitlistStatus.WAITING: frozenset(
        {WaitlistStatus.CONTACTED, WaitlistStatus.REMOVED, WaitlistStatus.EXPIRED}
    ),
    WaitlistStatus.CONTACTED: frozenset(
        {
            WaitlistStatus.OFFERED,
            WaitlistStatus.WAITING,
            WaitlistStatus.REMOVED,
            WaitlistStatus.EXPIRED,
        }
    ),
    WaitlistStatus.OFFERED: frozenset(
        {
            WaitlistStatus.SCHEDULED,
            WaitlistStatus.WAITING,
            WaitlistStatus.REMOVED,
            WaitlistStatus.EXPIRED,
        }
    ),
    WaitlistStatus.SCHEDULED: frozenset(),
    WaitlistStatus.REMOVED: frozenset(),
    WaitlistStatus.EXPIRED: frozenset(),
}


def can_transition(current: WaitlistStatus, target: WaitlistStatus) -> bool:
    """Whether an entry may move from `current` to `target`."""
    return target in TRANSITIONS[current]


def response_target(current: WaitlistStatus, response: WaitlistResponse) -> WaitlistStatus | None:
    """The status a response moves an entry to, or None when it may not be recorded now."""
    if response is WaitlistResponse.ACCEPTED:
        return WaitlistStatus.SCHEDULED if current is WaitlistStatus.OFFERED else None
    if current in (WaitlistStatus.OFFERED, WaitlistStatus.CONTACTED):
        return WaitlistStatus.WAITING
    return None


class HasStatus(Protocol):
    """What effective_status reads of an entry."""

    @property
    def status(self) -> str: ...

    @property
    def date_to(self) -> date | None: ...


def effective_status(entry: HasStatus, today: date) -> WaitlistStatus:
    """The stored status, except an active entry whose date range has passed is expired."""
    status = WaitlistStatus(entry.status)
    if status in ACTIVE and entry.date_to is not None and entry.date_to < today:
        return WaitlistStatus.EXPIRED
    return status


def days_waiting(created_on: date, today: date) -> int:
    """Whole days since the entry was added (0 on the day itself, never negative)."""
    return max(0, (today - created_on).days)


def scope_problem(scope: str, additional_location_ids: Sequence[uuid.UUID]) -> str | None:
    """Why a location scope and its additional locations do not fit together, or None."""
    if scope == "selected" and not additional_location_ids:
        return "A SELECTED scope needs additionalLocationIds"
    if scope != "selected" and additional_location_ids:
        return "additionalLocationIds only apply to a SELECTED scope"
    return None


def accepts_location(
    *,
    scope: str,
    home_location_id: uuid.UUID,
    additional_location_ids: Sequence[uuid.UUID],
    location_id: uuid.UUID,
) -> bool:
    """Whether an entry's location scope (home_only, selected, any) accepts `location_id`."""
    if scope == "any" or location_id == home_location_id:
        return True
    return scope == "selected" and location_id in additional_location_ids


# A linked visit the patient still has to come to: accepting an offer moves it there.
MOVED_BY_ACCEPTANCE: frozenset[AppointmentStatus] = frozenset(
    {AppointmentStatus.PLANNED, AppointmentStatus.SCHEDULED}
)


def linked_visit_stays(
    *, status: AppointmentStatus, start_at: datetime, time_locked: bool, now: datetime
) -> str | None:
    """Why accepting an offer leaves the entry's linked visit where it is, or None: it moves
    into the offered slot (the patient wanted that visit sooner, not a second one)."""
    if status not in MOVED_BY_ACCEPTANCE:
        return f"the linked appointment is {status.value}"
    if start_at <= now:
        return "the linked appointment has already started"
    if time_locked:
        return "the linked appointment's time is locked"
    return None


def sooner_than_visit(start_at: datetime, visit_start_at: datetime | None) -> bool:
    """Whether a slot starting at `start_at` is sooner than the patient's booked visit (always,
    without one): only such a slot is worth offering, since accepting moves that visit."""
    return visit_start_at is None or start_at < visit_start_at
