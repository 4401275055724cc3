"""Pure blockout rules: copy, repeat and template plans by wall-clock time, and what they block."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from scheduling.blockouts import (
    BlockedTime,
    NewBlockout,
    Skipped,
    SkipReason,
    SourceBlockout,
    TemplateItem,
    blockout_conflicts,
    copy_days_plan,
    copy_plan,
    repeat_plan,
    template_plan,
)
from scheduling.conflicts import Booking, Conflict, ConflictReason

CHICAGO = ZoneInfo("America/Chicago")
LUNCH = uuid.UUID(int=1)
MEETING = uuid.UUID(int=2)
OP = uuid.UUID(int=10)
OTHER_OP = uuid.UUID(int=11)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def source(start: datetime, end: datetime, **kwargs) -> SourceBlockout:
    operatory = kwargs.pop("operatory_id", OP)
    type_id = kwargs.pop("type_id", LUNCH)
    blockout = NewBlockout(type_id, operatory, start, end, kwargs.pop("note", None))
    return SourceBlockout(blockout, type_name=kwargs.pop("type_name", "Lunch"), **kwargs)


def test_copy_keeps_local_times_across_spring_forward():
    # given lunch 12:00-12:30 CST on Friday 2030-03-08 (18:00Z)
    lunch = source(utc(2030, 3, 8, 18), utc(2030, 3, 8, 18, 30), note="Team lunch")
    # when copied to Monday 2030-03-11 (CDT, UTC-5)
    plan = copy_plan([lunch], date(2030, 3, 8), date(2030, 3, 11), CHICAGO)
    # then it is 12:00-12:30 local again: one hour earlier in UTC
    assert plan.blockouts == [
        NewBlockout(LUNCH, OP, utc(2030, 3, 11, 17), utc(2030, 3, 11, 17, 30), "Team lunch")
    ]
    assert plan.warnings == []


def test_a_time_in_the_gap_is_skipped_with_a_warning():
    # 02:30-03:00 on Saturday 2030-03-09 does not exist on Sunday 2030-03-10
    early = source(utc(2030, 3, 9, 8, 30), utc(2030, 3, 9, 9))
    lunch = source(utc(2030, 3, 9, 18), utc(2030, 3, 9, 18, 30))
    plan = copy_plan([lunch, early], date(2030, 3, 9), date(2030, 3, 10), CHICAGO)
    assert plan.blockouts == [
        NewBlockout(LUNCH, OP, utc(2030, 3, 10, 17), utc(2030, 3, 10, 17, 30))
    ]
    assert plan.warnings == [
        Skipped(SkipReason.NONEXISTENT_TIME, "Skipped Lunch 02:30-03:00 on 2030-03-10: that time "
                "does not exist in America/Chicago (clocks spring forward)")
    ]  # fmt: skip


def test_do_not_copy_types_and_other_days_are_left_out():
    meeting = source(
        utc(2030, 1, 7, 14), utc(2030, 1, 7, 15), type_id=MEETING, type_name="Staff meeting",
        do_not_copy=True,
    )  # fmt: skip
    next_day = source(utc(2030, 1, 8, 18), utc(2030, 1, 8, 18, 30))
    plan = copy_plan([meeting, next_day], date(2030, 1, 7), date(2030, 1, 14), CHICAGO)
    assert plan.blockouts == []
    assert plan.warnings == [
        Skipped(SkipReason.DO_NOT_COPY, "Skipped Staff meeting 08:00-09:00 on 2030-01-07: its "
                "type 'Staff meeting' is do-not-copy")
    ]  # fmt: skip


def test_a_fall_back_copy_keeps_the_occurrence():
    # 01:30 CDT (first occurrence, 06:30Z) on a normal day, copied onto the fall-back day
    first = source(utc(2030, 10, 27, 6, 30), utc(2030, 10, 27, 7, 30), operatory_id=None)
    plan = copy_plan([first], date(2030, 10, 27), date(2030, 11, 3), CHICAGO)
    # 01:30 CDT to 02:30 CST: the first 01:30, and two real hours
    assert plan.blockouts == [
        NewBlockout(LUNCH, None, utc(2030, 11, 3, 6, 30), utc(2030, 11, 3, 8, 30))
    ]
    # the second 01:30 (CST, 07:30Z) copied a week later is 01:30 CST there
    second = source(utc(2030, 11, 3, 7, 30), utc(2030, 11, 3, 8))
    plan = copy_plan([second], date(2030, 11, 3), date(2030, 11, 10), CHICAGO)
    assert plan.blockouts == [
        NewBlockout(LUNCH, OP, utc(2030, 11, 10, 7, 30), utc(2030, 11, 10, 8))
    ]


def test_existing_blockouts_are_not_duplicated():
    lunch = source(utc(2030, 1, 7, 18), utc(2030, 1, 7, 18, 30))
    there = NewBlockout(LUNCH, OP, utc(2030, 1, 14, 18), utc(2030, 1, 14, 18, 30))
    plan = copy_plan([lunch], date(2030, 1, 7), date(2030, 1, 14), CHICAGO, existing=[there])
    assert plan.blockouts == []
    assert plan.warnings == [
        Skipped(SkipReason.ALREADY_THERE, "Skipped Lunch 12:00-12:30 on 2030-01-14: it is already there")
    ]  # fmt: skip


def test_copy_days_maps_each_day_of_a_week():
    monday = source(utc(2030, 3, 4, 18), utc(2030, 3, 4, 18, 30))
    sunday = source(utc(2030, 3, 10, 17), utc(2030, 3, 10, 18), operatory_id=None)
    plan = copy_days_plan([sunday, monday], date(2030, 3, 4), date(2030, 2, 25), 7, CHICAGO)
    assert plan.blockouts == [
        NewBlockout(LUNCH, OP, utc(2030, 2, 25, 18), utc(2030, 2, 25, 18, 30)),
        # Sunday 2030-03-10 12:00 CDT becomes Sunday 2030-03-03 12:00 CST
        NewBlockout(LUNCH, None, utc(2030, 3, 3, 18), utc(2030, 3, 3, 19)),
    ]


def test_repeat_weeks_across_dst():
    lunch = source(utc(2030, 3, 1, 18), utc(2030, 3, 1, 18, 30))
    plan = repeat_plan([lunch], date(2030, 3, 1), 1, 2, CHICAGO)
    assert [(b.start_at, b.end_at) for b in plan.blockouts] == [
        (utc(2030, 3, 8, 18), utc(2030, 3, 8, 18, 30)),
        (utc(2030, 3, 15, 17), utc(2030, 3, 15, 17, 30)),
    ]


@pytest.mark.parametrize("weeks", [0, 53])
def test_repeat_weeks_is_1_to_52(weeks):
    with pytest.raises(ValueError, match="between 1 and 52"):
        repeat_plan([], date(2030, 3, 1), 7, weeks, CHICAGO)


def test_template_on_a_spring_forward_day():
    items = [
        TemplateItem(LUNCH, None, time(12), time(12, 30), "Lunch", type_name="Lunch"),
        TemplateItem(MEETING, OP, time(2, 15), time(2, 45), type_name="Night"),
    ]
    plan = template_plan(items, date(2030, 3, 10), CHICAGO)
    assert plan.blockouts == [
        NewBlockout(LUNCH, None, utc(2030, 3, 10, 17), utc(2030, 3, 10, 17, 30), "Lunch")
    ]
    assert plan.warnings == [
        Skipped(SkipReason.NONEXISTENT_TIME, "Skipped Night 02:15-02:45 on 2030-03-10: that time "
                "does not exist in America/Chicago (clocks spring forward)")
    ]  # fmt: skip


def test_template_on_a_fall_back_day_uses_the_first_occurrence():
    items = [TemplateItem(LUNCH, OP, time(1), time(2))]
    plan = template_plan(items, date(2030, 11, 3), CHICAGO)
    # 01:00 CDT (06:00Z) to 02:00 CST (08:00Z): two real hours
    assert plan.blockouts == [NewBlockout(LUNCH, OP, utc(2030, 11, 3, 6), utc(2030, 11, 3, 8))]


def test_no_schedule_blockouts_in_the_operatory_or_location_wide_conflict():
    candidate = Booking(None, OP, frozenset(), utc(2030, 1, 7, 18), utc(2030, 1, 7, 19))
    ids = [uuid.UUID(int=n) for n in range(100, 106)]
    blocked = [
        BlockedTime(ids[0], OP, utc(2030, 1, 7, 18, 30), utc(2030, 1, 7, 19, 30)),
        BlockedTime(ids[1], None, utc(2030, 1, 7, 17), utc(2030, 1, 7, 18, 15)),
        BlockedTime(ids[2], OTHER_OP, utc(2030, 1, 7, 18), utc(2030, 1, 7, 19)),
        BlockedTime(ids[3], OP, utc(2030, 1, 7, 18), utc(2030, 1, 7, 19), no_schedule=False),
        BlockedTime(ids[4], OP, utc(2030, 1, 7, 19), utc(2030, 1, 7, 20)),  # touches the end
        BlockedTime(ids[5], None, utc(2030, 1, 7, 17), utc(2030, 1, 7, 18)),  # touches the start
    ]
    assert blockout_conflicts(candidate, blocked) == [
        Conflict(ConflictReason.BLOCKED_TIME_CONFLICT, blockout_id=ids[1]),
        Conflict(ConflictReason.BLOCKED_TIME_CONFLICT, blockout_id=ids[0]),
    ]
