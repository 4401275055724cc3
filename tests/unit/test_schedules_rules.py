"""Schedule resolution and overlap rules, without a database: exact UTC values, DST included."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from scheduling.conflicts import Booking, ConflictReason, find_conflicts
from scheduling.overlap_rules import ordered_pair, pair_rule
from scheduling.schedules import (
    DateOverride,
    WeeklyTemplate,
    covering_period,
    resolve_provider_days,
    resolve_schedule,
    wall_instant,
)

CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
DOC = uuid.UUID(int=1)
NURSE = uuid.UUID(int=2)
MAIN = uuid.UUID(int=10)
OTHER_SITE = uuid.UUID(int=11)
ROOM = uuid.UUID(int=20)
OTHER_ROOM = uuid.UUID(int=21)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def template(
    day: date, start: time, end: time, *, provider: uuid.UUID = DOC, **extra: object
) -> WeeklyTemplate:
    values: dict = {"effective_from": date(2026, 1, 1), **extra}
    return WeeklyTemplate(provider, MAIN, day.weekday(), start, end, **values)


def spans(day: date, zone: ZoneInfo, *templates: WeeklyTemplate) -> list[tuple]:
    return [
        (p.start_at, p.end_at, p.local_start, p.local_end)
        for p in resolve_schedule(templates, [], day, zone)
    ]


def test_an_ordinary_day_in_chicago() -> None:
    monday = date(2026, 1, 5)
    assert spans(monday, CHICAGO, template(monday, time(7), time(18))) == [
        (utc(2026, 1, 5, 13), utc(2026, 1, 6, 0), time(7), time(18))
    ]


@pytest.mark.parametrize(
    ("zone", "day", "start", "end", "expected"),
    [
        # Chicago springs forward 02:00 CST -> 03:00 CDT (08:00Z) on 2026-03-08.
        (CHICAGO, date(2026, 3, 8), time(1), time(5),
         (utc(2026, 3, 8, 7), utc(2026, 3, 8, 10), time(1), time(5))),
        # A start in the gap starts at the gap's end.
        (CHICAGO, date(2026, 3, 8), time(2, 30), time(4),
         (utc(2026, 3, 8, 8), utc(2026, 3, 8, 9), time(3), time(4))),
        # An end in the gap ends there too.
        (CHICAGO, date(2026, 3, 8), time(1), time(2, 30),
         (utc(2026, 3, 8, 7), utc(2026, 3, 8, 8), time(1), time(3))),
        # Chicago falls back 02:00 CDT -> 01:00 CST (07:00Z) on 2026-11-01: the first 01:30.
        (CHICAGO, date(2026, 11, 1), time(0, 30), time(1, 30),
         (utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30), time(0, 30), time(1, 30))),
        (CHICAGO, date(2026, 11, 1), time(1, 30), time(3),
         (utc(2026, 11, 1, 6, 30), utc(2026, 11, 1, 9), time(1, 30), time(3))),
        # London springs forward 01:00 GMT -> 02:00 BST (01:00Z) on 2026-03-29.
        (LONDON, date(2026, 3, 29), time(1, 30), time(3),
         (utc(2026, 3, 29, 1), utc(2026, 3, 29, 2), time(2), time(3))),
        (LONDON, date(2026, 3, 29), time(0), time(12),
         (utc(2026, 3, 29, 0), utc(2026, 3, 29, 11), time(0), time(12))),
        # London falls back 02:00 BST -> 01:00 GMT (01:00Z) on 2026-10-25: the first 01:30.
        (LONDON, date(2026, 10, 25), time(1, 30), time(2, 30),
         (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 2, 30), time(1, 30), time(2, 30))),
        (LONDON, date(2026, 10, 25), time(8), time(17),
         (utc(2026, 10, 25, 8), utc(2026, 10, 25, 17), time(8), time(17))),
    ],
)  # fmt: skip
def test_dst_days(
    zone: ZoneInfo, day: date, start: time, end: time, expected: tuple[object, ...]
) -> None:
    assert spans(day, zone, template(day, start, end)) == [expected]


def test_a_period_wholly_inside_a_gap_is_dropped() -> None:
    day = date(2026, 3, 8)
    assert spans(day, CHICAGO, template(day, time(2), time(2, 45))) == []
    assert wall_instant(day, time(2), CHICAGO) == utc(2026, 3, 8, 8)


def test_templates_apply_on_their_weekday_within_their_inclusive_dates() -> None:
    monday = date(2026, 11, 16)
    weekly = template(
        monday, time(8), time(12), effective_from=monday, effective_to=date(2026, 11, 23)
    )
    applies = [
        day.isoformat()
        for day in (date(2026, 11, 9), monday, date(2026, 11, 17), date(2026, 11, 23))
        if resolve_schedule([weekly], [], day, CHICAGO)
    ]
    assert applies == ["2026-11-16", "2026-11-23"]
    assert resolve_schedule([weekly], [], date(2026, 11, 30), CHICAGO) == []


def test_an_unavailable_override_replaces_the_templates_of_that_provider_and_site() -> None:
    day = date(2026, 11, 27)
    off = DateOverride(DOC, MAIN, day, unavailable=True, reason="Vacation", note="Back Monday")
    days = resolve_provider_days(
        [template(day, time(7), time(18)), template(day, time(9), time(17), provider=NURSE)],
        [off, DateOverride(NURSE, OTHER_SITE, day, unavailable=True)],
        day,
        CHICAGO,
    )
    assert [(d.provider_id, d.location_id, d.is_override, len(d.periods)) for d in days] == [
        (DOC, MAIN, True, 0),
        (NURSE, MAIN, False, 1),
        (NURSE, OTHER_SITE, True, 0),
    ]
    assert days[0].override == off


def test_a_custom_override_gives_its_own_hours_on_its_day_only() -> None:
    day = date(2026, 11, 25)
    weekly = template(day, time(7), time(18))
    short = DateOverride(DOC, MAIN, day, unavailable=False, start=time(7), end=time(12))
    (period,) = resolve_schedule([weekly], [short], day, CHICAGO)
    assert (period.start_at, period.end_at, period.is_override, period.source) == (
        utc(2026, 11, 25, 13),
        utc(2026, 11, 25, 18),
        True,
        short,
    )
    next_week = date(2026, 12, 2)
    (regular,) = resolve_schedule([weekly], [short], next_week, CHICAGO)
    assert (regular.end_at, regular.is_override, regular.source) == (
        utc(2026, 12, 3, 0),
        False,
        weekly,
    )


def test_an_override_works_on_a_day_without_templates() -> None:
    sunday = date(2026, 11, 22)
    extra = DateOverride(NURSE, MAIN, sunday, unavailable=False, start=time(9), end=time(11))
    (day,) = resolve_provider_days([], [extra], sunday, CHICAGO)
    assert [(p.start_at, p.end_at) for p in day.periods] == [
        (utc(2026, 11, 22, 15), utc(2026, 11, 22, 17))
    ]


def test_split_shifts_are_periods_in_start_order() -> None:
    day = date(2026, 1, 6)
    periods = resolve_schedule(
        [template(day, time(13), time(17)), template(day, time(8), time(12))], [], day, CHICAGO
    )
    assert [(p.local_start, p.local_end) for p in periods] == [
        (time(8), time(12)),
        (time(13), time(17)),
    ]


def test_a_period_covers_a_visit_half_open_and_alone() -> None:
    day = date(2026, 1, 6)
    periods = resolve_schedule(
        [template(day, time(8), time(12)), template(day, time(12), time(17))], [], day, CHICAGO
    )
    at = lambda hour, minute=0: utc(2026, 1, 6, hour + 6, minute)  # noqa: E731  CST is UTC-6

    def covered(start: datetime, end: datetime) -> bool:
        return covering_period(periods, start, end, ROOM) is not None

    assert covering_period(periods, at(8), at(12), ROOM) is periods[0]
    assert covering_period(periods, at(12), at(13), ROOM) is periods[1]  # starts as one ends
    assert covered(at(11, 30), at(12))  # ends exactly when the period does
    assert not covered(at(7, 30), at(8, 30))
    assert not covered(at(11, 30), at(12, 30))  # spans two back-to-back periods
    assert not covered(at(16, 30), at(17, 30))
    assert not covered(at(9), at(9))  # empty
    assert not covered(at(10), at(9))  # reversed


def test_a_period_in_one_operatory_covers_only_visits_there() -> None:
    day = date(2026, 1, 6)
    (period,) = resolve_schedule(
        [template(day, time(8), time(12), operatory_id=ROOM)], [], day, CHICAGO
    )
    start, end = utc(2026, 1, 6, 15), utc(2026, 1, 6, 16)
    assert covering_period([period], start, end, ROOM) is period
    assert covering_period([period], start, end, OTHER_ROOM) is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: WeeklyTemplate(DOC, MAIN, 7, time(8), time(9), date(2026, 1, 1)), "weekday"),
        (lambda: WeeklyTemplate(DOC, MAIN, 0, time(9), time(9), date(2026, 1, 1)), "end after"),
        (
            lambda: WeeklyTemplate(
                DOC, MAIN, 0, time(8), time(9), date(2026, 1, 2), date(2026, 1, 1)
            ),
            "effective_to",
        ),
        (
            lambda: DateOverride(DOC, MAIN, date(2026, 1, 1), unavailable=True, start=time(8)),
            "either unavailable",
        ),
        (lambda: DateOverride(DOC, MAIN, date(2026, 1, 1), unavailable=False), "either"),
        (lambda: DateOverride(DOC, MAIN, date(2026, 1, 1), False, time(9), time(8)), "end after"),
    ],
)
def test_invalid_rules_are_refused(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


HYGIENE, EXAM, CROWN = uuid.UUID(int=100), uuid.UUID(int=101), uuid.UUID(int=102)
OP = uuid.UUID(int=200)


def booking(ident: int | None, kind: uuid.UUID | None, *providers: uuid.UUID) -> Booking:
    key = uuid.UUID(int=ident) if ident is not None else None
    return Booking(key, OP, frozenset(providers), utc(2030, 1, 7, 15), utc(2030, 1, 7, 16), kind)


def test_an_allowed_pair_overlaps_in_the_operatory_and_with_shared_providers() -> None:
    hygiene = booking(1, HYGIENE, NURSE, DOC)
    may = pair_rule([ordered_pair(EXAM, HYGIENE)])
    assert find_conflicts(booking(None, EXAM, DOC), [hygiene], may) == []
    # Without the rule (or for another type) both reasons stand.
    for conflicts in (
        find_conflicts(booking(None, EXAM, DOC), [hygiene]),
        find_conflicts(booking(None, CROWN, DOC), [hygiene], may),
    ):
        assert [(c.reason, c.provider_id) for c in conflicts] == [
            (ConflictReason.APPOINTMENT_OVERLAP, None),
            (ConflictReason.PROVIDER_OVERLAP, DOC),
        ]


def test_appointments_without_a_type_never_overlap_by_rule() -> None:
    may = pair_rule([(EXAM, EXAM)])
    assert len(find_conflicts(booking(None, None, DOC), [booking(1, EXAM)], may)) == 1
    assert len(find_conflicts(booking(None, EXAM, DOC), [booking(1, None)], may)) == 1
    assert find_conflicts(booking(None, EXAM, DOC), [booking(1, EXAM)], may) == []


def test_pairs_are_stored_ordered_and_match_either_way() -> None:
    assert ordered_pair(HYGIENE, EXAM) == ordered_pair(EXAM, HYGIENE) == (HYGIENE, EXAM)
    may = pair_rule([(EXAM, HYGIENE)])
    assert may(HYGIENE, EXAM)
    assert may(EXAM, HYGIENE)
    assert not may(EXAM, EXAM)
