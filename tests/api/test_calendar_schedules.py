"""Provider schedules and schedule notes on calendar days, in a constant number of statements."""

from __future__ import annotations

from datetime import date, time

from db.models import ProviderScheduleOverride, ScheduleNote
from tests.support.factories import global_id, make_operatory, make_practice, make_provider
from tests.support.schedule_documents import add_template, insert_row

SCHEDULES = """scheduleNote { note }
  providerSchedules { provider { id lastName } isOverride reason
    periods { startsAt endsAt operatory { id } template { id weekday } } }"""
WEEK = f"""query ($l: ID!) {{ calendarWeek(locationId: $l, weekStart: "2030-01-07") {{
  days {{ date {SCHEDULES} }} }} }}"""
DAY = (
    f"""query ($l: ID!, $d: Date!) {{ calendarDay(locationId: $l, date: $d) {{ {SCHEDULES} }} }}"""
)


async def _staffed(engine, providers: int):
    """A practice whose providers each work Mon-Sat in their own operatory, plus overrides."""
    practice = await make_practice(engine)
    staff = [practice.provider] + [
        await make_provider(engine, practice.org, last_name=f"P{n:02d}")
        for n in range(providers - 1)
    ]
    for provider in staff:
        chair = await make_operatory(engine, practice.location)
        for weekday in range(6):
            await add_template(
                engine, provider, practice.location, weekday, time(8), time(17),
                operatory_id=chair.id,
            )  # fmt: skip
    for provider in staff[:2]:
        await insert_row(
            engine, ProviderScheduleOverride, organization_id=practice.org.id,
            provider_id=provider.id, location_id=practice.location.id,
            override_date=date(2030, 1, 9), is_unavailable=True, reason="Course",
        )  # fmt: skip
    await insert_row(
        engine, ScheduleNote, organization_id=practice.org.id, location_id=practice.location.id,
        note_date=date(2030, 1, 7), note="Team huddle 07:45",
    )  # fmt: skip
    return practice


async def _count(engine, execute, count_statements, providers: int) -> tuple[int, int]:
    practice = await _staffed(engine, providers)
    with count_statements() as counter:
        result = await execute(
            WEEK, {"l": global_id("Location", practice.location.id)}, viewer=practice.staff
        )
    assert result.errors is None
    days = result.data["calendarWeek"]["days"]
    periods = sum(len(s["periods"]) for day in days for s in day["providerSchedules"])
    return counter.count, periods


async def test_a_week_of_schedules_costs_the_same_for_2_and_20_providers(
    engine, execute, count_statements
):
    small, small_periods = await _count(engine, execute, count_statements, 2)
    large, large_periods = await _count(engine, execute, count_statements, 20)
    # Six working days; on Wednesday the first two providers are off.
    assert (small_periods, large_periods) == (2 * 6 - 2, 20 * 6 - 2)
    assert small == large
    # location, appointments, notes, templates, overrides, providers, operatories: one each
    # (templates by id are primed by the day loader, so `template { }` costs nothing).
    assert large == 7


async def test_calendar_day_shows_resolved_schedules_and_the_note(engine, execute):
    practice = await _staffed(engine, 2)
    location = global_id("Location", practice.location.id)
    monday = await execute(DAY, {"l": location, "d": "2030-01-07"}, viewer=practice.staff)
    assert monday.errors is None
    day = monday.data["calendarDay"]
    assert day["scheduleNote"] == {"note": "Team huddle 07:45"}
    assert [(s["provider"]["lastName"], s["isOverride"]) for s in day["providerSchedules"]] == [
        ("Lee", False),
        ("P00", False),
    ]
    first = day["providerSchedules"][0]["periods"][0]
    assert (first["startsAt"], first["endsAt"], first["template"]["weekday"]) == (
        "2030-01-07T14:00:00+00:00",
        "2030-01-07T23:00:00+00:00",
        "MONDAY",
    )
    wednesday = await execute(DAY, {"l": location, "d": "2030-01-09"}, viewer=practice.staff)
    schedules = wednesday.data["calendarDay"]["providerSchedules"]
    assert [(s["isOverride"], s["reason"], s["periods"]) for s in schedules] == [
        (True, "Course", []),
        (True, "Course", []),
    ]
    assert wednesday.data["calendarDay"]["scheduleNote"] is None
    sunday = await execute(DAY, {"l": location, "d": "2030-01-13"}, viewer=practice.staff)
    assert sunday.data["calendarDay"]["providerSchedules"] == []
