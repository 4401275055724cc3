"""Slot search reads busy time merged in PostgreSQL (db/queries/availability.py): touching and
overlapping spans of one provider across operatories, of one operatory across providers, an
additional provider, lapsed and live holds, a cancelled visit and blocked time, on the day the
clocks fall back. The slots are worked out by hand, start by start."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text

from scheduling.appointment_status import AppointmentStatus
from tests.support.blockout_documents import make_blockout, make_blockout_type
from tests.support.factories import (
    global_id,
    make_appointment,
    make_operatory,
    make_practice,
    make_provider,
    make_schedule,
)


def fall_back_day() -> date:
    """The next day Chicago's clocks fall back (the first Sunday of November), two days ahead
    or later (a search offers nothing before now): 00:00 CDT is 05:00Z, 01:00-02:00 comes twice (06:00Z and 07:00Z), and a 00:00-03:00
    working period lasts four real hours, 05:00Z-09:00Z."""
    soonest = datetime.now(UTC).date() + timedelta(days=2)
    for year in (soonest.year, soonest.year + 1):
        first = date(year, 11, 1)
        sunday = first + timedelta(days=(6 - first.weekday()) % 7)
        if sunday >= soonest:
            return sunday
    raise AssertionError("unreachable")


DAY = fall_back_day()
SLOTS = """
query ($l: ID!, $t: ID!, $from: Date!, $to: Date!, $p: [ID!]) {
  availableSlots(locationId: $l, appointmentTypeId: $t, from: $from, to: $to, providerIds: $p) {
    startAt localStartTime provider { id } operatory { id }
  }
  slotCount(locationId: $l, appointmentTypeId: $t, from: $from, to: $to, providerIds: $p)
}
"""


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), tzinfo=UTC)


async def set_hold(engine, appointment, expires: str) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE appointments SET status = 'hold', "
                f"hold_expires_at = clock_timestamp() + interval '{expires}' WHERE id = :id"
            ),
            {"id": appointment.id},
        )


async def test_merged_busy_time_offers_exactly_the_free_starts(engine, execute):
    # given providers A and B working 00:00-03:00 local, rooms R1 then R2, a 30-minute type
    practice = await make_practice(engine)
    a, r1 = practice.provider, practice.operatory
    b = await make_provider(engine, practice.org, last_name="Ng")
    r2 = await make_operatory(engine, practice.location, sort_order=1)
    for provider in (a, b):
        await make_schedule(engine, provider, practice.location, start=time(0), end=time(3))
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE appointment_types SET duration_minutes = 30"))

    async def book(provider, room, start, end, **extra):
        return await make_appointment(
            engine, practice, start_at=start, end_at=end, provider=provider, operatory=room, **extra
        )

    # A: 05:00-05:30 in R1 touching 05:30-06:00 in R2 (busy 05:00-06:00 across two rooms)
    await book(a, r1, at(5), at(5, 30))
    await book(a, r2, at(5, 30), at(6))
    # R1: B's 05:30-06:15 touches A's 05:00-05:30 (busy 05:00-06:15 across two providers)
    await book(b, r1, at(5, 30), at(6, 15))
    # B in R2 06:45-07:00 with A as additional provider: both busy then
    await book(b, r2, at(6, 45), at(7), additional_providers=[a])
    # a lapsed hold and a cancelled visit take nothing; B's live hold takes B and R2
    await set_hold(engine, await book(a, r1, at(7, 30), at(8)), "-1 minute")
    await book(b, r1, at(7, 30), at(8), status=AppointmentStatus.CANCELLED)
    await set_hold(engine, await book(b, r2, at(8), at(8, 15)), "1 day")
    # no-schedule blocked time everywhere 08:45-09:00; other blocked time takes nothing
    closed = await make_blockout_type(engine, practice, name="Closed")
    await make_blockout(engine, practice, closed, at(8, 45), at(9))
    note = await make_blockout_type(engine, practice, name="Note", no_schedule=False)
    await make_blockout(engine, practice, note, at(6), at(6, 15), operatory=r2)

    # when slot search looks at the day for A then B
    variables = {
        "l": global_id("Location", practice.location.id),
        "t": global_id("AppointmentType", practice.appointment_type.id),
        "from": DAY.isoformat(),
        "to": DAY.isoformat(),
        "p": [global_id("Provider", a.id), global_id("Provider", b.id)],
    }
    result = await execute(SLOTS, variables, viewer=practice.staff)
    assert result.errors is None, result.errors

    # then each start is free for the provider and the first free room, and nothing else is
    names = {
        global_id("Provider", a.id): "A",
        global_id("Provider", b.id): "B",
        global_id("Operatory", r1.id): "R1",
        global_id("Operatory", r2.id): "R2",
    }
    offered = [
        (
            slot["startAt"][11:16],
            slot["localStartTime"][:5],
            names[slot["provider"]["id"]],
            names[slot["operatory"]["id"]],
        )
        for slot in result.data["availableSlots"]
    ]
    assert offered == [
        ("05:00", "00:00", "B", "R2"),
        ("06:00", "01:00", "A", "R2"),
        ("06:15", "01:15", "A", "R1"),
        ("06:15", "01:15", "B", "R1"),
        ("07:00", "01:00", "A", "R1"),
        ("07:00", "01:00", "B", "R1"),
        ("07:15", "01:15", "A", "R1"),
        ("07:15", "01:15", "B", "R1"),
        ("07:30", "01:30", "A", "R1"),
        ("07:30", "01:30", "B", "R1"),
        ("07:45", "01:45", "A", "R1"),
        ("08:00", "02:00", "A", "R1"),
        ("08:15", "02:15", "A", "R1"),
        ("08:15", "02:15", "B", "R1"),
    ]
    days = {slot["startAt"][:10] for slot in result.data["availableSlots"]}
    assert days == {DAY.isoformat()}
    assert result.data["slotCount"] == 14
