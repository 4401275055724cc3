"""Wall-clock time in a location's IANA zone: days, DST gaps and folds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class UnknownTimeZone(ValueError):
    """The name is not an IANA time zone known to this machine."""


class NonexistentLocalTime(ValueError):
    """The wall-clock time falls into a spring-forward gap."""


class AmbiguousLocalTime(ValueError):
    """The wall-clock time occurs twice (fall-back) and no occurrence was chosen."""


@dataclass(frozen=True, slots=True)
class LocalDay:
    """One local calendar day of a zone, as the UTC instants that bound it."""

    day: date
    zone: ZoneInfo
    starts_at: datetime
    ends_at: datetime

    @property
    def hours(self) -> int:
        """Length of the day in whole hours: 23 on spring-forward, 25 on fall-back."""
        return round((self.ends_at - self.starts_at).total_seconds() / 3600)


def zone_named(name: str) -> ZoneInfo:
    """Return the zone for an IANA name, or raise UnknownTimeZone."""
    # ZoneInfo accepts relative paths and odd keys ("../x"); only plain IANA keys are zones.
    if not name or name.startswith(("/", ".")) or ".." in name:
        raise UnknownTimeZone(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError) as exc:
        raise UnknownTimeZone(name) from exc


def is_gap(naive: datetime, zone: ZoneInfo) -> bool:
    """Whether the wall-clock time does not exist in the zone (skipped by DST)."""
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return round_trip != naive


def is_ambiguous(naive: datetime, zone: ZoneInfo) -> bool:
    """Whether the wall-clock time occurs twice in the zone (repeated by DST)."""
    first = naive.replace(tzinfo=zone, fold=0).utcoffset()
    second = naive.replace(tzinfo=zone, fold=1).utcoffset()
    return first != second and not is_gap(naive, zone)


def resolve_local_time(
    day: date, wall: time, zone: ZoneInfo, *, fold: int | None = None
) -> datetime:
    """Turn a local date and time into an aware UTC instant.

    A time inside a gap raises NonexistentLocalTime; a time that occurs twice raises
    AmbiguousLocalTime unless `fold` says which occurrence (0 the first, 1 the second).
    """
    naive = datetime.combine(day, wall)
    if is_gap(naive, zone):
        raise NonexistentLocalTime(f"{naive.isoformat()} does not exist in {zone.key}")
    if is_ambiguous(naive, zone) and fold is None:
        raise AmbiguousLocalTime(f"{naive.isoformat()} occurs twice in {zone.key}")
    return naive.replace(tzinfo=zone, fold=fold or 0).astimezone(UTC)


def start_of_local_day(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of a local day, in UTC.

    Where midnight is skipped (e.g. America/Havana), fold=0 reads the skipped midnight with
    the pre-transition offset, which lands exactly on the end of the gap: the day's start.
    """
    return datetime.combine(day, time.min).replace(tzinfo=zone, fold=0).astimezone(UTC)


def local_day(day: date, zone: ZoneInfo) -> LocalDay:
    """The UTC bounds of one local calendar day in the zone."""
    return LocalDay(
        day=day,
        zone=zone,
        starts_at=start_of_local_day(day, zone),
        ends_at=start_of_local_day(day + timedelta(days=1), zone),
    )


def local_days(first: date, count: int, zone: ZoneInfo) -> list[LocalDay]:
    """Consecutive local days starting at `first`."""
    return [local_day(first + timedelta(days=offset), zone) for offset in range(count)]


def local_date_of(instant: datetime, zone: ZoneInfo) -> date:
    """The local calendar date on which an aware instant falls in the zone."""
    return instant.astimezone(zone).date()
