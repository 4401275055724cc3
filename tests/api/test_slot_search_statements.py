"""Slot search on PostgreSQL: constant statements, one set of reads per search and request,
and a limited search is the beginning of the whole answer."""

from __future__ import annotations

from datetime import time, timedelta

from tests.support.factories import (
    global_id,
    make_appointment,
    make_operatory,
    make_practice,
    make_provider,
    make_schedule,
)
from tests.support.lifecycle_documents import local, soon

SEARCH = """
query ($l: ID!, $t: ID!, $from: Date!, $to: Date!, $p: [ID!], $first: Int!) {
  availableSlots(locationId: $l, appointmentTypeId: $t, from: $from, to: $to, providerIds: $p,
                 first: $first) {
    startAt provider { id } operatory { id }
  }
  slotCount(locationId: $l, appointmentTypeId: $t, from: $from, to: $to, providerIds: $p)
}
"""
SLOTS_ONLY = """
query ($l: ID!, $t: ID!, $from: Date!, $to: Date!, $p: [ID!], $first: Int!) {
  availableSlots(locationId: $l, appointmentTypeId: $t, from: $from, to: $to, providerIds: $p,
                 first: $first) {
    startAt provider { id } operatory { id }
  }
}
"""
# The location, type, templates, overrides, busy time (bookings and no-schedule blocked time,
# merged in one statement), operatories, the slots' providers, the providers and locations
# offering the type, and the locations the providers work at. (Entering the organization is
# no statement of the request's: db/read_scope.py.)
STATEMENTS = 10


async def busy_practice(engine):
    """Two providers 09:00-12:00 every day, two operatories, bookings on a few days."""
    practice = await make_practice(engine)
    second_room = await make_operatory(engine, practice.location, sort_order=1)
    second = await make_provider(engine, practice.org, last_name="Ng")
    for provider in (practice.provider, second):
        await make_schedule(engine, provider, practice.location, start=time(9), end=time(12))
    for offset in (2, 3, 5):
        day = soon(offset)
        await make_appointment(
            engine, practice, start_at=local(day, 9, 30), end_at=local(day, 10, 30)
        )
        await make_appointment(
            engine,
            practice,
            start_at=local(day, 10),
            end_at=local(day, 11),
            operatory=second_room,
            provider=second,
        )
    return practice, second


def search(practice, providers, days: int, first: int) -> dict:
    return {
        "l": global_id("Location", practice.location.id),
        "t": global_id("AppointmentType", practice.appointment_type.id),
        "from": soon(1),
        "to": soon(days),
        "p": [global_id("Provider", provider.id) for provider in providers],
        "first": first,
    }


async def test_statements_do_not_grow_with_days_or_providers_and_fields_share_reads(
    engine, execute, count_statements
):
    practice, second = await busy_practice(engine)
    counts = []
    for document, providers, days in [
        (SEARCH, [practice.provider], 1),
        (SEARCH, [practice.provider, second], 60),
        (SLOTS_ONLY, [practice.provider, second], 60),
    ]:
        with count_statements() as counter:
            result = await execute(
                document, search(practice, providers, days, 100), viewer=practice.staff
            )
        assert result.errors is None, result.errors
        assert result.data["availableSlots"]
        counts.append(counter.count)
    assert counts == [STATEMENTS] * 3


async def test_the_first_slots_begin_the_whole_answer_and_the_count_matches_it(engine, execute):
    practice, second = await busy_practice(engine)
    providers = [second, practice.provider]
    whole = await execute(SEARCH, search(practice, providers, 7, 500), viewer=practice.staff)
    slots = whole.data["availableSlots"]
    assert whole.data["slotCount"] == len(slots) < 500
    for first in (1, 7, 13, len(slots) - 1):
        part = await execute(SEARCH, search(practice, providers, 7, first), viewer=practice.staff)
        assert part.data["availableSlots"] == slots[:first]
        assert part.data["slotCount"] == len(slots)
    # ties at one start go by the order the providers were asked in
    starts = [slot["startAt"] for slot in slots]
    assert starts == sorted(starts)
    tied = [slot["provider"]["id"] for slot in slots if starts.count(slot["startAt"]) == 2]
    assert tied[:2] == [
        global_id("Provider", second.id),
        global_id("Provider", practice.provider.id),
    ]


async def test_a_day_without_slots_is_passed_over(engine, execute):
    practice, _ = await busy_practice(engine)
    day = soon(1)
    await make_appointment(
        engine, practice, start_at=local(day, 9), end_at=local(day, 9) + timedelta(hours=3)
    )
    over_three_days = search(practice, [practice.provider], 3, 1)
    from_the_second = {**over_three_days, "from": soon(2)}
    result = await execute(SEARCH, over_three_days, viewer=practice.staff)
    expected = await execute(SEARCH, from_the_second, viewer=practice.staff)
    assert result.data["availableSlots"] == expected.data["availableSlots"]
    assert len(result.data["availableSlots"]) == 1
    assert result.data["slotCount"] == expected.data["slotCount"] > 0
