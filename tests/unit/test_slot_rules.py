"""Unit and property tests of the slot rules (no database)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.slots import (
    OperatoryAvailability,
    ProviderAvailability,
    SlotRules,
    WorkingPeriod,
    open_slots,
)
from tests.support.slot_reference import bookable

P1, P2 = uuid.UUID(int=1), uuid.UUID(int=2)
OP1, OP2 = uuid.UUID(int=11), uuid.UUID(int=12)
DAY = datetime(2030, 1, 7, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


def rules(
    minutes: int = 30,
    step: int = 15,
    earliest: datetime = DAY,
    latest: datetime = DAY + timedelta(days=1),
) -> SlotRules:
    return SlotRules(timedelta(minutes=minutes), timedelta(minutes=step), earliest, latest)


def test_slots_fill_a_period_and_skip_busy_time():
    provider = ProviderAvailability(P1, [WorkingPeriod(at(9), at(11))], busy=[(at(9, 30), at(10))])
    operatory = OperatoryAvailability(OP1, busy=[(at(10, 15), at(10, 30))])
    slots = open_slots([provider], [operatory], rules())
    assert [(s.start_at.strftime("%H:%M"), s.end_at.strftime("%H:%M")) for s in slots] == [
        ("09:00", "09:30"),
        ("10:30", "11:00"),
    ]


def test_a_period_tied_to_an_operatory_uses_only_that_one():
    provider = ProviderAvailability(P1, [WorkingPeriod(at(9), at(10), operatory_id=OP2)])
    slots = open_slots(
        [provider],
        [OperatoryAvailability(OP1), OperatoryAvailability(OP2, busy=[(at(9), at(9, 30))])],
        rules(),
    )
    assert [(s.start_at.strftime("%H:%M"), s.operatory_id) for s in slots] == [("09:30", OP2)]


def test_lead_time_and_window_cut_the_range():
    provider = ProviderAvailability(P1, [WorkingPeriod(at(9), at(12))])
    slots = open_slots(
        [provider],
        [OperatoryAvailability(OP1)],
        rules(minutes=60, step=60, earliest=at(9, 10), latest=at(11, 1)),
    )
    assert [s.start_at.strftime("%H:%M") for s in slots] == ["10:00", "11:00"]


def test_ties_follow_provider_order_and_limit():
    periods = [WorkingPeriod(at(9), at(10))]
    slots = open_slots(
        [ProviderAvailability(P2, periods), ProviderAvailability(P1, periods)],
        [OperatoryAvailability(OP1), OperatoryAvailability(OP2)],
        rules(),
        limit=3,
    )
    assert [(s.start_at.strftime("%H:%M"), s.provider_id, s.operatory_id) for s in slots] == [
        ("09:00", P2, OP1),
        ("09:00", P1, OP1),
        ("09:15", P2, OP1),
    ]


intervals = st.builds(
    lambda start, length: (
        at(7) + timedelta(minutes=5 * start),
        at(7) + timedelta(minutes=5 * (start + length)),
    ),
    st.integers(0, 140),
    st.integers(1, 24),
)


@settings(max_examples=200, deadline=None)
@given(
    provider_busy=st.lists(intervals, max_size=5),
    op1_busy=st.lists(intervals, max_size=5),
    op2_busy=st.lists(intervals, max_size=5),
    duration=st.sampled_from([15, 30, 45, 60]),
)
def test_every_offered_slot_passes_the_booking_rule_and_every_passing_start_is_offered(
    provider_busy, op1_busy, op2_busy, duration
):
    provider = ProviderAvailability(
        P1, [WorkingPeriod(at(8), at(12)), WorkingPeriod(at(13), at(17))], busy=provider_busy
    )
    operatories = [
        OperatoryAvailability(OP1, busy=op1_busy),
        OperatoryAvailability(OP2, busy=op2_busy),
    ]
    slot_rules = rules(minutes=duration)
    offered = open_slots([provider], operatories, slot_rules)
    for slot in offered:
        chosen = next(op for op in operatories if op.operatory_id == slot.operatory_id)
        assert bookable(provider, chosen, slot.start_at, slot.end_at)
    offered_starts = {slot.start_at for slot in offered}
    start = at(7)
    while start < at(18):
        end = start + slot_rules.duration
        takes = any(bookable(provider, op, start, end) for op in operatories)
        assert takes == (start in offered_starts), start
        start += slot_rules.step
