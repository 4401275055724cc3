"""ScheduleIndex and the one-conversion wall_instant against what they replace (no database)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.local_time import is_gap, resolve_local_time
from scheduling.schedules import (
    DateOverride,
    ScheduleIndex,
    WeeklyTemplate,
    _gap_end,
    resolve_schedule,
    wall_instant,
)

CHICAGO = ZoneInfo("America/Chicago")
MAIN = uuid.UUID(int=10)
PROVIDERS = [uuid.UUID(int=n) for n in (1, 2, 3)]
ROOMS = [None, uuid.UUID(int=21)]
# Chicago's DST weeks of 2026 and an ordinary one.
DAYS = [date(2026, 3, 2) + timedelta(days=n) for n in range(14)] + [
    date(2026, 10, 26) + timedelta(days=n) for n in range(14)
]


def old_wall_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """wall_instant as it was: gap test, then resolve_local_time's first occurrence."""
    naive = datetime.combine(day, wall)
    if is_gap(naive, zone):
        return _gap_end(naive, zone)
    return resolve_local_time(day, wall, zone, fold=0)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("America/Chicago", date(2026, 3, 8)),  # spring forward 02:00 -> 03:00
        ("America/Chicago", date(2026, 11, 1)),  # fall back, 01:00-02:00 twice
        ("Europe/London", date(2026, 3, 29)),
        ("Europe/London", date(2026, 10, 25)),
        ("America/Havana", date(2026, 3, 8)),  # midnight is skipped
        ("Australia/Lord_Howe", date(2026, 4, 5)),  # a 30-minute change
        ("Australia/Lord_Howe", date(2026, 10, 4)),
        ("America/Chicago", date(2026, 6, 1)),
    ],
)
def test_wall_instant_converts_every_minute_as_before(zone: str, day: date) -> None:
    where = ZoneInfo(zone)
    for minute in range(24 * 60):
        wall = time(minute // 60, minute % 60)
        assert wall_instant(day, wall, where) == old_wall_instant(day, wall, where), wall


times = st.integers(0, 24 * 4 - 1).map(lambda q: time(q // 4, 15 * (q % 4)))
templates = st.builds(
    lambda provider, weekday, hours, first, length, room: WeeklyTemplate(
        provider,
        MAIN,
        weekday,
        min(hours),
        max(hours),
        DAYS[first],
        None if length is None else DAYS[first] + timedelta(days=length),
        room,
    ),
    st.sampled_from(PROVIDERS),
    st.integers(0, 6),
    st.tuples(times, times).filter(lambda h: h[0] != h[1]),
    st.integers(0, len(DAYS) - 1),
    st.one_of(st.none(), st.integers(0, 20)),
    st.sampled_from(ROOMS),
)
overrides = st.builds(
    lambda provider, day, hours, room: DateOverride(
        provider,
        MAIN,
        day,
        unavailable=hours is None,
        start=None if hours is None else min(hours),
        end=None if hours is None else max(hours),
        operatory_id=room,
    ),
    st.sampled_from(PROVIDERS),
    st.sampled_from(DAYS),
    st.one_of(st.none(), st.tuples(times, times).filter(lambda h: h[0] != h[1])),
    st.sampled_from(ROOMS),
)


@settings(max_examples=150, deadline=None)
@given(templates=st.lists(templates, max_size=8), overrides=st.lists(overrides, max_size=4))
def test_the_index_resolves_each_day_as_resolve_schedule_does(templates, overrides) -> None:
    index = ScheduleIndex(templates, overrides, CHICAGO)
    for day in DAYS:
        expected = resolve_schedule(templates, overrides, day, CHICAGO)
        assert index.periods_on(day) == expected
        assert index.periods_on(day) is index.periods_on(day)  # resolved once, then kept


def test_a_providers_hours_read_alike_on_a_dst_day() -> None:
    # Two providers sharing a start inside the gap both start at its end, read as 03:00.
    day = date(2026, 3, 8)
    shared = [WeeklyTemplate(p, MAIN, day.weekday(), time(2, 30), time(9), day) for p in PROVIDERS]
    periods = ScheduleIndex(shared, [], CHICAGO).periods_on(day)
    assert {(p.start_at, p.local_start) for p in periods} == {
        (datetime(2026, 3, 8, 8, tzinfo=ZoneInfo("UTC")), time(3))
    }
    assert len(periods) == len(PROVIDERS)
