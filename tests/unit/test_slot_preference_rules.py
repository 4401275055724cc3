"""scheduling.slot_preferences without a database: which preferences a slot misses, and the
order that puts the slots meeting more of them first."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from scheduling.slot_preferences import SlotPreferences, misses, preferred_first
from scheduling.slots import Slot

CHICAGO = ZoneInfo("America/Chicago")
LEE, NG = uuid.uuid4(), uuid.uuid4()
HERE, THERE = uuid.uuid4(), uuid.uuid4()
ROOM = uuid.uuid4()


def slot(day: int, hour: int, minute: int = 0, provider=LEE, minutes: int = 60) -> Slot:
    # 2026-12-07 is a Monday
    start = datetime(2026, 12, day, hour, minute, tzinfo=CHICAGO)
    return Slot(start, start + timedelta(minutes=minutes), provider, ROOM)


def prefs(days=(), windows=(), providers=(), locations=()) -> SlotPreferences:
    return SlotPreferences(
        frozenset(days), tuple(windows), frozenset(providers), frozenset(locations)
    )


def test_each_preference_named_and_missed_counts_once():
    every = prefs(days=[1], windows=[(9 * 60, 12 * 60)], providers=[LEE], locations=[HERE])
    assert misses(slot(7, 9), every, CHICAGO, HERE) == 0
    assert misses(slot(8, 9), every, CHICAGO, HERE) == 1  # a Tuesday
    assert misses(slot(7, 11, 30), every, CHICAGO, HERE) == 1  # ends 12:30, past the window
    assert misses(slot(7, 9, provider=NG), every, CHICAGO, HERE) == 1
    assert misses(slot(7, 9), every, CHICAGO, THERE) == 1
    assert misses(slot(8, 13, provider=NG), every, CHICAGO, THERE) == 4
    # nothing named restricts nothing
    assert misses(slot(8, 13, provider=NG), prefs(), CHICAGO, THERE) == 0


def test_a_slot_must_fit_inside_one_window_and_not_run_past_midnight():
    windows = prefs(windows=[(8 * 60, 10 * 60), (10 * 60, 11 * 60)])
    assert misses(slot(7, 9, 30), windows, CHICAGO, HERE) == 1  # spans two windows
    late = prefs(windows=[(22 * 60, 23 * 60 + 59)])
    assert misses(slot(7, 23, 30), late, CHICAGO, HERE) == 1


def test_preferred_slots_come_first_and_the_order_holds_among_equals():
    slots = [slot(7, 8), slot(7, 9), slot(7, 10, provider=NG), slot(8, 10, provider=NG)]
    ordered = preferred_first(slots, prefs(days=[1], providers=[NG]), CHICAGO, HERE)
    assert ordered == [slots[2], slots[0], slots[1], slots[3]]
    assert [s.provider_id for s in ordered] == [NG, LEE, LEE, NG]
    assert preferred_first(slots, prefs(), CHICAGO, HERE) == slots
