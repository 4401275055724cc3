"""Wall-clock input (a local date and times at a location) to instants, with DST errors, and
the date a location's wall calendar shows now."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from resolvers.errors import AmbiguousTime, DstGap, Validation
from scheduling.local_time import AmbiguousLocalTime, NonexistentLocalTime, resolve_local_time


class Occurrence(enum.Enum):
    """Which of the two occurrences of a repeated (fall-back) local time is meant."""

    FIRST = 0
    SECOND = 1


@dataclass(frozen=True, slots=True)
class LocalSlot:
    """A local date with start and optional end times, as a client sends them."""

    day: date
    start: time
    end: time | None = None
    start_occurrence: Occurrence | None = None
    end_occurrence: Occurrence | None = None


# Where a LocalSlotInput sits in the inputs that take one (bookAppointment's `slot`, ...).
SLOT = ("slot",)


def local_instant(
    day: date, wall: time, zone: ZoneInfo, occurrence: Occurrence | None, field: tuple[str, ...]
) -> datetime:
    """The instant of a local date and time in `zone`; DST_GAP or AMBIGUOUS_LOCAL_TIME (for
    a time given without its occurrence) on `field`."""
    try:
        return resolve_local_time(day, wall, zone, fold=occurrence.value if occurrence else None)
    except NonexistentLocalTime as exc:
        raise DstGap(
            f"{day} {wall:%H:%M} does not exist in {zone.key} (clocks spring forward)", field=field
        ) from exc
    except AmbiguousLocalTime as exc:
        raise AmbiguousTime(
            f"{day} {wall:%H:%M} occurs twice in {zone.key}; say FIRST or SECOND occurrence",
            field=field,
        ) from exc


def local_today(now: datetime, zone: ZoneInfo) -> date:
    """The local date in `zone` at the instant `now` (the request's, RequestContext.now)."""
    return now.astimezone(zone).date()


def current_week_start(now: datetime, zone: ZoneInfo) -> date:
    """The Monday of the local week in `zone` that holds the instant `now`."""
    today = local_today(now, zone)
    return today - timedelta(days=today.weekday())


def resolve_slot(
    slot: LocalSlot, zone: ZoneInfo, *, default_length: timedelta, at: tuple[str, ...] = SLOT
) -> tuple[datetime, datetime]:
    """The UTC start and end of a local slot; without an end time it lasts `default_length`.
    Errors name the slot's fields below `at`, the slot's place in the input."""
    start_at = local_instant(slot.day, slot.start, zone, slot.start_occurrence, (*at, "startTime"))
    if slot.end is None:
        end_at = start_at + default_length
    else:
        end_at = local_instant(slot.day, slot.end, zone, slot.end_occurrence, (*at, "endTime"))
    if end_at <= start_at:
        raise Validation("The end must be after the start", field=(*at, "endTime"))
    if end_at - start_at > timedelta(hours=12):
        raise Validation("An appointment may last at most 12 hours", field=(*at, "endTime"))
    return start_at, end_at
