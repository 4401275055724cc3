"""Conflict rules: what a booking or move would collide with. One place for every caller."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


class ConflictReason(enum.StrEnum):
    """Why two bookings cannot both stand."""

    APPOINTMENT_OVERLAP = "APPOINTMENT_OVERLAP"  # same operatory at the same time
    PROVIDER_OVERLAP = "PROVIDER_OVERLAP"  # a provider in two places at once
    BLOCKED_TIME_CONFLICT = "BLOCKED_TIME_CONFLICT"  # a no-schedule blockout
    OUTSIDE_SCHEDULE = "OUTSIDE_SCHEDULE"  # the primary provider does not work then (there)


@dataclass(frozen=True, slots=True)
class Booking:
    """The parts of an appointment that can collide: when, where and who."""

    appointment_id: uuid.UUID | None
    operatory_id: uuid.UUID
    provider_ids: frozenset[uuid.UUID]
    start_at: datetime
    end_at: datetime
    appointment_type_id: uuid.UUID | None = None  # for appointment type overlap rules
    # Set when the provider's schedule must cover the booking (book, move, place).
    primary_provider_id: uuid.UUID | None = None


# Whether appointments of two types may overlap (an appointment type overlap rule).
MayOverlap = Callable[[uuid.UUID, uuid.UUID], bool]


@dataclass(frozen=True, slots=True)
class Conflict:
    """One collision of a candidate booking with an existing appointment or blockout."""

    reason: ConflictReason
    appointment_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    blockout_id: uuid.UUID | None = None  # for BLOCKED_TIME_CONFLICT


def overlaps(start_a: datetime, end_a: datetime, start_b: datetime, end_b: datetime) -> bool:
    """Half-open intervals [start, end) overlap: touching ends do not."""
    return start_a < end_b and start_b < end_a


def find_conflicts(
    candidate: Booking, existing: Iterable[Booking], may_overlap: MayOverlap | None = None
) -> list[Conflict]:
    """Collisions of `candidate` with blocking bookings; it never conflicts with itself.

    When `may_overlap(candidate type, other type)` allows the pair, the two appointments may
    overlap as a whole: neither APPOINTMENT_OVERLAP nor PROVIDER_OVERLAP is reported between
    them (a provider may then be in both, e.g. a dentist's exam inside a hygiene visit).
    Appointments without a type never overlap by rule.
    """
    found: list[Conflict] = []
    for other in existing:
        if other.appointment_id == candidate.appointment_id or other.appointment_id is None:
            continue
        if not overlaps(candidate.start_at, candidate.end_at, other.start_at, other.end_at):
            continue
        if (
            may_overlap is not None
            and candidate.appointment_type_id is not None
            and other.appointment_type_id is not None
            and may_overlap(candidate.appointment_type_id, other.appointment_type_id)
        ):
            continue
        if other.operatory_id == candidate.operatory_id:
            found.append(Conflict(ConflictReason.APPOINTMENT_OVERLAP, other.appointment_id))
        for provider_id in sorted(candidate.provider_ids & other.provider_ids):
            found.append(
                Conflict(ConflictReason.PROVIDER_OVERLAP, other.appointment_id, provider_id)
            )
    return sorted(found, key=lambda c: (c.reason, str(c.appointment_id), str(c.provider_id)))


def reasons(conflicts: Sequence[Conflict]) -> list[ConflictReason]:
    """The distinct reasons of a list of conflicts, in a stable order."""
    return sorted({conflict.reason for conflict in conflicts})
