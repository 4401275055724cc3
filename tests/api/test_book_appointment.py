"""bookAppointment, holds and confirmBooking through the schema."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from server.app import create_app
from server.settings import load_settings
from tests.support.factories import (
    global_id,
    make_operatory,
    make_patient,
    make_practice,
    make_provider,
)
from tests.support.lifecycle_documents import (
    BOOK,
    CONFIRM,
    booking_input,
    database_state,
    slot_taken,
    soon,
)
from tests.support.persisted_requests import client_of
from tests.support.tokens import TEST_SECRET, bearer


async def test_staff_book_an_appointment_that_shows_in_the_calendar(engine, execute):
    # given a practice in Chicago
    practice = await make_practice(engine)
    # when staff book 09:00 on a January Monday (type of 60 minutes)
    result = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    # then it is scheduled at 15:00Z-16:00Z, version 1, with a history entry
    assert result.errors is None
    payload = result.data["bookAppointment"]
    assert payload["userErrors"] == []
    booked = payload["appointment"]
    assert (booked["status"], booked["version"], booked["startAt"], booked["endAt"]) == (
        "SCHEDULED",
        1,
        "2030-01-07T15:00:00+00:00",
        "2030-01-07T16:00:00+00:00",
    )
    assert [edge["node"]["action"] for edge in booked["history"]["edges"]] == ["BOOKED"]
    assert booked["history"]["edges"][0]["node"]["actor"] == "staff-test"
    day = await execute(
        'query ($l: ID!) { calendarDay(locationId: $l, date: "2030-01-07") { appointments { id } } }',
        {"l": global_id("Location", practice.location.id)},
        viewer=practice.staff,
    )
    assert day.data["calendarDay"]["appointments"] == [{"id": booked["id"]}]


async def test_an_overlapping_booking_is_a_slot_conflict_and_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    first = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    first_id = first.data["bookAppointment"]["appointment"]["id"]
    before = await database_state(engine)
    # same operatory 09:30 (overlaps 09:00-10:00) with the same provider
    result = await execute(
        BOOK, {"input": booking_input(practice, start="09:30")}, viewer=practice.staff
    )
    payload = result.data["bookAppointment"]
    assert payload["appointment"] is None
    assert payload["userErrors"] == [slot_taken(first_id, practice)]
    assert await database_state(engine) == before


async def test_touching_intervals_do_not_conflict(engine, execute):
    practice = await make_practice(engine)
    await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    result = await execute(
        BOOK, {"input": booking_input(practice, start="10:00")}, viewer=practice.staff
    )
    assert result.data["bookAppointment"]["userErrors"] == []


async def test_a_provider_cannot_be_in_two_operatories_at_once(engine, execute):
    practice = await make_practice(engine)
    second_op = await make_operatory(engine, practice.location)
    await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    result = await execute(
        BOOK,
        {"input": booking_input(practice, operatoryId=global_id("Operatory", second_op.id))},
        viewer=practice.staff,
    )
    errors = result.data["bookAppointment"]["userErrors"]
    assert [(e["code"], [c["reason"] for c in e["conflicts"]]) for e in errors] == [
        ("SLOT_CONFLICT", ["PROVIDER_OVERLAP"])
    ]


async def test_additional_providers_are_checked_too(engine, execute):
    practice = await make_practice(engine)
    assistant = await make_provider(engine, practice.org, last_name="Assist")
    other_doctor = await make_provider(engine, practice.org, last_name="Other")
    second_op = await make_operatory(engine, practice.location)
    both = [global_id("Provider", practice.provider.id), global_id("Provider", assistant.id)]
    await execute(BOOK, {"input": booking_input(practice, providerIds=both)}, viewer=practice.staff)
    result = await execute(
        BOOK,
        {
            "input": booking_input(
                practice,
                operatoryId=global_id("Operatory", second_op.id),
                providerIds=[
                    global_id("Provider", other_doctor.id),
                    global_id("Provider", assistant.id),
                ],
            )
        },
        viewer=practice.staff,
    )
    conflicts = result.data["bookAppointment"]["userErrors"][0]["conflicts"]
    assert [(c["reason"], c["provider"]["id"]) for c in conflicts] == [
        ("PROVIDER_OVERLAP", global_id("Provider", assistant.id))
    ]


async def test_allow_overlap_double_books_on_purpose(engine, execute):
    practice = await make_practice(engine)
    await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    result = await execute(
        BOOK,
        {"input": booking_input(practice, start="09:30", allowOverlap=True)},
        viewer=practice.staff,
    )
    assert result.data["bookAppointment"]["userErrors"] == []
    assert result.data["bookAppointment"]["appointment"]["status"] == "SCHEDULED"


async def test_dst_gap_and_ambiguous_times(engine, execute):
    practice = await make_practice(engine)
    gap = await execute(
        BOOK,
        {"input": booking_input(practice, date="2030-03-10", start="02:30")},
        viewer=practice.staff,
    )
    assert gap.data["bookAppointment"]["userErrors"][0]["code"] == "DST_GAP"
    # the full path of the slot's start: it is a field of the input's `slot`
    assert gap.data["bookAppointment"]["userErrors"][0]["field"] == ["input", "slot", "startTime"]
    ambiguous = await execute(
        BOOK,
        {"input": booking_input(practice, date="2030-11-03", start="01:30")},
        viewer=practice.staff,
    )
    assert ambiguous.data["bookAppointment"]["userErrors"][0]["code"] == "AMBIGUOUS_LOCAL_TIME"
    second = await execute(
        BOOK,
        {
            "input": booking_input(
                practice,
                date="2030-11-03",
                slot={"date": "2030-11-03", "startTime": "01:30", "startOccurrence": "SECOND"},
            )
        },
        viewer=practice.staff,
    )
    assert second.data["bookAppointment"]["appointment"]["startAt"] == "2030-11-03T07:30:00+00:00"


async def test_bad_references_are_typed_errors_and_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    other_location_op = await make_operatory(engine, await _location(engine, practice))
    before = await database_state(engine)
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        (
            {"patientId": global_id("Patient", other.patient.id)},
            "NOT_FOUND",
            ["input", "patientId"],
        ),
        (
            {"operatoryId": global_id("Operatory", other_location_op.id)},
            "VALIDATION",
            ["input", "operatoryId"],
        ),
        (
            {"providerIds": [global_id("Provider", other.provider.id)]},
            "NOT_FOUND",
            ["input", "providerIds"],
        ),
        ({"providerIds": []}, "VALIDATION", ["input", "providerIds"]),
        (
            {"patientId": global_id("Location", practice.location.id)},
            "VALIDATION",
            ["input", "patientId"],
        ),
        (
            {"slot": {"date": "2030-01-07", "startTime": "10:00", "endTime": "09:00"}},
            "VALIDATION",
            ["input", "slot", "endTime"],
        ),
        (
            {"slot": {"date": "2030-01-07", "startTime": "10:00", "endTime": "10:00"}},
            "VALIDATION",
            ["input", "slot", "endTime"],
        ),
        ({"priority": 1000}, "VALIDATION", ["input", "priority"]),
        ({"idempotencyKey": ""}, "VALIDATION", ["input", "idempotencyKey"]),
    ]
    for override, code, field in cases:
        result = await execute(
            BOOK, {"input": booking_input(practice, **override)}, viewer=practice.staff
        )
        assert result.errors is None, override
        errors = result.data["bookAppointment"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, field)], override
    assert await database_state(engine) == before


async def _location(engine, practice):
    from tests.support.factories import make_location

    return await make_location(engine, practice.org)


async def test_patients_book_only_for_themselves(engine, execute):
    practice = await make_practice(engine)
    someone_else = await make_patient(engine, practice.org)
    before = await database_state(engine)
    result = await execute(
        BOOK,
        {"input": booking_input(practice, patientId=global_id("Patient", someone_else.id))},
        viewer=practice.patient_viewer(),
    )
    assert [(e["code"], e["field"]) for e in result.data["bookAppointment"]["userErrors"]] == [
        ("FORBIDDEN", ["input", "patientId"])
    ]
    overlap = await execute(
        BOOK,
        {"input": booking_input(practice, allowOverlap=True)},
        viewer=practice.patient_viewer(),
    )
    assert overlap.data["bookAppointment"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert await database_state(engine) == before
    mine = await execute(
        BOOK, {"input": booking_input(practice, date=soon())}, viewer=practice.patient_viewer()
    )
    assert mine.data["bookAppointment"]["userErrors"] == []


async def test_a_hold_blocks_until_confirmed(engine, execute):
    practice = await make_practice(engine)
    held = await execute(BOOK, {"input": booking_input(practice, hold=True)}, viewer=practice.staff)
    hold = held.data["bookAppointment"]["appointment"]
    assert hold["status"] == "HOLD"
    assert hold["holdExpiresAt"] is not None
    blocked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert blocked.data["bookAppointment"]["userErrors"][0]["code"] == "SLOT_CONFLICT"
    confirmed = await execute(
        CONFIRM, {"input": {"appointmentId": hold["id"], "baseVersion": 1}}, viewer=practice.staff
    )
    appointment = confirmed.data["confirmBooking"]["appointment"]
    assert (appointment["status"], appointment["version"], appointment["holdExpiresAt"]) == (
        "SCHEDULED",
        2,
        None,
    )
    assert [e["node"]["action"] for e in appointment["history"]["edges"]] == ["HELD", "CONFIRMED"]
    again = await execute(
        CONFIRM, {"input": {"appointmentId": hold["id"], "baseVersion": 2}}, viewer=practice.staff
    )
    assert again.data["confirmBooking"]["userErrors"][0]["code"] == "INVALID_TRANSITION"


async def test_an_expired_hold_blocks_nothing_and_cannot_be_confirmed(engine, execute):
    practice = await make_practice(engine)
    held = await execute(BOOK, {"input": booking_input(practice, hold=True)}, viewer=practice.staff)
    hold = held.data["bookAppointment"]["appointment"]
    # when its time runs out (no sweeper runs)
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE appointments SET hold_expires_at = now() - interval '1 second'")
        )
    # then it reads as EXPIRED, is off the calendar, cannot be confirmed, and the slot is free
    node = await execute(
        "query ($id: ID!) { node(id: $id) { ... on Appointment { status } } }",
        {"id": hold["id"]},
        viewer=practice.staff,
    )
    assert node.data["node"] == {"status": "EXPIRED"}
    day = await execute(
        'query ($l: ID!) { calendarDay(locationId: $l, date: "2030-01-07") { appointments { id } } }',
        {"l": global_id("Location", practice.location.id)},
        viewer=practice.staff,
    )
    assert day.data["calendarDay"]["appointments"] == []
    confirm = await execute(
        CONFIRM, {"input": {"appointmentId": hold["id"], "baseVersion": 1}}, viewer=practice.staff
    )
    assert confirm.data["confirmBooking"]["userErrors"][0]["code"] == "HOLD_EXPIRED"
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert booked.data["bookAppointment"]["userErrors"] == []


async def test_idempotent_retries(engine, execute):
    practice = await make_practice(engine)
    request = booking_input(practice, idempotencyKey="retry-1")
    first = await execute(BOOK, {"input": request}, viewer=practice.staff)
    before = await database_state(engine)
    second = await execute(BOOK, {"input": request}, viewer=practice.staff)
    assert second.data == first.data
    assert await database_state(engine) == before
    changed = await execute(
        BOOK, {"input": {**request, "note": "different"}}, viewer=practice.staff
    )
    assert changed.data["bookAppointment"]["userErrors"] == [
        {
            "field": ["input", "idempotencyKey"],
            "code": "VALIDATION",
            "message": "This idempotencyKey was used with a different input",
            "conflicts": [],
        }
    ]


async def test_a_fractional_hold_lasts_its_seconds(engine, database_url):
    # SLOTGRAPH_HOLD_MINUTES=30s: the hold lapses 30 seconds after the booking, over HTTP.
    practice = await make_practice(engine)
    hold_minutes = load_settings({"SLOTGRAPH_HOLD_MINUTES": "30s"}).hold_minutes
    app = create_app(database_url, secret=TEST_SECRET, hold_minutes=hold_minutes)
    before = datetime.now(UTC)
    async with client_of(app) as client:
        response = await client.post(
            "/graphql",
            json={"query": BOOK, "variables": {"input": booking_input(practice, hold=True)}},
            headers=bearer(practice.staff),
        )
    after = datetime.now(UTC)
    expires = datetime.fromisoformat(
        response.json()["data"]["bookAppointment"]["appointment"]["holdExpiresAt"]
    )
    assert before + timedelta(seconds=30) <= expires <= after + timedelta(seconds=30)
