"""The appointment status machine and the status sets, without a database."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from scheduling.appointment_status import (
    BLOCKING,
    CANCELLABLE,
    MOVABLE,
    ON_CALENDAR,
    AppointmentStatus,
    can_transition,
    effective_status,
)

S = AppointmentStatus
# Written out by hand (not read from TRANSITIONS), so a change to the machine fails here.
ALLOWED = {
    (S.HOLD, S.SCHEDULED),  # confirmBooking
    (S.HOLD, S.CANCELLED),
    (S.HOLD, S.EXPIRED),
    (S.PLANNED, S.SCHEDULED),
    (S.PLANNED, S.CANCELLED),
    (S.PLANNED, S.PINBOARD),
    (S.PLANNED, S.UNSCHEDULED),
    (S.SCHEDULED, S.PLANNED),
    (S.SCHEDULED, S.COMPLETE),
    (S.SCHEDULED, S.BROKEN),
    (S.SCHEDULED, S.CANCELLED),
    (S.SCHEDULED, S.PINBOARD),
    (S.SCHEDULED, S.UNSCHEDULED),
    (S.COMPLETE, S.SCHEDULED),  # undo a completion marked by mistake
    (S.BROKEN, S.SCHEDULED),
    (S.BROKEN, S.CANCELLED),
    (S.BROKEN, S.PINBOARD),
    (S.BROKEN, S.UNSCHEDULED),
    (S.UNSCHEDULED, S.SCHEDULED),
    (S.UNSCHEDULED, S.CANCELLED),
    (S.UNSCHEDULED, S.PINBOARD),
    (S.PINBOARD, S.SCHEDULED),
    (S.PINBOARD, S.CANCELLED),
    (S.PINBOARD, S.UNSCHEDULED),
}
EVERY_PAIR = list(itertools.product(S, S))


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transitions(current: S, target: S) -> None:
    assert can_transition(current, target)


@pytest.mark.parametrize(("current", "target"), [p for p in EVERY_PAIR if p not in ALLOWED])
def test_refused_transitions(current: S, target: S) -> None:
    assert not can_transition(current, target)


def test_no_status_moves_to_itself_or_back_to_a_hold() -> None:
    assert not any(can_transition(status, status) for status in S)
    assert not any(can_transition(status, S.HOLD) for status in S)
    assert not any(can_transition(S.CANCELLED, status) for status in S)
    assert not any(can_transition(S.EXPIRED, status) for status in S)


def test_the_status_sets() -> None:
    assert {S.HOLD, S.PLANNED, S.SCHEDULED, S.COMPLETE} == BLOCKING
    assert {S.HOLD, S.PLANNED, S.SCHEDULED, S.COMPLETE, S.BROKEN} == ON_CALENDAR
    assert {S.PLANNED, S.SCHEDULED, S.BROKEN} == MOVABLE
    # cancellable: exactly the statuses the machine lets go to CANCELLED
    assert {S.HOLD, S.PLANNED, S.SCHEDULED, S.BROKEN, S.UNSCHEDULED, S.PINBOARD} == CANCELLABLE


NOW = datetime(2030, 1, 7, 15, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def test_a_hold_is_expired_from_the_instant_it_lapses() -> None:
    assert effective_status(S.HOLD, NOW + SECOND, NOW) is S.HOLD
    assert effective_status(S.HOLD, NOW, NOW) is S.EXPIRED  # lapses at its expiry, not after
    assert effective_status(S.HOLD, NOW - SECOND, NOW) is S.EXPIRED


@pytest.mark.parametrize("status", [s for s in S if s is not S.HOLD])
def test_only_a_hold_expires(status: S) -> None:
    assert effective_status(status, NOW - SECOND, NOW) is status
    assert effective_status(status, None, NOW) is status
