"""The interval-arithmetic slot search against the start-by-start rule it replaced (no database)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.free_starts import BlockedStarts, BusyMicros, all_blocked, free_runs, micros
from scheduling.slots import (
    OperatoryAvailability,
    ProviderAvailability,
    Slot,
    SlotFinder,
    SlotRules,
    WorkingPeriod,
    count_open_slots,
    open_slots,
)
from tests.support.slot_reference import free_operatory, is_free

DAY = datetime(2030, 1, 7, tzinfo=UTC)
PROVIDERS = [uuid.UUID(int=n) for n in range(1, 4)]
OPERATORIES = [uuid.UUID(int=n) for n in range(11, 14)]
UNKNOWN_OPERATORY = uuid.UUID(int=99)
MINUTE = timedelta(minutes=1)


def at(minutes: int) -> datetime:
    return DAY + minutes * MINUTE


def reference_slots(
    providers: list[ProviderAvailability],
    operatories: list[OperatoryAvailability],
    rules: SlotRules,
    limit: int | None = None,
) -> list[Slot]:
    """Slot search as it was: every aligned start tested against the busy lists."""
    found: list[Slot] = []
    for provider in providers:
        for period in provider.periods:
            start = period.start_at
            if start < rules.earliest_start:
                start += -(-(rules.earliest_start - start) // rules.step) * rules.step
            while start + rules.duration <= period.end_at and start < rules.latest_start:
                end = start + rules.duration
                room = free_operatory(operatories, period, start, end)
                if is_free(provider.busy, start, end) and room is not None:
                    found.append(Slot(start, end, provider.provider_id, room))
                start += rules.step
    order = {provider.provider_id: index for index, provider in enumerate(providers)}
    found.sort(key=lambda slot: (slot.start_at, order[slot.provider_id]))
    return found[:limit] if limit is not None else found


def as_tuples(slots: list[Slot]) -> list[tuple[datetime, datetime, uuid.UUID, uuid.UUID]]:
    return [(s.start_at, s.end_at, s.provider_id, s.operatory_id) for s in slots]


# Minutes on a 5-minute grid, so that starts, ends and busy times touch and coincide often.
busy_times = st.lists(
    st.builds(
        lambda start, length: (at(5 * start), at(5 * (start + length))),
        st.integers(0, 200),
        st.integers(0, 30),  # zero-length busy time too
    ),
    max_size=6,
)
periods = st.lists(
    st.builds(
        lambda start, length, room: WorkingPeriod(at(5 * start), at(5 * (start + length)), room),
        st.integers(0, 200),
        st.integers(1, 60),
        st.sampled_from([None, None, *OPERATORIES, UNKNOWN_OPERATORY]),
    ),
    max_size=4,
)
providers = st.lists(
    st.builds(ProviderAvailability, st.sampled_from(PROVIDERS), periods, busy_times),
    min_size=1,
    max_size=4,  # the same provider may be listed twice
)
slot_rules = st.builds(
    lambda duration, step, earliest, window: SlotRules(
        duration * MINUTE, step * MINUTE, at(earliest), at(earliest + window)
    ),
    st.sampled_from([5, 15, 30, 45, 60, 90]),
    st.sampled_from([5, 10, 15, 20]),
    st.integers(-30, 600),
    st.integers(0, 1200),
)


@settings(max_examples=400, deadline=None)
@given(
    providers=providers,
    rooms=st.lists(busy_times, max_size=3),
    rules=slot_rules,
    limit=st.one_of(st.none(), st.integers(1, 40)),
)
def test_the_finder_offers_what_testing_every_start_offers(providers, rooms, rules, limit):
    operatories = [OperatoryAvailability(OPERATORIES[i], busy) for i, busy in enumerate(rooms)]
    expected = reference_slots(providers, operatories, rules, limit)
    assert as_tuples(open_slots(providers, operatories, rules, limit=limit)) == as_tuples(expected)
    assert count_open_slots(providers, operatories, rules) == len(
        reference_slots(providers, operatories, rules)
    )


def merged_like_range_agg(busy: list[tuple[datetime, datetime]]) -> BusyMicros:
    """What slot search reads from PostgreSQL: spans merged when they overlap or touch
    (range_agg), in microseconds. The database holds no empty span (end_at > start_at)."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted((micros(a), micros(b)) for a, b in busy if a < b):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return BusyMicros(starts[::-1], ends[::-1])  # any order will do


@settings(max_examples=300, deadline=None)
@given(providers=providers, rooms=st.lists(busy_times, max_size=3), rules=slot_rules)
def test_busy_time_merged_in_microseconds_offers_the_same_slots(providers, rooms, rules):
    # Touching spans joined block the same starts of a positive length as apart.
    people = [[(a, b) for a, b in p.busy if a < b] for p in providers]
    places = [[(a, b) for a, b in busy if a < b] for busy in rooms]
    expected = reference_slots(
        [
            ProviderAvailability(p.provider_id, p.periods, busy)
            for p, busy in zip(providers, people, strict=True)
        ],
        [OperatoryAvailability(OPERATORIES[i], busy) for i, busy in enumerate(places)],
        rules,
    )
    merged_providers = [
        ProviderAvailability(p.provider_id, p.periods, merged_like_range_agg(busy))
        for p, busy in zip(providers, people, strict=True)
    ]
    merged_rooms = [
        OperatoryAvailability(OPERATORIES[i], merged_like_range_agg(busy))
        for i, busy in enumerate(places)
    ]
    assert as_tuples(open_slots(merged_providers, merged_rooms, rules)) == as_tuples(expected)
    assert count_open_slots(merged_providers, merged_rooms, rules) == len(expected)


@settings(max_examples=200, deadline=None)
@given(providers=providers, rooms=st.lists(busy_times, max_size=3), rules=slot_rules)
def test_periods_given_a_day_at_a_time_give_the_whole_answer(providers, rooms, rules):
    # Two "days" far apart: the second day's periods are the first's moved by a week.
    week = timedelta(days=7)
    shifted = [
        ProviderAvailability(
            p.provider_id,
            [
                *p.periods,
                *(
                    WorkingPeriod(w.start_at + week, w.end_at + week, w.operatory_id)
                    for w in p.periods
                ),
            ],
            [*p.busy, *((start + week, end + week) for start, end in p.busy)],
        )
        for p in providers
    ]
    operatories = [OperatoryAvailability(OPERATORIES[i], busy) for i, busy in enumerate(rooms)]
    rules = SlotRules(rules.duration, rules.step, rules.earliest_start, rules.latest_start + week)
    finder = SlotFinder(shifted, operatories, rules)
    halves = [
        [(entry, w) for entry, p in enumerate(shifted) for w in p.periods if in_week(w) == second]
        for second in (False, True)
    ]
    by_day = finder.slots(halves[0]) + finder.slots(halves[1])
    assert as_tuples(by_day) == as_tuples(reference_slots(shifted, operatories, rules))
    assert finder.count(halves[0]) + finder.count(halves[1]) == len(by_day)


def in_week(period: WorkingPeriod) -> bool:
    return period.start_at >= DAY + timedelta(days=7)


def test_touching_busy_times_leave_the_start_between_them_free():
    # Busy 09:00-09:30 and 10:00-10:30 with 30-minute work: only 09:30 fits between them.
    blocked = BlockedStarts.of_busy([(at(540), at(570)), (at(600), at(630))], 30 * MINUTE)
    assert [blocked.is_free(micros(at(m))) for m in (525, 540, 569, 570, 571, 585, 630)] == [
        False,
        False,
        False,
        True,
        False,
        False,
        True,
    ]


def test_blocked_by_either_resource_is_the_union_and_touching_stays_apart():
    provider = BlockedStarts.of_busy([(at(0), at(60))], 15 * MINUTE)  # starts (-15, 60)
    room = BlockedStarts.of_busy([(at(75), at(90)), (at(45), at(65))], 15 * MINUTE)
    either = provider.union(room)  # (-15, 60), (30, 65) and (60, 90) overlap: one interval
    free = [either.is_free(micros(at(m))) for m in (-15, -14, 60, 89, 90)]
    assert free == [True, False, False, False, True]
    origin, step = micros(at(-30)), micros(15 * MINUTE)
    assert either.blocked_count(origin, step, 0, 9) == 6  # minutes 0, 15, ..., 75 of -30..105
    apart = BlockedStarts.of_busy([(at(0), at(30))], 30 * MINUTE).union(
        BlockedStarts.of_busy([(at(60), at(90))], 30 * MINUTE)
    )  # (-30, 30) and (30, 90): 30 itself is free
    origin = micros(at(0))
    # minutes 0, 15 | 45, 60, 75 of 0..90: 30 is free, and 90 (the open end) too
    assert apart.blocked_count(origin, step, 0, 6) == 5
    assert apart.is_free(micros(at(30)))


def test_blocked_in_every_room_is_the_intersection():
    first = BlockedStarts.of_busy([(at(0), at(60))], 15 * MINUTE)  # starts (-15, 60)
    second = BlockedStarts.of_busy([(at(30), at(90))], 15 * MINUTE)  # starts (15, 90)
    both = all_blocked([first, second])
    assert [both.is_free(micros(at(m))) for m in (10, 15, 16, 59, 60)] == [
        True,
        True,
        False,
        False,
        True,
    ]
    assert not all_blocked([]).is_free(micros(at(0)))


def test_free_runs_are_the_grid_minus_blocked_starts():
    origin, step = micros(at(0)), micros(15 * MINUTE)
    blocked = BlockedStarts.of_busy([(at(30), at(60))], 30 * MINUTE)  # starts (0, 60) blocked
    assert free_runs(origin, step, 0, 8, [blocked]) == [(0, 0), (4, 8)]
    assert free_runs(origin, step, 1, 3, [blocked]) == []
    assert free_runs(origin, step, 5, 4, [blocked]) == []
