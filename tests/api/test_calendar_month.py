"""calendarMonth: per local day counts and production, exact values, DST months, statements."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import insert

from db.models import Appointment
from scheduling.appointment_status import AppointmentStatus as S
from server.operation_manifest import operation_document
from tests.support.factories import (
    global_id,
    make_location,
    make_operatory,
    make_practice,
    make_provider,
)
from tests.support.graphql_errors import codes
from tests.support.production_documents import make_goal, make_priced, utc

MONTH = """
query ($locationId: ID!, $month: String!) { calendarMonth(locationId: $locationId, month: $month) {
  month timeZone scheduledProduction completedProduction lostProduction productionGoal
  appointmentCounts { onCalendar total }
  days { date dayHours scheduledProduction completedProduction lostProduction productionGoal
         appointmentCounts { hold planned scheduled complete broken cancelled unscheduled pinboard
                             expired onCalendar total } }
} }
"""
OPERATION = operation_document("CalendarMonth")


async def month(execute, practice, value: str, *, viewer=None, location=None):
    variables = {"locationId": global_id("Location", (location or practice.location).id)}
    return await execute(MONTH, {**variables, "month": value}, viewer=viewer or practice.staff)


def by_date(result) -> dict[str, dict]:
    assert result.errors is None, result.errors
    return {day["date"]: day for day in result.data["calendarMonth"]["days"]}


def counts(**given: int) -> dict[str, int]:
    names = ("hold", "planned", "scheduled", "complete", "broken", "cancelled", "unscheduled",
             "pinboard", "expired")  # fmt: skip
    values = {name: given.get(name, 0) for name in names}
    on_calendar = sum(values[n] for n in ("hold", "planned", "scheduled", "complete", "broken"))
    return {**values, "onCalendar": on_calendar, "total": sum(values.values())}


async def test_exact_counts_production_and_goals_per_day(engine, execute):
    # given, at a Chicago location on Mon 2026-11-16 (UTC-6), one appointment of every status
    practice = await make_practice(engine)
    other = await make_provider(engine, practice.org, last_name="Other")
    for hour, status, amount, provider in [
        (15, S.SCHEDULED, "150.00", None), (16, S.PLANNED, "100.50", other),
        (17, S.COMPLETE, "200.25", None), (18, S.BROKEN, "80.00", None),
        (19, S.CANCELLED, "40.00", other), (20, S.HOLD, "999.00", None),
        (22, S.UNSCHEDULED, "70.00", None), (23, S.PINBOARD, "30.00", None),
    ]:  # fmt: skip
        await make_priced(engine, practice, utc(2026, 11, 16, hour), status=status, amount=amount,
                          provider=provider)  # fmt: skip
    lapsed = utc(2026, 11, 16, 21)  # a hold whose time ran out reads as EXPIRED
    await make_priced(engine, practice, lapsed, status=S.HOLD, amount="500", hold_expires_at=lapsed)
    await make_priced(engine, practice, utc(2026, 11, 17, 14), status=S.COMPLETE, amount="300")
    await make_goal(engine, practice, date(2026, 11, 16), "1000.00")
    await make_goal(engine, practice, date(2026, 11, 16), "500.50", provider=other)
    await make_goal(engine, practice, date(2026, 11, 17), "1000.00")
    await make_goal(engine, practice, date(2026, 11, 30), "0.00", provider=other)
    # and rows that must not count: another location of the organization, another organization
    elsewhere = await make_location(engine, practice.org)
    await make_goal(engine, practice, date(2026, 11, 16), "7777.00", location=elsewhere)
    stranger = await make_practice(engine)
    await make_priced(engine, stranger, utc(2026, 11, 16, 15), status=S.COMPLETE, amount="9999")
    await make_goal(engine, stranger, date(2026, 11, 16), "8888.00")
    # when the month is read
    result = await month(execute, practice, "2026-11")
    # then every day has exactly its own figures
    days = by_date(result)
    assert list(days) == [f"2026-11-{d:02d}" for d in range(1, 31)]
    assert days["2026-11-16"] == {
        "date": "2026-11-16", "dayHours": 24, "scheduledProduction": "250.50",
        "completedProduction": "200.25", "lostProduction": "120.00", "productionGoal": "1500.50",
        "appointmentCounts": counts(hold=1, planned=1, scheduled=1, complete=1, broken=1,
                                    cancelled=1, unscheduled=1, pinboard=1, expired=1),
    }  # fmt: skip
    assert days["2026-11-17"]["appointmentCounts"] == counts(complete=1)
    assert days["2026-11-17"]["completedProduction"] == "300.00"
    assert days["2026-11-17"]["productionGoal"] == "1000.00"
    assert days["2026-11-30"]["productionGoal"] == "0.00"
    assert days["2026-11-18"]["appointmentCounts"] == counts()
    assert days["2026-11-18"]["scheduledProduction"] == "0.00"
    totals = {k: v for k, v in result.data["calendarMonth"].items() if k != "days"}
    assert totals == {
        "month": "2026-11", "timeZone": "America/Chicago", "scheduledProduction": "250.50",
        "completedProduction": "500.25", "lostProduction": "120.00", "productionGoal": "2500.50",
        "appointmentCounts": {"onCalendar": 6, "total": 10},
    }  # fmt: skip


async def test_spring_forward_month_counts_near_midnight_on_the_local_day(engine, execute):
    # given Chicago appointments around local midnights of March 2026 (DST starts Sun 03-08)
    practice = await make_practice(engine)
    for instant in [
        utc(2026, 3, 1, 5, 59),  # Feb 28 23:59 CST: February
        utc(2026, 3, 1, 6, 0),  # Mar 1 00:00 CST
        utc(2026, 3, 8, 5, 30),  # Mar 7 23:30 CST
        utc(2026, 3, 8, 6, 15),  # Mar 8 00:15 CST
        utc(2026, 3, 8, 8, 30),  # Mar 8 03:30 CDT, just after the gap
        utc(2026, 3, 9, 4, 45),  # Mar 8 23:45 CDT
        utc(2026, 4, 1, 4, 30),  # Mar 31 23:30 CDT
        utc(2026, 4, 1, 5, 0),  # Apr 1 00:00 CDT: April
    ]:
        await make_priced(engine, practice, instant, amount="10.00")
    # when March is read
    result = await month(execute, practice, "2026-03")
    # then each lands on its local day, and the spring-forward day has 23 hours
    days = by_date(result)
    assert len(days) == 31
    per_day = {
        d: v["appointmentCounts"]["total"]
        for d, v in days.items()
        if v["appointmentCounts"]["total"]
    }
    assert per_day == {"2026-03-01": 1, "2026-03-07": 1, "2026-03-08": 3, "2026-03-31": 1}
    assert days["2026-03-08"]["scheduledProduction"] == "30.00"
    assert {d: v["dayHours"] for d, v in days.items() if v["dayHours"] != 24} == {"2026-03-08": 23}
    assert result.data["calendarMonth"]["scheduledProduction"] == "60.00"


async def test_fall_back_month_counts_both_one_thirties_on_the_25_hour_day(engine, execute):
    # given Chicago appointments around local midnights of November 2026 (DST ends Sun 11-01)
    practice = await make_practice(engine)
    for instant in [
        utc(2026, 11, 1, 4, 30),  # Oct 31 23:30 CDT: October
        utc(2026, 11, 1, 5, 30),  # Nov 1 00:30 CDT
        utc(2026, 11, 1, 6, 30),  # Nov 1 01:30 CDT, the first 01:30
        utc(2026, 11, 1, 7, 30),  # Nov 1 01:30 CST, the second 01:30
        utc(2026, 11, 2, 5, 30),  # Nov 1 23:30 CST
        utc(2026, 11, 2, 6, 0),  # Nov 2 00:00 CST
        utc(2026, 12, 1, 5, 30),  # Nov 30 23:30 CST
        utc(2026, 12, 1, 6, 0),  # Dec 1 00:00 CST: December
    ]:
        await make_priced(engine, practice, instant, status=S.COMPLETE, amount="1.25")
    # when November is read
    days = by_date(await month(execute, practice, "2026-11"))
    # then the 25-hour day holds four of them and the month neither edge
    per_day = {
        d: v["appointmentCounts"]["complete"]
        for d, v in days.items()
        if v["appointmentCounts"]["complete"]
    }
    assert per_day == {"2026-11-01": 4, "2026-11-02": 1, "2026-11-30": 1}
    assert days["2026-11-01"]["completedProduction"] == "5.00"
    assert {d: v["dayHours"] for d, v in days.items() if v["dayHours"] != 24} == {"2026-11-01": 25}


async def fill_month(engine, practice, count: int) -> None:
    """`count` appointments over November 2026 at the practice's location, in one insert."""
    rows = []
    for n in range(count):
        start = utc(2026, 11, 1, 14) + timedelta(days=n % 30, minutes=15 * (n // 30))
        rows.append({
            "id": uuid.uuid4(), "organization_id": practice.org.id,
            "location_id": practice.location.id, "operatory_id": practice.operatory.id,
            "patient_id": practice.patient.id, "appointment_type_id": practice.appointment_type.id,
            "primary_provider_id": practice.provider.id, "start_at": start,
            "end_at": start + timedelta(minutes=15), "status": [S.SCHEDULED, S.COMPLETE][n % 2],
            "allow_overlap": True, "production_amount": 100,
        })  # fmt: skip
    async with engine.begin() as connection:
        await connection.execute(insert(Appointment), rows)


async def test_statement_count_is_the_same_for_10_and_500_appointments(
    engine, execute, count_statements
):
    measured = []
    for count in (10, 500):
        # given a fresh practice with `count` appointments in November
        practice = await make_practice(engine)
        await fill_month(engine, practice, count)
        # when the month view (the shared operation) is read
        with count_statements() as counter:
            result = await execute(
                OPERATION,
                {"locationId": global_id("Location", practice.location.id), "month": "2026-11"},
                viewer=practice.staff,
            )
        assert result.errors is None, result.errors
        total = result.data["calendarMonth"]["appointmentCounts"]["total"]
        measured.append((total, counter.count))
    # then both loaded everything with the same statements: location, appointment aggregate,
    # goal aggregate, blockout flags
    assert measured == [(10, 4), (500, 4)]


async def test_patients_may_not_read_it_and_other_tenants_locations_are_null(engine, execute):
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    denied = await month(execute, practice, "2026-11", viewer=practice.patient_viewer())
    assert codes(denied) == ["FORBIDDEN"]
    foreign = await month(execute, practice, "2026-11", location=stranger.location)
    assert foreign.errors is None
    assert foreign.data == {"calendarMonth": None}


@pytest.mark.parametrize("value", ["2026-13", "2026-00", "2026-1", "26-11", "November",
                                   "2026-11-01", " 2026-11", "1899-12", "3000-01", ""])  # fmt: skip
async def test_a_malformed_month_is_bad_user_input(engine, execute, value):
    practice = await make_practice(engine)
    result = await month(execute, practice, value)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert "YYYY-MM" in result.errors[0].message
    assert result.errors[0].extensions["field"] == "month"


async def test_a_month_of_another_zone_uses_that_zone(engine, execute):
    # given a London location with a visit at 23:30 BST on Sat 2026-10-24 (22:30 UTC)
    practice = await make_practice(engine, time_zone="Europe/London")
    await make_operatory(engine, practice.location)
    await make_priced(engine, practice, utc(2026, 10, 24, 22, 30), amount="5")
    # when October is read
    days = by_date(await month(execute, practice, "2026-10"))
    # then it is on the 24th, and the 25th (BST ends) has 25 hours
    assert days["2026-10-24"]["appointmentCounts"]["total"] == 1
    assert days["2026-10-25"]["dayHours"] == 25
