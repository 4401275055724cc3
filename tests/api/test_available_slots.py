"""Slot search on real PostgreSQL: what it offers can be booked, and bookings obey the same rules."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from tests.support.blockout_documents import make_blockout, make_blockout_type
from tests.support.factories import global_id, make_practice, make_schedule
from tests.support.lifecycle_documents import BOOK, booking_input, local, soon

CHICAGO = ZoneInfo("America/Chicago")
SLOTS = """
query ($l: ID!, $t: ID!, $from: Date!, $to: Date!, $p: [ID!]) {
  availableSlots(locationId: $l, appointmentTypeId: $t, from: $from, to: $to, providerIds: $p) {
    localDate localStartTime localEndTime provider { id } operatory { id }
  }
  slotCount(locationId: $l, appointmentTypeId: $t, from: $from, to: $to, providerIds: $p)
}
"""
CHECK = """
query ($input: CheckConflictsInput!) { checkConflicts(input: $input) { hasConflicts reasons } }
"""


async def scheduled_practice(engine, start: time = time(9), end: time = time(12)):
    practice = await make_practice(engine)
    await make_schedule(engine, practice.provider, practice.location, start=start, end=end)
    return practice


def slot_vars(practice, day: str, last: str | None = None) -> dict:
    return {
        "l": global_id("Location", practice.location.id),
        "t": global_id("AppointmentType", practice.appointment_type.id),
        "from": day,
        "to": last or day,
        "p": [global_id("Provider", practice.provider.id)],
    }


async def starts(execute, practice, day: str, viewer=None) -> list[str]:
    result = await execute(SLOTS, slot_vars(practice, day), viewer=viewer or practice.staff)
    assert result.errors is None, result.errors
    return [slot["localStartTime"] for slot in result.data["availableSlots"]]


async def test_slots_skip_appointments_and_no_schedule_blockouts(engine, execute):
    # given 09:00-12:00 working hours, a 60-minute type, a booking at 10:00 and lunch at 11:30
    practice = await scheduled_practice(engine)
    day = soon(8)
    booked = await execute(
        BOOK, {"input": booking_input(practice, date=day, start="10:00")}, viewer=practice.staff
    )
    assert booked.data["bookAppointment"]["userErrors"] == []
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    await make_blockout(engine, practice, lunch, local(day, 11, 30), local(day, 12))
    # then only 09:00 fits (10:15.. overlap the booking; 11:00 would run into lunch)
    assert await starts(execute, practice, day) == ["09:00:00"]
    counted = await execute(SLOTS, slot_vars(practice, day), viewer=practice.staff)
    assert counted.data["slotCount"] == 1


async def test_a_patient_books_an_offered_slot_and_it_disappears(engine, execute):
    practice = await scheduled_practice(engine)
    day = soon(9)
    offered = await starts(execute, practice, day, viewer=practice.patient_viewer())
    assert offered[:3] == ["09:00:00", "09:15:00", "09:30:00"]
    result = await execute(
        BOOK,
        {"input": booking_input(practice, date=day, start="09:30")},
        viewer=practice.patient_viewer(),
    )
    assert result.data["bookAppointment"]["userErrors"] == []
    after = await starts(execute, practice, day, viewer=practice.patient_viewer())
    assert after == ["10:30:00", "10:45:00", "11:00:00"]


async def test_offered_and_refused_agree_with_the_booking_rules(engine, execute):
    # given a day with a booking; every start on a 15-minute grid is checked both ways
    practice = await scheduled_practice(engine, start=time(8), end=time(13))
    day = soon(10)
    await execute(
        BOOK, {"input": booking_input(practice, date=day, start="10:15")}, viewer=practice.staff
    )
    offered = set(await starts(execute, practice, day))
    for minutes in range(6 * 60, 15 * 60, 15):
        start = f"{minutes // 60:02d}:{minutes % 60:02d}"
        check = await execute(
            CHECK,
            {
                "input": {
                    "locationId": global_id("Location", practice.location.id),
                    "operatoryId": global_id("Operatory", practice.operatory.id),
                    "providerIds": [global_id("Provider", practice.provider.id)],
                    "appointmentTypeId": global_id("AppointmentType", practice.appointment_type.id),
                    "slot": {"date": day, "startTime": start},
                }
            },
            viewer=practice.staff,
        )
        assert (not check.data["checkConflicts"]["hasConflicts"]) == (f"{start}:00" in offered), (
            start
        )


async def test_booking_outside_the_schedule_is_refused_unless_staff_override(engine, execute):
    practice = await scheduled_practice(engine)
    day = soon(11)
    outside = await execute(
        BOOK, {"input": booking_input(practice, date=day, start="14:00")}, viewer=practice.staff
    )
    errors = outside.data["bookAppointment"]["userErrors"]
    # the message says what happened: nothing is booked there, the provider does not work then
    assert [(e["code"], e["message"], [c["reason"] for c in e["conflicts"]]) for e in errors] == [
        (
            "SLOT_CONFLICT",
            "The provider's schedule does not cover this time at this location",
            ["OUTSIDE_SCHEDULE"],
        )
    ]
    override = await execute(
        BOOK,
        {"input": booking_input(practice, date=day, start="14:00", allowOverlap=True)},
        viewer=practice.staff,
    )
    assert override.data["bookAppointment"]["userErrors"] == []


@pytest.mark.parametrize("days_ahead", [13, 14, 60])
async def test_next_available_slot_looks_far_ahead_in_one_call(engine, execute, days_ahead):
    # given a provider who only works on one day: the last day of the fortnight searched
    # first, the first day after it, or 60 days from now
    practice = await make_practice(engine)
    day = soon(days_ahead)
    weekday = datetime.fromisoformat(day).weekday()
    await make_schedule(
        engine,
        practice.provider,
        practice.location,
        start=time(14),
        end=time(16),
        weekdays=range(weekday, weekday + 1),
    )
    async with engine.begin() as connection:
        from sqlalchemy import text

        await connection.execute(
            text("UPDATE provider_schedule_templates SET effective_from = :d"),
            {"d": datetime.fromisoformat(day).date()},
        )
    result = await execute(
        "query ($l: ID!, $t: ID!) { nextAvailableSlot(locationId: $l, appointmentTypeId: $t) { localDate localStartTime } }",
        {
            "l": global_id("Location", practice.location.id),
            "t": global_id("AppointmentType", practice.appointment_type.id),
        },
        viewer=practice.staff,
    )
    assert result.data["nextAvailableSlot"] == {"localDate": day, "localStartTime": "14:00:00"}


@pytest.mark.parametrize(
    ("zone", "day", "gap_hour"),
    [("America/Chicago", "2027-03-14", "02:"), ("Europe/London", "2027-03-28", "01:")],
)
async def test_no_slot_starts_inside_the_spring_forward_gap(engine, execute, zone, day, gap_hour):
    practice = await make_practice(engine, time_zone=zone)
    await make_schedule(engine, practice.provider, practice.location, start=time(0), end=time(5))
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE appointment_types SET duration_minutes = 30"))
    result = await execute(SLOTS, slot_vars(practice, day), viewer=practice.staff)
    local_starts = [slot["localStartTime"] for slot in result.data["availableSlots"]]
    assert not any(start.startswith(gap_hour) for start in local_starts)
    assert local_starts[:2] == ["00:00:00", "00:15:00"]
    assert len(local_starts) == (4 * 60 - 30) // 15 + 1  # 4 real hours between 00:00 and 05:00


async def test_ranges_are_capped_and_other_organizations_see_nothing(engine, execute):
    practice = await scheduled_practice(engine)
    other = await make_practice(engine)
    too_long = await execute(SLOTS, slot_vars(practice, soon(1), soon(200)), viewer=practice.staff)
    assert too_long.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": "to"}
    foreign = await execute(SLOTS, slot_vars(practice, soon(1)), viewer=other.staff)
    assert foreign.data == {"availableSlots": None, "slotCount": 0}
