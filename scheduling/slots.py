"""Open slots: bookable start times under exactly the rules booking enforces.

A slot is a provider and an operatory free for the whole duration, inside one working period
of that provider (in the period's operatory when it names one), clear of no-schedule blocked
time, not earlier than the lead time allows and not later than the booking window.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scheduling.free_starts import BlockedStarts, Busy, all_blocked, free_runs, micros
from scheduling.schedules import period_allows

Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class WorkingPeriod:
    """When a provider works, optionally tied to one operatory."""

    start_at: datetime
    end_at: datetime
    operatory_id: uuid.UUID | None = None


ProviderPeriod = tuple[int, WorkingPeriod]  # (index in the search's provider list, period)


@dataclass(frozen=True, slots=True)
class ProviderAvailability:
    """A provider's working periods and the times they are already booked."""

    provider_id: uuid.UUID
    periods: Sequence[WorkingPeriod]
    busy: Busy = ()


@dataclass(frozen=True, slots=True)
class OperatoryAvailability:
    """An operatory and the times it is taken (appointments and no-schedule blocked time)."""

    operatory_id: uuid.UUID
    busy: Busy = ()


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


class SlotFinder:
    """Open slots of one search, from starts blocked per provider and operatory (built once).

    A start is offered when its [start, start + duration) lies in the period (the grid
    arithmetic of _grid: the integer form of covering_period), in an operatory the period
    allows (period_allows), with the provider and that operatory free. It offers exactly what
    testing every start with booking's rules offers (scheduling.schedules.covering_period and
    scheduling.conflicts.overlaps), with the first operatory (in the given order) that is
    free; tests/support/slot_reference.py is that start-by-start test, and the property tests check
    the two against each other. Providers are given once; their periods may come a day at a
    time.
    """

    def __init__(
        self,
        providers: Sequence[ProviderAvailability],
        operatories: Sequence[OperatoryAvailability],
        rules: SlotRules,
    ) -> None:
        self.rules = rules
        self._ids = [provider.provider_id for provider in providers]
        # Ties at one start go by the provider's last place in the list, as they always did.
        last_place = {provider_id: index for index, provider_id in enumerate(self._ids)}
        self._ranks = [last_place[provider_id] for provider_id in self._ids]
        self._providers = [BlockedStarts.of_busy(p.busy, rules.duration) for p in providers]
        self._rooms = [
            (operatory.operatory_id, BlockedStarts.of_busy(operatory.busy, rules.duration))
            for operatory in operatories
        ]
        self._no_room: dict[uuid.UUID | None, BlockedStarts] = {}
        self._either: dict[tuple[int, uuid.UUID | None], BlockedStarts] = {}
        self._step = micros(rules.step)
        self._earliest = micros(rules.earliest_start)
        self._latest = micros(rules.latest_start)
        self._duration = micros(rules.duration)

    def count(self, periods: Iterable[ProviderPeriod]) -> int:
        """How many slots the periods hold, without building them."""
        total = 0
        for entry, period in periods:
            origin, first, last = self._grid(period)
            if first <= last:
                blocked = self._blocked(entry, period.operatory_id)
                total += last - first + 1 - blocked.blocked_count(origin, self._step, first, last)
        return total

    def slots(self, periods: Iterable[ProviderPeriod], limit: int | None = None) -> list[Slot]:
        """Open slots of the periods, earliest first (ties: provider order, then period order).

        Each provider's periods come in its own order. Periods are walked by start and the walk
        stops once `limit` slots are found that no later period can precede.
        """
        numbered: list[tuple[int, int, WorkingPeriod]] = []
        counts = [0] * len(self._ids)
        for entry, period in periods:
            numbered.append((entry, counts[entry], period))
            counts[entry] += 1
        numbered.sort(key=lambda item: item[2].start_at)
        found: list[tuple[datetime, int, int, int, Slot]] = []
        for entry, number, period in numbered:
            if limit is not None and len(found) >= limit:
                found.sort(key=_order)
                del found[limit:]
                if not found or period.start_at > found[-1][0]:
                    break
            found.extend(self._period_slots(entry, number, period))
        found.sort(key=_order)
        return [item[4] for item in found[:limit]]

    def _grid(self, period: WorkingPeriod) -> tuple[int, int, int]:
        """The period's start and the first and last grid index a slot may start at."""
        origin = micros(period.start_at)
        first = max(0, -((origin - self._earliest) // self._step))  # ceiling division
        fits = (micros(period.end_at) - self._duration - origin) // self._step
        before_latest = (self._latest - 1 - origin) // self._step
        return origin, first, min(fits, before_latest)

    def _blocked(self, entry: int, operatory_id: uuid.UUID | None) -> BlockedStarts:
        """Starts the provider cannot take or no allowed operatory is free at (once per
        provider and kind of period)."""
        key = (entry, operatory_id)
        blocked = self._either.get(key)
        if blocked is None:
            blocked = self._providers[entry].union(self._blocked_rooms(operatory_id))
            self._either[key] = blocked
        return blocked

    def _blocked_rooms(self, operatory_id: uuid.UUID | None) -> BlockedStarts:
        """Starts at which no operatory the period allows is free (computed once per kind)."""
        blocked = self._no_room.get(operatory_id)
        if blocked is None:
            blocked = all_blocked(
                [b for ident, b in self._rooms if period_allows(operatory_id, ident)]
            )
            self._no_room[operatory_id] = blocked
        return blocked

    def _period_slots(
        self, entry: int, number: int, period: WorkingPeriod
    ) -> Iterator[tuple[datetime, int, int, int, Slot]]:
        """The period's slots, each with its sort key (start, provider rank, entry, period)."""
        origin, first, last = self._grid(period)
        blocked = [self._blocked(entry, period.operatory_id)]
        rooms = [(i, b) for i, b in self._rooms if period_allows(period.operatory_id, i)]
        for low, high in free_runs(origin, self._step, first, last, blocked):
            for index in range(low, high + 1):
                at = origin + index * self._step
                # Some allowed room is free here (free_runs); take the first, as booking does.
                room = next(ident for ident, busy in rooms if busy.is_free(at))
                start = period.start_at + index * self.rules.step
                slot = Slot(start, start + self.rules.duration, self._ids[entry], room)
                yield start, self._ranks[entry], entry, number, slot


def _order(item: tuple[datetime, int, int, int, Slot]) -> tuple[datetime, int, int, int]:
    return item[0], item[1], item[2], item[3]


def open_slots(
    providers: Sequence[ProviderAvailability],
    operatories: Sequence[OperatoryAvailability],
    rules: SlotRules,
    *,
    limit: int | None = None,
) -> list[Slot]:
    """Every open slot, earliest first (ties: providers in the given order), up to `limit`."""
    finder = SlotFinder(providers, operatories, rules)
    return finder.slots(_periods_of(providers), limit)


def count_open_slots(
    providers: Sequence[ProviderAvailability],
    operatories: Sequence[OperatoryAvailability],
    rules: SlotRules,
) -> int:
    """len(open_slots(...)) without building the slots."""
    return SlotFinder(providers, operatories, rules).count(_periods_of(providers))


def _periods_of(providers: Sequence[ProviderAvailability]) -> list[ProviderPeriod]:
    return [(entry, period) for entry, p in enumerate(providers) for period in p.periods]
