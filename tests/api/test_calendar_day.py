"""calendarDay: local days, DST day lengths and local times, through the schema."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.factories import global_id, make_appointment, make_practice

CALENDAR_DAY = """
query ($locationId: ID!, $date: Date!) {
  calendarDay(locationId: $locationId, date: $date) {
    date timeZone dayHours startsAt endsAt
    appointments { id localDate localStartTime localEndTime durationMinutes status }
  }
}
"""


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "hours", "starts_at", "ends_at"),
    [
        (
            "America/Chicago",
            "2026-03-08",
            23,
            "2026-03-08T06:00:00+00:00",
            "2026-03-09T05:00:00+00:00",
        ),
        (
            "America/Chicago",
            "2026-11-01",
            25,
            "2026-11-01T05:00:00+00:00",
            "2026-11-02T06:00:00+00:00",
        ),
        (
            "America/Chicago",
            "2026-11-02",
            24,
            "2026-11-02T06:00:00+00:00",
            "2026-11-03T06:00:00+00:00",
        ),
        (
            "Europe/London",
            "2026-03-29",
            23,
            "2026-03-29T00:00:00+00:00",
            "2026-03-29T23:00:00+00:00",
        ),
        (
            "Europe/London",
            "2026-10-25",
            25,
            "2026-10-24T23:00:00+00:00",
            "2026-10-26T00:00:00+00:00",
        ),
    ],
)
async def test_day_length_and_bounds_follow_dst(
    engine, execute, zone, day, hours, starts_at, ends_at
):
    # given a location in the zone
    practice = await make_practice(engine, time_zone=zone)
    # when the day is read
    result = await execute(
        CALENDAR_DAY,
        {"locationId": global_id("Location", practice.location.id), "date": day},
        viewer=practice.staff,
    )
    # then its length and bounds are those of the local day
    assert result.errors is None
    assert result.data["calendarDay"] == {
        "date": day,
        "timeZone": zone,
        "dayHours": hours,
        "startsAt": starts_at,
        "endsAt": ends_at,
        "appointments": [],
    }


async def test_local_times_on_fall_back_day_in_chicago(engine, execute):
    # given appointments before and after 01:00-02:00 repeats on 2026-11-01 in Chicago
    practice = await make_practice(engine, time_zone="America/Chicago")
    early = await make_appointment(
        engine, practice, start_at=utc(2026, 11, 1, 6, 30), end_at=utc(2026, 11, 1, 7, 30)
    )
    late = await make_appointment(
        engine, practice, start_at=utc(2026, 11, 1, 15, 0), end_at=utc(2026, 11, 1, 16, 0)
    )
    # when the fall-back day is read
    result = await execute(
        CALENDAR_DAY,
        {"locationId": global_id("Location", practice.location.id), "date": "2026-11-01"},
        viewer=practice.staff,
    )
    # then 06:30Z is 01:30 CDT and the hour spans the repeated 01:xx (60 real minutes)
    assert result.errors is None
    assert result.data["calendarDay"]["appointments"] == [
        {
            "id": global_id("Appointment", early.id),
            "localDate": "2026-11-01",
            "localStartTime": "01:30:00",
            "localEndTime": "01:30:00",
            "durationMinutes": 60,
            "status": "SCHEDULED",
        },
        {
            "id": global_id("Appointment", late.id),
            "localDate": "2026-11-01",
            "localStartTime": "09:00:00",
            "localEndTime": "10:00:00",
            "durationMinutes": 60,
            "status": "SCHEDULED",
        },
    ]


async def test_day_edges_belong_to_the_local_day(engine, execute):
    # given appointments at 23:30 local the day before, 00:00 and 23:30 local on spring-forward day
    practice = await make_practice(engine, time_zone="America/Chicago")
    before = await make_appointment(
        engine, practice, start_at=utc(2026, 3, 8, 5, 30), end_at=utc(2026, 3, 8, 5, 45)
    )
    first = await make_appointment(
        engine, practice, start_at=utc(2026, 3, 8, 6, 0), end_at=utc(2026, 3, 8, 6, 15)
    )
    last = await make_appointment(
        engine, practice, start_at=utc(2026, 3, 9, 4, 30), end_at=utc(2026, 3, 9, 4, 45)
    )
    after = await make_appointment(
        engine, practice, start_at=utc(2026, 3, 9, 5, 0), end_at=utc(2026, 3, 9, 5, 15)
    )
    # when 2026-03-08 is read
    result = await execute(
        CALENDAR_DAY,
        {"locationId": global_id("Location", practice.location.id), "date": "2026-03-08"},
        viewer=practice.staff,
    )
    # then only the two that start on that local day are in it, at their local times
    appointments = result.data["calendarDay"]["appointments"]
    assert [a["id"] for a in appointments] == [
        global_id("Appointment", first.id),
        global_id("Appointment", last.id),
    ]
    assert [a["localStartTime"] for a in appointments] == ["00:00:00", "23:30:00"]
    assert {global_id("Appointment", before.id), global_id("Appointment", after.id)}.isdisjoint(
        a["id"] for a in appointments
    )
