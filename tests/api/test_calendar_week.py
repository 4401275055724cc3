"""calendarWeek: seven days in one request with a constant number of SQL statements."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from db.models import Appointment, AppointmentProvider
from server.operation_manifest import operation_document
from tests.support.factories import (
    global_id,
    make_operatory,
    make_patient,
    make_practice,
    make_provider,
)

CALENDAR_WEEK = operation_document("CalendarWeek")


async def fill_week(engine, practice, count: int) -> None:
    """`count` appointments spread over 2026-11-16..22 in 6 operatories with many patients."""
    operatories = [practice.operatory] + [
        await make_operatory(engine, practice.location) for _ in range(5)
    ]
    patients = [practice.patient] + [await make_patient(engine, practice.org) for _ in range(9)]
    providers = [practice.provider] + [await make_provider(engine, practice.org) for _ in range(5)]
    assistant = await make_provider(engine, practice.org, last_name="Assist")
    rows, extra = [], []
    start = datetime(2026, 11, 16, 13, 0, tzinfo=UTC)  # 07:00 in Chicago
    for n in range(count):
        # Slot k of a day goes to operatory k % 6, one 15-minute row of six at a time.
        slot = n // 7
        begins = start + timedelta(days=n % 7, minutes=15 * (slot // 6))
        ident = uuid.uuid4()
        rows.append(
            {
                "id": ident,
                "organization_id": practice.org.id,
                "location_id": practice.location.id,
                "operatory_id": operatories[slot % 6].id,
                "patient_id": patients[n % len(patients)].id,
                "appointment_type_id": practice.appointment_type.id,
                "primary_provider_id": providers[slot % 6].id,
                "confirmation_status_id": practice.confirmation_status.id if n % 2 else None,
                "start_at": begins,
                "end_at": begins + timedelta(minutes=15),
                "status": "scheduled",
                "priority": 0,
                "production_amount": 0,
                "is_new_patient": False,
                "is_time_locked": False,
                "version": 1,
            }
        )
        if slot % 6 == 0:  # the assistant joins column one, never two places at once
            extra.append(
                {
                    "organization_id": practice.org.id,
                    "appointment_id": ident,
                    "provider_id": assistant.id,
                    "position": 0,
                }
            )
    async with engine.begin() as connection:
        await connection.execute(insert(Appointment), rows)
        if extra:
            await connection.execute(insert(AppointmentProvider), extra)


async def week_statements(engine, execute, count_statements, count: int) -> tuple[int, int]:
    practice = await make_practice(engine)
    await fill_week(engine, practice, count)
    variables = {
        "locationId": global_id("Location", practice.location.id),
        "weekStart": "2026-11-16",
    }
    with count_statements() as counter:
        result = await execute(CALENDAR_WEEK, variables, viewer=practice.staff)
    assert result.errors is None
    loaded = sum(len(day["appointments"]) for day in result.data["calendarWeek"]["days"])
    return counter.count, loaded


async def test_statement_count_is_the_same_for_10_and_700_appointments(
    engine, execute, count_statements
):
    # given a week with 10 appointments, then (fresh practice) one with 700
    small, small_loaded = await week_statements(engine, execute, count_statements, 10)
    large, large_loaded = await week_statements(engine, execute, count_statements, 700)
    # then both loaded everything with exactly the same number of statements
    assert (small_loaded, large_loaded) == (10, 700)
    assert small == large
    # location, appointments, operatories, patients, types, providers, additional providers,
    # confirmation statuses: one each.
    assert large == 8


async def test_week_returns_seven_days_with_nested_data(engine, execute):
    # given one appointment with an additional provider on Wednesday
    practice = await make_practice(engine)
    await fill_week(engine, practice, 3)
    # when the week is read
    result = await execute(
        CALENDAR_WEEK,
        {"locationId": global_id("Location", practice.location.id), "weekStart": "2026-11-16"},
        viewer=practice.staff,
    )
    # then there are seven days and the first appointment carries its nested objects
    assert result.errors is None
    week = result.data["calendarWeek"]
    assert [day["date"] for day in week["days"]] == [f"2026-11-{d}" for d in range(16, 23)]
    assert [len(day["appointments"]) for day in week["days"]] == [1, 1, 1, 0, 0, 0, 0]
    first = week["days"][0]["appointments"][0]
    assert first["patient"] == {
        "id": global_id("Patient", practice.patient.id),
        "firstName": "Ann",
        "lastName": "Smith",
    }
    assert first["providers"][0]["id"] == global_id("Provider", practice.provider.id)
    assert len(first["providers"]) == 2  # n == 0 got the assistant as an additional provider
    assert first["confirmationStatus"] is None
    assert week["days"][1]["appointments"][0]["confirmationStatus"] == {"name": "Confirmed"}


async def test_only_the_relations_asked_for_are_loaded_ahead_also_through_fragments(
    engine, execute, count_statements
):
    # given a week with appointments
    practice = await make_practice(engine)
    await fill_week(engine, practice, 5)
    variables = {
        "locationId": global_id("Location", practice.location.id),
        "weekStart": "2026-11-16",
    }
    bare = "query ($locationId: ID!, $weekStart: Date!) { calendarWeek(locationId: $locationId, weekStart: $weekStart) { days { appointments { id } } } }"
    patients = """query ($locationId: ID!, $weekStart: Date!) {
      calendarWeek(locationId: $locationId, weekStart: $weekStart) { ...Week } }
      fragment Week on CalendarWeek { days { appointments { ... on Appointment { who: patient { lastName } } } } }"""
    # when the week is read without relations, then with patients through fragments and an alias
    with count_statements() as without:
        plain = await execute(bare, variables, viewer=practice.staff)
    with count_statements() as with_patients:
        nested = await execute(patients, variables, viewer=practice.staff)
    # then the bare week needs the location and appointments only; patients add one batch
    assert plain.errors is None
    assert nested.errors is None
    assert (without.count, with_patients.count) == (2, 3)
    names = {
        a["who"]["lastName"] for d in nested.data["calendarWeek"]["days"] for a in d["appointments"]
    }
    assert names == {"Smith"}
