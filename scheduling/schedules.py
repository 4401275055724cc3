"""Provider schedules: weekly templates and date overrides resolved to UTC working periods.

Local wall-clock times are read in the location's zone for the given local day:

- a time inside a spring-forward gap starts (or ends) at the gap's end, e.g. 02:30 on
  2026-03-08 in America/Chicago is read as 03:00 CDT (08:00Z);
- a time that occurs twice on a fall-back day takes its first occurrence, e.g. 01:30 on
  2026-11-01 in America/Chicago is 01:30 CDT (06:30Z), not 01:30 CST;
- a period that becomes empty that way (both ends in one gap) is dropped.

A date override of a provider at a location replaces all of that provider's templates there
on that date: an unavailable override leaves no period, a custom one gives its own hours.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class WeeklyTemplate:
    """A provider's recurring hours at a location on one weekday (0 Monday .. 6 Sunday)."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    weekday: int
    start: time
    end: time
    effective_from: date
    effective_to: date | None = None  # inclusive; None: open-ended
    operatory_id: uuid.UUID | None = None
    template_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
        if self.end <= self.start:
            raise ValueError("a template must end after it starts")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to must not be before effective_from")

    def applies_on(self, day: date) -> bool:
        """Whether the template is in effect on that local date."""
        in_range = self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )
        return in_range and day.weekday() == self.weekday


@dataclass(frozen=True, slots=True)
class DateOverride:
    """One date of a provider at a location: unavailable, or custom local hours."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    day: date
    unavailable: bool
    start: time | None = None
    end: time | None = None
    reason: str | None = None
    note: str | None = None
    operatory_id: uuid.UUID | None = None
    override_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        has_times = self.start is not None and self.end is not None
        if self.unavailable == has_times or (self.start is None) != (self.end is None):
            raise ValueError("an override is either unavailable or has both start and end")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("an override must end after it starts")


@dataclass(frozen=True, slots=True)
class WorkingPeriod:
    """A stretch of time a provider works, as UTC instants [start_at, end_at)."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    operatory_id: uuid.UUID | None
    start_at: datetime
    end_at: datetime
    local_start: time  # effective wall-clock times (a gap start reads as the gap's end)
    local_end: time
    is_override: bool
    source: WeeklyTemplate | DateOverride


@dataclass(frozen=True, slots=True)
class ProviderDay:
    """One provider's resolved day at a location: the override (if any) and the periods."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    day: date
    override: DateOverride | None
    periods: tuple[WorkingPeriod, ...]

    @property
    def is_override(self) -> bool:
        """Whether a date override decided this day instead of the weekly templates."""
        return self.override is not None


def wall_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """A local date and time as a UTC instant: gaps move to their end, repeats take the first."""
    naive = datetime.combine(day, wall)
    # One round trip decides both cases: is_gap() and resolve_local_time(fold=0) read the time
    # the same way, so a time that survives the trip is its first occurrence.
    instant = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        return _gap_end(naive, zone)
    return instant


def _gap_end(naive: datetime, zone: ZoneInfo) -> datetime:
    """The instant a spring-forward gap containing `naive` ends (the transition)."""
    # Read with the offset after the transition the time lies before it, with the one before
    # it lies after it; the transition is the first whole second with the later offset.
    before = int(naive.replace(tzinfo=zone, fold=1).timestamp())
    after = int(naive.replace(tzinfo=zone, fold=0).timestamp())
    later_offset = datetime.fromtimestamp(after, zone).utcoffset()
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == later_offset:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


Readings = dict[time, tuple[datetime, time]]  # wall time -> (UTC instant, effective wall time)


def _reading(day: date, wall: time, zone: ZoneInfo, readings: Readings) -> tuple[datetime, time]:
    """wall_instant() and the wall time it reads as, converted once per distinct time of a day
    (a location's providers mostly share their hours)."""
    found = readings.get(wall)
    if found is None:
        instant = wall_instant(day, wall, zone)
        found = readings[wall] = (instant, instant.astimezone(zone).time())
    return found


def _period(
    day: date,
    zone: ZoneInfo,
    start: time,
    end: time,
    source: WeeklyTemplate | DateOverride,
    readings: Readings,
) -> WorkingPeriod | None:
    start_at, local_start = _reading(day, start, zone, readings)
    end_at, local_end = _reading(day, end, zone, readings)
    if end_at <= start_at:
        return None
    return WorkingPeriod(
        provider_id=source.provider_id,
        location_id=source.location_id,
        operatory_id=source.operatory_id,
        start_at=start_at,
        end_at=end_at,
        local_start=local_start,
        local_end=local_end,
        is_override=isinstance(source, DateOverride),
        source=source,
    )


def resolve_provider_days(
    templates: Iterable[WeeklyTemplate],
    overrides: Iterable[DateOverride],
    day: date,
    zone: ZoneInfo,
) -> list[ProviderDay]:
    """Every provider with a template or override on `day`, by provider then location id."""
    by_key: dict[tuple[uuid.UUID, uuid.UUID], list[WeeklyTemplate]] = defaultdict(list)
    for template in templates:
        if template.applies_on(day):
            by_key[template.provider_id, template.location_id].append(template)
    overridden: dict[tuple[uuid.UUID, uuid.UUID], DateOverride] = {}
    for candidate in overrides:
        if candidate.day == day:
            overridden.setdefault((candidate.provider_id, candidate.location_id), candidate)
    result: list[ProviderDay] = []
    readings: Readings = {}
    # UUIDs compare as their 128-bit numbers, which is the order of their text (fixed-width
    # lowercase hex): the ids' text order without writing them out for every day.
    for key in sorted({*by_key, *overridden}):
        override = overridden.get(key)
        periods: list[WorkingPeriod | None]
        if override is None:
            periods = [_period(day, zone, t.start, t.end, t, readings) for t in by_key[key]]
        elif override.start is not None and override.end is not None:
            periods = [_period(day, zone, override.start, override.end, override, readings)]
        else:
            periods = []
        kept = sorted((p for p in periods if p is not None), key=lambda p: (p.start_at, p.end_at))
        result.append(ProviderDay(key[0], key[1], day, override, tuple(kept)))
    return result


def resolve_schedule(
    templates: Iterable[WeeklyTemplate],
    overrides: Iterable[DateOverride],
    day: date,
    zone: ZoneInfo,
) -> list[WorkingPeriod]:
    """All working periods of `day` (UTC), by provider then start."""
    days = resolve_provider_days(templates, overrides, day, zone)
    return [period for provider_day in days for period in provider_day.periods]


class Period(Protocol):
    """What the schedule rule reads of a working period (slot search and booking each have one)."""

    @property
    def start_at(self) -> datetime: ...

    @property
    def end_at(self) -> datetime: ...

    @property
    def operatory_id(self) -> uuid.UUID | None: ...


P = TypeVar("P", bound=Period)


def period_allows(period_operatory_id: uuid.UUID | None, operatory_id: uuid.UUID) -> bool:
    """A period that names an operatory allows only that one; one that names none allows any."""
    return period_operatory_id in (None, operatory_id)


def covering_period(
    periods: Iterable[P], start: datetime, end: datetime, operatory_id: uuid.UUID
) -> P | None:
    """The first working period that covers [start, end) in `operatory_id`, if any.

    The schedule rule of booking and of slot search, in one place: a period covers a
    non-empty [start, end) when it starts no later and ends no earlier (half-open, so a visit
    may end exactly when the period does), and a period that names an operatory allows only
    that one. A visit spanning two back-to-back periods is not covered.
    """
    if not start < end:
        return None
    for period in periods:
        if (
            period.start_at <= start
            and end <= period.end_at
            and period_allows(period.operatory_id, operatory_id)
        ):
            return period
    return None


class ScheduleIndex:
    """Templates and overrides of one location indexed by weekday and date, for many days.

    periods_on(day) is resolve_schedule() for that day, without scanning every template and
    override again for each day of a long search; each day is resolved once and kept.
    """

    def __init__(
        self, templates: Iterable[WeeklyTemplate], overrides: Iterable[DateOverride], zone: ZoneInfo
    ) -> None:
        self.zone = zone
        self._templates: dict[int, list[WeeklyTemplate]] = defaultdict(list)
        for template in templates:
            self._templates[template.weekday].append(template)  # order kept: first wins as before
        self._overrides: dict[date, list[DateOverride]] = defaultdict(list)
        for override in overrides:
            self._overrides[override.day].append(override)
        self._days: dict[date, list[WorkingPeriod]] = {}

    def periods_on(self, day: date) -> list[WorkingPeriod]:
        """All working periods of `day` (UTC), by provider then start."""
        periods = self._days.get(day)
        if periods is None:
            templates = self._templates.get(day.weekday(), [])
            overrides = self._overrides.get(day, [])
            periods = self._days[day] = resolve_schedule(templates, overrides, day, self.zone)
        return periods
