"""Unit tests of the time-zone rules (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from scheduling.local_time import (
    AmbiguousLocalTime,
    NonexistentLocalTime,
    UnknownTimeZone,
    local_date_of,
    local_day,
    resolve_local_time,
    zone_named,
)

CHICAGO = zone_named("America/Chicago")
LONDON = zone_named("Europe/London")


def test_a_time_in_the_spring_forward_gap_does_not_exist():
    with pytest.raises(NonexistentLocalTime):
        resolve_local_time(date(2026, 3, 8), time(2, 30), CHICAGO)
    with pytest.raises(NonexistentLocalTime):
        resolve_local_time(date(2026, 3, 29), time(1, 15), LONDON)


def test_a_repeated_fall_back_time_needs_a_fold():
    with pytest.raises(AmbiguousLocalTime):
        resolve_local_time(date(2026, 11, 1), time(1, 30), CHICAGO)
    first = resolve_local_time(date(2026, 11, 1), time(1, 30), CHICAGO, fold=0)
    second = resolve_local_time(date(2026, 11, 1), time(1, 30), CHICAGO, fold=1)
    assert (first, second) == (
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
    )


def test_an_ordinary_time_resolves_to_utc():
    assert resolve_local_time(date(2026, 7, 1), time(9, 0), LONDON) == datetime(
        2026, 7, 1, 8, 0, tzinfo=UTC
    )
    assert resolve_local_time(date(2026, 1, 5), time(9, 0), CHICAGO) == datetime(
        2026, 1, 5, 15, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        (CHICAGO, date(2026, 3, 8), 23),
        (CHICAGO, date(2026, 11, 1), 25),
        (CHICAGO, date(2026, 11, 2), 24),
        (LONDON, date(2026, 3, 29), 23),
        (LONDON, date(2026, 10, 25), 25),
        (zone_named("America/Havana"), date(2026, 3, 8), 23),  # midnight itself is skipped
    ],
)
def test_day_hours(zone, day, hours):
    assert local_day(day, zone).hours == hours


def test_a_day_whose_midnight_is_skipped_starts_when_the_gap_ends():
    day = local_day(date(2026, 3, 8), zone_named("America/Havana"))
    assert day.starts_at.astimezone(day.zone).time() == time(1, 0)


def test_local_date_of_an_instant_near_midnight():
    assert local_date_of(datetime(2026, 11, 2, 5, 59, tzinfo=UTC), CHICAGO) == date(2026, 11, 1)
    assert local_date_of(datetime(2026, 11, 2, 6, 0, tzinfo=UTC), CHICAGO) == date(2026, 11, 2)


@pytest.mark.parametrize(
    "name", ["Mars/Olympus", "", "../etc/passwd", "/usr/share/zoneinfo/UTC", "america/chicago "]
)
def test_unknown_zones_are_rejected(name):
    with pytest.raises(UnknownTimeZone):
        zone_named(name)
