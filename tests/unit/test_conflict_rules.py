"""The conflict rules: half-open overlap and what a candidate booking collides with (no
database; appointment type overlap rules are in test_schedules_rules.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from scheduling.conflicts import (
    Booking,
    Conflict,
    ConflictReason,
    find_conflicts,
    overlaps,
    reasons,
)

T0 = datetime(2030, 1, 7, 15, tzinfo=UTC)
MINUTES = timedelta(minutes=1)
OP1, OP2 = uuid.UUID(int=11), uuid.UUID(int=12)
DOC, NURSE, HYG = uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)


def at(minutes: int) -> datetime:
    return T0 + minutes * MINUTES


def booking(
    ident: int | None, operatory: uuid.UUID, providers: set[uuid.UUID], start: int, end: int
) -> Booking:
    key = uuid.UUID(int=ident) if ident is not None else None
    return Booking(key, operatory, frozenset(providers), at(start), at(end))


def test_overlap_is_half_open() -> None:
    assert overlaps(at(0), at(60), at(30), at(90))
    assert overlaps(at(0), at(60), at(10), at(20))  # inside
    assert overlaps(at(10), at(20), at(0), at(60))  # around
    assert not overlaps(at(0), at(60), at(60), at(90))  # touching ends do not
    assert not overlaps(at(60), at(90), at(0), at(60))
    assert not overlaps(at(0), at(30), at(40), at(60))


def test_same_operatory_and_shared_providers_are_each_reported() -> None:
    candidate = booking(None, OP1, {DOC, NURSE}, 0, 60)
    existing = [
        booking(1, OP1, {HYG}, 30, 90),  # the room only
        booking(2, OP2, {NURSE, DOC}, 50, 70),  # both providers elsewhere
        booking(3, OP1, {DOC}, 60, 120),  # touches the end: no conflict
    ]
    one, two = uuid.UUID(int=1), uuid.UUID(int=2)
    assert find_conflicts(candidate, existing) == [
        Conflict(ConflictReason.APPOINTMENT_OVERLAP, one),
        Conflict(ConflictReason.PROVIDER_OVERLAP, two, DOC),
        Conflict(ConflictReason.PROVIDER_OVERLAP, two, NURSE),
    ]
    assert reasons(find_conflicts(candidate, existing)) == [
        ConflictReason.APPOINTMENT_OVERLAP,
        ConflictReason.PROVIDER_OVERLAP,
    ]


def test_a_booking_never_conflicts_with_itself_or_an_unsaved_one() -> None:
    moved = booking(1, OP1, {DOC}, 30, 90)
    assert find_conflicts(moved, [booking(1, OP1, {DOC}, 0, 60)]) == []
    assert find_conflicts(moved, [booking(None, OP1, {DOC}, 0, 60)]) == []


def test_other_rooms_and_providers_do_not_conflict() -> None:
    candidate = booking(None, OP1, {DOC}, 0, 60)
    assert find_conflicts(candidate, [booking(1, OP2, {NURSE}, 0, 60)]) == []
