"""Blockout rules: copy, repeat and template plans by local wall-clock time; what blocks."""

# Pure functions: instants in, instants out. A copy keeps each blockout's local wall-clock times
# on the target day (12:00-12:30 stays 12:00-12:30 across a DST change); a time that does not
# exist there is skipped with a warning, and so are do-not-copy types and exact duplicates.

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduling.conflicts import Booking, Conflict, ConflictReason, overlaps
from scheduling.local_time import NonexistentLocalTime, resolve_local_time

MAX_REPEAT_WEEKS = 52


class SkipReason(enum.Enum):
    """Why a copy, repeat or template left a blockout out; or OVERLAPS_BLOCKOUT: a blockout
    a mutation wrote overlaps another in the same operatory (the write stands)."""

    ALREADY_THERE = "already_there"
    DO_NOT_COPY = "do_not_copy"
    NONEXISTENT_TIME = "nonexistent_time"
    ENDS_BEFORE_START = "ends_before_start"
    OPERATORY_ELSEWHERE = "operatory_elsewhere"
    OVERLAPS_BLOCKOUT = "overlaps_blockout"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A blockout left out: why (a reason code) and what, in words; for OVERLAPS_BLOCKOUT
    the blockout written and the one it overlaps."""

    reason: SkipReason
    message: str
    blockout_id: uuid.UUID | None = None
    overlapping_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class NewBlockout:
    """A blockout to write: type, operatory (None: the whole location) and instants."""

    blockout_type_id: uuid.UUID
    operatory_id: uuid.UUID | None
    start_at: datetime
    end_at: datetime
    note: str | None = None
    # The blockout this one copies (copies and repeats), so a repeat joins its recurrence.
    source_id: uuid.UUID | None = None

    @property
    def key(self) -> tuple[uuid.UUID, uuid.UUID | None, datetime, datetime]:
        """What makes two blockouts the same: type, operatory and instants."""
        return (self.blockout_type_id, self.operatory_id, self.start_at, self.end_at)


@dataclass(frozen=True, slots=True)
class SourceBlockout:
    """An existing blockout to copy, with what the rules need to know of its type."""

    blockout: NewBlockout
    type_name: str = ""
    do_not_copy: bool = False
    ident: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class TemplateItem:
    """A template's blockout as local times, on whatever day the template is applied."""

    blockout_type_id: uuid.UUID
    operatory_id: uuid.UUID | None
    start: time
    end: time
    note: str | None = None
    type_name: str = ""


@dataclass(slots=True)
class Plan:
    """Blockouts to create and why others were left out."""

    blockouts: list[NewBlockout] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)

    def extend(self, other: Plan) -> None:
        """Append another plan's blockouts and warnings."""
        self.blockouts.extend(other.blockouts)
        self.warnings.extend(other.warnings)


@dataclass(frozen=True, slots=True)
class BlockedTime:
    """An existing blockout as the conflict rules see it."""

    blockout_id: uuid.UUID
    operatory_id: uuid.UUID | None  # None: every operatory of the location
    start_at: datetime
    end_at: datetime
    no_schedule: bool = True


def _label(name: str, start: datetime | time, end: datetime | time) -> str:
    return f"{name or 'Blockout'} {start:%H:%M}-{end:%H:%M}"


def _shifted(instant: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The same local wall-clock time `days` later (the same occurrence if it repeats)."""
    local = instant.astimezone(zone)
    return resolve_local_time(
        local.date() + timedelta(days=days), local.time(), zone, fold=local.fold
    )


def _gap_warning(
    name: str, start: datetime | time, end: datetime | time, day: date, zone: ZoneInfo
) -> Skipped:
    return Skipped(
        SkipReason.NONEXISTENT_TIME,
        f"Skipped {_label(name, start, end)} on {day}: "
        f"that time does not exist in {zone.key} (clocks spring forward)",
    )


def _backwards(label: str, day: date) -> Skipped:
    return Skipped(
        SkipReason.ENDS_BEFORE_START, f"Skipped {label} on {day}: it would end before it starts"
    )


class _Collector:
    """Accumulates a plan, leaving out blockouts that exist already or were planned before."""

    def __init__(self, existing: Iterable[NewBlockout]) -> None:
        self.plan = Plan()
        self.seen = {blockout.key for blockout in existing}

    def add(self, blockout: NewBlockout, label: str, day: date) -> None:
        if blockout.key in self.seen:
            self.plan.warnings.append(
                Skipped(SkipReason.ALREADY_THERE, f"Skipped {label} on {day}: it is already there")
            )
            return
        self.seen.add(blockout.key)
        self.plan.blockouts.append(blockout)


def _copy_into(
    collector: _Collector,
    blockouts: Sequence[SourceBlockout],
    from_day: date,
    to_day: date,
    zone: ZoneInfo,
) -> None:
    days = (to_day - from_day).days
    starting = [s for s in blockouts if s.blockout.start_at.astimezone(zone).date() == from_day]
    for source in sorted(starting, key=lambda s: (s.blockout.start_at, s.blockout.end_at)):
        old = source.blockout
        local_start, local_end = old.start_at.astimezone(zone), old.end_at.astimezone(zone)
        label = _label(source.type_name, local_start, local_end)
        if source.do_not_copy:
            collector.plan.warnings.append(
                Skipped(
                    SkipReason.DO_NOT_COPY,
                    f"Skipped {label} on {from_day}: its type {source.type_name!r} is do-not-copy",
                )
            )
            continue
        try:
            start_at, end_at = _shifted(old.start_at, days, zone), _shifted(old.end_at, days, zone)
        except NonexistentLocalTime:
            collector.plan.warnings.append(
                _gap_warning(source.type_name, local_start, local_end, to_day, zone)
            )
            continue
        if end_at <= start_at:
            collector.plan.warnings.append(_backwards(label, to_day))
            continue
        new = NewBlockout(
            old.blockout_type_id, old.operatory_id, start_at, end_at, old.note, source.ident
        )
        collector.add(new, label, to_day)


def copy_plan(
    blockouts: Sequence[SourceBlockout],
    from_day: date,
    to_day: date,
    zone: ZoneInfo,
    *,
    existing: Iterable[NewBlockout] = (),
) -> Plan:
    """The blockouts that start on local `from_day`, at the same wall-clock times on `to_day`."""
    collector = _Collector(existing)
    _copy_into(collector, blockouts, from_day, to_day, zone)
    return collector.plan


def copy_days_plan(
    blockouts: Sequence[SourceBlockout],
    from_first: date,
    to_first: date,
    days: int,
    zone: ZoneInfo,
    *,
    existing: Iterable[NewBlockout] = (),
) -> Plan:
    """`days` local days from `from_first` copied one by one onto those from `to_first`."""
    collector = _Collector(existing)
    for offset in range(days):
        step = timedelta(days=offset)
        _copy_into(collector, blockouts, from_first + step, to_first + step, zone)
    return collector.plan


def repeat_plan(
    blockouts: Sequence[SourceBlockout],
    first_day: date,
    days: int,
    weeks: int,
    zone: ZoneInfo,
    *,
    existing: Iterable[NewBlockout] = (),
) -> Plan:
    """The `days` local days from `first_day` repeated in each of the next `weeks` weeks (1-52)."""
    if not 1 <= weeks <= MAX_REPEAT_WEEKS:
        raise ValueError(f"weeks must be between 1 and {MAX_REPEAT_WEEKS}")
    collector = _Collector(existing)
    for week in range(1, weeks + 1):
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            _copy_into(collector, blockouts, day, day + timedelta(weeks=week), zone)
    return collector.plan


def template_plan(
    items: Sequence[TemplateItem],
    day: date,
    zone: ZoneInfo,
    *,
    existing: Iterable[NewBlockout] = (),
) -> Plan:
    """A template's items on local `day`; a repeated (fall-back) time means its first occurrence."""
    collector = _Collector(existing)
    for item in items:
        try:
            start_at = resolve_local_time(day, item.start, zone, fold=0)
            end_at = resolve_local_time(day, item.end, zone, fold=0)
        except NonexistentLocalTime:
            collector.plan.warnings.append(
                _gap_warning(item.type_name, item.start, item.end, day, zone)
            )
            continue
        if end_at <= start_at:
            label = _label(item.type_name, item.start, item.end)
            collector.plan.warnings.append(_backwards(label, day))
            continue
        new = NewBlockout(item.blockout_type_id, item.operatory_id, start_at, end_at, item.note)
        collector.add(new, _label(item.type_name, item.start, item.end), day)
    return collector.plan


def blockout_conflicts(candidate: Booking, blockouts: Iterable[BlockedTime]) -> list[Conflict]:
    """No-schedule blockouts (given: the candidate location's) in its operatory or location-wide."""
    found = [
        Conflict(ConflictReason.BLOCKED_TIME_CONFLICT, blockout_id=blocked.blockout_id)
        for blocked in sorted(blockouts, key=lambda b: (b.start_at, str(b.blockout_id)))
        if blocked.no_schedule
        and blocked.operatory_id in (None, candidate.operatory_id)
        and overlaps(candidate.start_at, candidate.end_at, blocked.start_at, blocked.end_at)
    ]
    return found
