"""calendarDay, calendarWeek and calendarMonth without a date: today, this week and this month
on the location's wall calendar (its zone), not the server's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.factories import global_id, make_appointment, make_practice

CALENDARS = """
query ($locationId: ID!) {
  calendarDay(locationId: $locationId) { date appointments { id } }
  calendarWeek(locationId: $locationId) { weekStart days { date } }
  calendarMonth(locationId: $locationId) { month days { date } }
}
"""

# A day apart for most of the day: whatever the server's zone, one of them is not UTC's today.
ZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Chicago"]


def local_dates(zone: ZoneInfo) -> tuple[str, str, str]:
    """(today, this week's Monday, this month) on the wall calendar of `zone`, now."""
    today = datetime.now(zone).date()
    monday = today - timedelta(days=today.weekday())
    return today.isoformat(), monday.isoformat(), today.strftime("%Y-%m")


@pytest.mark.parametrize("zone", ZONES)
async def test_calendars_default_to_the_present_in_the_location_zone(engine, execute, zone):
    # given a practice in the zone and an appointment that starts now there
    practice = await make_practice(engine, time_zone=zone)
    now = datetime.now(UTC).replace(microsecond=0)
    booked = await make_appointment(
        engine, practice, start_at=now, end_at=now + timedelta(minutes=30)
    )
    # when the calendars are asked for without a date
    before = local_dates(ZoneInfo(zone))
    result = await execute(
        CALENDARS, {"locationId": global_id("Location", practice.location.id)},
        viewer=practice.staff,
    )  # fmt: skip
    after = local_dates(ZoneInfo(zone))
    # then they show the location's today, week and month (read around the request: a local
    # midnight may pass while it runs)
    assert result.errors is None, result.errors
    data = result.data
    shown = (
        data["calendarDay"]["date"], data["calendarWeek"]["weekStart"],
        data["calendarMonth"]["month"],
    )  # fmt: skip
    assert shown in {before, after}
    assert data["calendarWeek"]["days"][0]["date"] == shown[1]
    assert len(data["calendarWeek"]["days"]) == 7
    assert data["calendarMonth"]["days"][0]["date"] == f"{shown[2]}-01"
    # and today's calendar holds the appointment that starts now
    if shown == before == after:
        assert [a["id"] for a in data["calendarDay"]["appointments"]] == [
            global_id("Appointment", booked.id)
        ]


async def test_an_explicit_date_still_wins(engine, execute):
    practice = await make_practice(engine)
    result = await execute(
        """query ($l: ID!) { calendarWeek(locationId: $l, weekStart: "2026-11-18") { weekStart }
           calendarMonth(locationId: $l, month: "2027-02") { days { date } } }""",
        {"l": global_id("Location", practice.location.id)},
        viewer=practice.staff,
    )
    assert result.errors is None, result.errors
    assert result.data["calendarWeek"]["weekStart"] == "2026-11-18"
    assert len(result.data["calendarMonth"]["days"]) == 28
