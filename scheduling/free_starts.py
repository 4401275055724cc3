"""Free starts by interval arithmetic: which starts of a fixed length a resource can take.

Work of length d starting at s collides with busy time [b, e) exactly when b < s + d and s < e
(half-open intervals, touching is free), that is when s lies in the open interval (b - d, e).
So the starts a provider or an operatory cannot take are a union of open intervals, computed
once per search, and a working period's offered starts are its grid of steps minus those
intervals: whole runs of starts are counted or listed without testing each start against the
busy lists. Times are integer microseconds since the epoch (datetimes resolve microseconds),
so open ends and grid positions are exact.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class BusyMicros:
    """Busy spans [starts[i], ends[i]) already in microseconds since the epoch (as slot
    search reads them from PostgreSQL: no datetime per span), in any order."""

    starts: Sequence[int]
    ends: Sequence[int]


# A resource's busy time: datetime intervals, or the same in microseconds.
Busy = Sequence[Interval] | BusyMicros
Run = tuple[int, int]  # grid indexes first..last, inclusive

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def micros(value: datetime | timedelta) -> int:
    """An instant as microseconds since the epoch, or a length as microseconds (exact)."""
    if isinstance(value, datetime):
        value = value - _EPOCH
    return value // _MICROSECOND


class BlockedStarts:
    """Starts a resource cannot take: sorted, disjoint open intervals (low, high).

    Two intervals that only touch stay apart: the shared point is a free start.
    """

    __slots__ = ("_highs", "_lows")

    def __init__(self, lows: list[int], highs: list[int]) -> None:
        self._lows = lows
        self._highs = highs

    @classmethod
    def of_busy(cls, busy: Busy, duration: timedelta) -> BlockedStarts:
        """The starts of `duration` that overlap any busy interval."""
        length = micros(duration)
        if isinstance(busy, BusyMicros):
            spans = sorted(zip([start - length for start in busy.starts], busy.ends, strict=True))
        else:
            spans = sorted((micros(start) - length, micros(end)) for start, end in busy)
        return cls._merged(spans)

    @classmethod
    def _merged(cls, spans: Iterable[tuple[int, int]]) -> BlockedStarts:
        """Sorted open intervals (low, high) joined where they overlap."""
        lows: list[int] = []
        highs: list[int] = []
        for low, high in spans:
            if low >= high:
                continue  # an end before its start blocks nothing (overlaps() agrees)
            if highs and low < highs[-1]:  # overlapping open intervals merge; touching do not
                if high > highs[-1]:
                    highs[-1] = high
            else:
                lows.append(low)
                highs.append(high)
        return cls(lows, highs)

    def union(self, other: BlockedStarts) -> BlockedStarts:
        """Starts blocked in either: where one of two resources is not free."""
        return BlockedStarts._merged(
            sorted(zip(self._lows + other._lows, self._highs + other._highs, strict=True))
        )

    @classmethod
    def everything(cls) -> BlockedStarts:
        """No start is free (no operatory to work in)."""
        return cls([_FAR_PAST], [_FAR_FUTURE])

    def is_free(self, start: int) -> bool:
        """Whether `start` lies in no blocked interval."""
        index = bisect_left(self._lows, start) - 1  # the last interval beginning before it
        return index < 0 or self._highs[index] <= start

    def intersection(self, other: BlockedStarts) -> BlockedStarts:
        """Starts blocked in both: where neither of two resources is free."""
        lows: list[int] = []
        highs: list[int] = []
        i = j = 0
        while i < len(self._lows) and j < len(other._lows):
            low = max(self._lows[i], other._lows[j])
            high = min(self._highs[i], other._highs[j])
            if low < high:
                lows.append(low)
                highs.append(high)
            if self._highs[i] < other._highs[j]:
                i += 1
            else:
                j += 1
        return BlockedStarts(lows, highs)

    def grid_blocks(self, origin: int, step: int, first: int, last: int) -> Iterable[Run]:
        """Runs of grid indexes k in first..last whose start origin + k * step is blocked."""
        low_time, high_time = origin + first * step, origin + last * step
        # Only intervals reaching into [low_time, high_time] can hold a grid start there.
        begin = bisect_right(self._highs, low_time)
        end = bisect_left(self._lows, high_time)
        for index in range(begin, end):
            # Grid starts strictly inside (low, high): floor((low - origin) / step) + 1 up to
            # ceil((high - origin) / step) - 1.
            k_low = (self._lows[index] - origin) // step + 1
            k_high = -((origin - self._highs[index]) // step) - 1
            if k_low <= k_high:
                yield k_low, k_high

    def blocked_count(self, origin: int, step: int, first: int, last: int) -> int:
        """How many grid indexes in first..last are blocked (intervals are disjoint, so no
        start is counted twice)."""
        total = 0
        for low, high in self.grid_blocks(origin, step, first, last):
            low, high = max(low, first), min(high, last)
            if low <= high:
                total += high - low + 1
        return total


_FAR_PAST = micros(datetime(1, 1, 2, tzinfo=UTC))
_FAR_FUTURE = micros(datetime(9999, 12, 30, tzinfo=UTC))


def all_blocked(resources: Sequence[BlockedStarts]) -> BlockedStarts:
    """Starts no resource of `resources` can take (everything when there are none)."""
    if not resources:
        return BlockedStarts.everything()
    result = resources[0]
    for other in resources[1:]:
        result = result.intersection(other)
    return result


def free_runs(
    origin: int, step: int, first: int, last: int, blocked: Sequence[BlockedStarts]
) -> list[Run]:
    """Runs of grid indexes in first..last (inclusive) blocked by none of `blocked`."""
    if first > last:
        return []
    taken = sorted(run for each in blocked for run in each.grid_blocks(origin, step, first, last))
    runs: list[Run] = []
    next_free = first
    for low, high in taken:
        if low > next_free:
            runs.append((next_free, min(low - 1, last)))
        next_free = max(next_free, high + 1)
        if next_free > last:
            return runs
    runs.append((next_free, last))
    return runs
