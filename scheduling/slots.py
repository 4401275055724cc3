"""Open slots: bookable start times under exactly the rules booking enforces.

A slot is a provider and an operatory free for the whole duration, inside one working period
of that provider (in the period's operatory when it names one), clear of no-schedule blocked
time, not earlier than the lead time allows and not later than the booking window.
"""

from __future__ import annotations

import uuid
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scheduling.conflicts import overlaps

Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class WorkingPeriod:
    """When a provider works, optionally tied to one operatory."""

    start_at: datetime
    end_at: datetime
    operatory_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ProviderAvailability:
    """A provider's working periods and the times they are already booked."""

    provider_id: uuid.UUID
    periods: Sequence[WorkingPeriod]
    busy: Sequence[Interval] = ()


@dataclass(frozen=True, slots=True)
class OperatoryAvailability:
    """An operatory and the times it is taken (appointments and no-schedule blocked time)."""

    operatory_id: uuid.UUID
    busy: Sequence[Interval] = ()


@dataclass(frozen=True, slots=True)
class SlotRules:
    """Length and limits of the slots looked for."""

    duration: timedelta
    step: timedelta
    earliest_start: datetime  # the search start or now + lead time, whichever is later
    latest_start: datetime  # exclusive: the search end or the booking window, whichever is sooner


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    """A bookable start with the provider and operatory that make it possible."""

    start_at: datetime
    end_at: datetime
    provider_id: uuid.UUID = field(compare=False)
    operatory_id: uuid.UUID = field(compare=False)


def is_free(busy: Iterable[Interval], start: datetime, end: datetime) -> bool:
    """No busy interval overlaps [start, end) (half-open: touching is free)."""
    return not any(overlaps(start, end, b_start, b_end) for b_start, b_end in busy)


def within_period(
    periods: Iterable[WorkingPeriod], start: datetime, end: datetime
) -> WorkingPeriod | None:
    """The working period that contains the whole of [start, end), if any."""
    for period in periods:
        if period.start_at <= start and end <= period.end_at:
            return period
    return None


def free_operatory(
    operatories: Sequence[OperatoryAvailability],
    period: WorkingPeriod,
    start: datetime,
    end: datetime,
) -> uuid.UUID | None:
    """The first operatory (in the given order) the period allows that is free then."""
    for operatory in operatories:
        if period.operatory_id not in (None, operatory.operatory_id):
            continue
        if is_free(operatory.busy, start, end):
            return operatory.operatory_id
    return None


def slot_open(
    provider: ProviderAvailability,
    operatory: OperatoryAvailability,
    start: datetime,
    end: datetime,
) -> bool:
    """Whether this provider and operatory can take [start, end): the rule booking applies."""
    period = within_period(provider.periods, start, end)
    if period is None or period.operatory_id not in (None, operatory.operatory_id):
        return False
    return is_free(provider.busy, start, end) and is_free(operatory.busy, start, end)


class BusyIndex:
    """Busy intervals sorted by start with a running maximum of ends: overlap tests in O(log n).

    Answers exactly what is_free answers; slot search asks it tens of thousands of times.
    """

    def __init__(self, busy: Iterable[Interval]) -> None:
        ordered = sorted(busy)
        self._starts = [start for start, _ in ordered]
        self._max_end: list[datetime] = []
        for _, end in ordered:
            self._max_end.append(max(end, self._max_end[-1]) if self._max_end else end)

    def is_free(self, start: datetime, end: datetime) -> bool:
        """No interval overlaps [start, end)."""
        before_end = bisect_left(self._starts, end)  # intervals starting before `end`
        return before_end == 0 or self._max_end[before_end - 1] <= start


def _aligned_starts(period: WorkingPeriod, rules: SlotRules) -> Iterable[datetime]:
    """Candidate starts stepping from the period's start; real instants, so never in a gap."""
    start = period.start_at
    if start < rules.earliest_start:
        steps = -(-(rules.earliest_start - start) // rules.step)  # ceiling division
        start = start + steps * rules.step
    while start + rules.duration <= period.end_at and start < rules.latest_start:
        yield start
        start += rules.step


def open_slots(
    providers: Sequence[ProviderAvailability],
    operatories: Sequence[OperatoryAvailability],
    rules: SlotRules,
    *,
    limit: int | None = None,
) -> list[Slot]:
    """Every open slot, earliest first (ties: providers in the given order), up to `limit`."""
    found: list[Slot] = []
    rooms = [(operatory.operatory_id, BusyIndex(operatory.busy)) for operatory in operatories]
    for provider in providers:
        provider_busy = BusyIndex(provider.busy)
        for period in provider.periods:
            allowed = [room for room in rooms if period.operatory_id in (None, room[0])]
            for start in _aligned_starts(period, rules):
                end = start + rules.duration
                if not provider_busy.is_free(start, end):
                    continue
                # The first free operatory in display order, as free_operatory() picks it.
                room = next((ident for ident, busy in allowed if busy.is_free(start, end)), None)
                if room is not None:
                    found.append(Slot(start, end, provider.provider_id, room))
    order = {provider.provider_id: index for index, provider in enumerate(providers)}
    found.sort(key=lambda slot: (slot.start_at, order[slot.provider_id]))
    return found[:limit] if limit is not None else found
