"""importAppointments: per-row results by bookAppointment's rules, all-or-nothing or per row,
the 500-row limit, skipped external ids, tenancy, roles, idempotency and the database guard."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import time
from typing import Any

import pytest
from sqlalchemy import insert, text

from db.models import Appointment
from db.tables import table_of
from scheduling.appointment_status import AppointmentStatus
from tests.support.blockout_documents import make_blockout, make_blockout_type
from tests.support.factories import global_id, make_appointment, make_practice, make_schedule
from tests.support.import_documents import (
    IMPORT,
    import_input,
    imported_count,
    row_error,
    row_result,
)
from tests.support.lifecycle_documents import BOOK, booking_input, database_state, local
from tests.support.lock_waits import wait_for_lock_waiter
from tests.support.tokens import bearer


def mixed_rows(practice, other) -> list[dict]:
    """Two good rows, one colliding with the first, another organization's patient, a bad
    priority."""
    return [
        booking_input(practice, start="09:00"),
        booking_input(practice, start="10:00", note="second"),
        booking_input(
            practice, slot={"date": "2030-01-07", "startTime": "09:15", "endTime": "09:45"}
        ),
        booking_input(practice, start="11:00", patientId=global_id("Patient", other.patient.id)),
        booking_input(practice, start="12:00", priority=500),
    ]


def refused_rows(first: dict | None) -> list[dict]:
    """The three refusals of mixed_rows, as rows 2-4 report them (`first`: the appointment of
    row 0 the conflict names, None once rolled back)."""
    conflict = {
        "field": ["input", "rows", "2"],
        "code": "SLOT_CONFLICT",
        "message": "Another appointment is in the operatory at this time; "
        "a provider is in another appointment at this time",
        "conflicts": [
            {"reason": "APPOINTMENT_OVERLAP", "appointment": first},
            {"reason": "PROVIDER_OVERLAP", "appointment": first},
        ],
    }
    return [
        row_result(2, "CONFLICT", errors=[conflict]),
        row_result(
            3, "INVALID", errors=[row_error(3, "NOT_FOUND", "No patient with this ID", "patientId")]
        ),
        row_result(
            4,
            "INVALID",
            errors=[
                row_error(4, "VALIDATION", "priority must be between -100 and 100", "priority")
            ],
        ),
    ]


async def test_per_row_lands_the_good_rows_and_reports_the_others(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    result = await execute(IMPORT, import_input(mixed_rows(practice, other)), viewer=practice.staff)
    assert result.errors is None, result.errors
    payload = result.data["importAppointments"]
    first, second = (payload["rows"][i]["appointment"] for i in (0, 1))
    assert payload["rows"] == [
        row_result(0, "CREATED", appointment=first),
        row_result(1, "CREATED", appointment=second),
        *refused_rows({"id": first["id"]}),
    ]
    assert (first["source"], first["status"], first["startAt"]) == (
        "IMPORT",
        "SCHEDULED",
        "2030-01-07T15:00:00+00:00",
    )
    assert (payload["createdCount"], payload["skippedCount"], payload["failedCount"]) == (2, 0, 3)
    assert payload["userErrors"] == []
    assert await imported_count(engine) == 2


async def history_of_imports(engine) -> list[tuple[str, str]]:
    """(action, source written) of every history entry of an imported appointment."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT h.action, h.changes->'source'->>'after' FROM appointment_history h "
                "JOIN appointments a ON a.id = h.appointment_id WHERE a.source = 'IMPORT'"
            )
        )
        return sorted((action, source) for action, source in rows)


async def test_all_or_nothing_writes_nothing_when_a_row_fails(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    before = await database_state(engine)
    variables = import_input(mixed_rows(practice, other), mode="ALL_OR_NOTHING", key="all-1")
    result = await execute(IMPORT, variables, viewer=practice.staff)
    payload = result.data["importAppointments"]
    # the conflict's appointment (row 0) was rolled back with the rest: it reads null
    assert payload["rows"] == [
        row_result(0, "ROLLED_BACK"),
        row_result(1, "ROLLED_BACK"),
        *refused_rows(None),
    ]
    assert (payload["createdCount"], payload["skippedCount"], payload["failedCount"]) == (0, 0, 3)
    assert payload["userErrors"] == [
        {
            "field": ["input", "rows"],
            "code": "VALIDATION",
            "message": "3 of 5 rows failed; nothing was imported",
        }
    ]
    assert await database_state(engine) == before
    assert await imported_count(engine) == 0
    # the key was rolled back with the rows: it is free for the corrected import
    good = import_input(mixed_rows(practice, other)[:2], mode="ALL_OR_NOTHING", key="all-1")
    retried = await execute(IMPORT, good, viewer=practice.staff)
    assert retried.data["importAppointments"]["createdCount"] == 2
    assert await history_of_imports(engine) == [("booked", "IMPORT"), ("booked", "IMPORT")]


async def test_more_than_500_rows_change_nothing(engine, execute):
    practice = await make_practice(engine)
    before = await database_state(engine)
    rows = [booking_input(practice, start="09:00")] * 501
    result = await execute(IMPORT, import_input(rows), viewer=practice.staff)
    assert result.data["importAppointments"] == {
        "rows": [],
        "createdCount": 0,
        "skippedCount": 0,
        "failedCount": 0,
        "userErrors": [
            {
                "field": ["input", "rows"],
                "code": "VALIDATION",
                "message": "rows may list at most 500 items",
            }
        ],
    }
    assert await database_state(engine) == before


async def test_an_external_id_imported_before_is_skipped(engine, execute):
    practice = await make_practice(engine)
    first = await execute(
        IMPORT,
        import_input([booking_input(practice, start="09:00", externalId="EXT-1")]),
        viewer=practice.staff,
    )
    imported = first.data["importAppointments"]["rows"][0]["appointment"]
    rows = [
        booking_input(practice, start="09:00", externalId="EXT-1"),
        booking_input(practice, start="13:00", externalId="EXT-2"),
        booking_input(practice, start="15:00", externalId="EXT-2"),
    ]
    again = await execute(IMPORT, import_input(rows), viewer=practice.staff)
    payload = again.data["importAppointments"]
    assert payload["rows"] == [
        row_result(0, "SKIPPED", appointment=imported),
        row_result(1, "CREATED", appointment=payload["rows"][1]["appointment"]),
        row_result(
            2,
            "INVALID",
            errors=[row_error(2, "VALIDATION", "Another row has this externalId", "externalId")],
        ),
    ]
    assert (payload["createdCount"], payload["skippedCount"], payload["failedCount"]) == (1, 1, 1)
    assert await imported_count(engine) == 2


async def test_another_organizations_ids_are_not_found_per_row(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    theirs = {
        "locationId": ("Location", other.location.id, "No location with this ID"),
        "operatoryId": ("Operatory", other.operatory.id, "No operatory with this ID"),
        "providerIds": ("Provider", other.provider.id, "No provider with this ID"),
        "appointmentTypeId": (
            "AppointmentType",
            other.appointment_type.id,
            "No appointment type with this ID",
        ),
    }
    rows = []
    for field, (kind, ident, _) in theirs.items():
        value = global_id(kind, ident)
        given: dict[str, Any] = {field: [value] if field == "providerIds" else value}
        rows.append(booking_input(practice, **given))
    result = await execute(IMPORT, import_input(rows), viewer=practice.staff)
    assert result.data["importAppointments"]["rows"] == [
        row_result(i, "INVALID", errors=[row_error(i, "NOT_FOUND", message, field)])
        for i, (field, (_, _, message)) in enumerate(theirs.items())
    ]
    assert await imported_count(engine) == 0


async def test_patients_may_not_import_and_no_token_is_unauthenticated(engine, execute, http):
    practice = await make_practice(engine)
    before = await database_state(engine)
    variables = import_input([booking_input(practice)])
    by_patient = await execute(IMPORT, variables, viewer=practice.patient_viewer())
    assert by_patient.data["importAppointments"]["userErrors"] == [
        {"field": None, "code": "FORBIDDEN", "message": "Patients cannot import appointments"}
    ]
    anonymous = await http.post("/graphql", json={"query": IMPORT, "variables": variables})
    assert [e["extensions"]["code"] for e in anonymous.json()["errors"]] == ["UNAUTHENTICATED"]
    assert await database_state(engine) == before


async def test_a_retry_with_the_same_key_replays_the_first_result(engine, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    variables = import_input([booking_input(practice), booking_input(practice)], key="k-1")

    async def call(body: dict) -> dict:
        response = await http.post(
            "/graphql", json={"query": IMPORT, "variables": body}, headers=headers
        )
        assert response.status_code == 200
        return response.json()["data"]["importAppointments"]

    first = await call(variables)
    assert [row["status"] for row in first["rows"]] == ["CREATED", "CONFLICT"]
    assert await call(variables) == first
    assert await imported_count(engine) == 1
    changed = import_input([booking_input(practice, start="14:00")], key="k-1")
    assert (await call(changed))["userErrors"] == [
        {
            "field": ["input", "idempotencyKey"],
            "code": "VALIDATION",
            "message": "This idempotencyKey was used with a different input",
        }
    ]
    assert await imported_count(engine) == 1


async def test_an_import_and_bookings_of_one_slot_at_once_book_it_once(engine, execute):
    practice = await make_practice(engine)
    row = booking_input(practice, start="09:00")
    calls = [execute(IMPORT, import_input([row]), viewer=practice.staff)]
    calls += [
        execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff) for _ in range(5)
    ]
    results = await asyncio.gather(*calls)
    imported = results[0].data["importAppointments"]["rows"][0]["status"]
    booked = [
        "OK"
        if not r.data["bookAppointment"]["userErrors"]
        else r.data["bookAppointment"]["userErrors"][0]["code"]
        for r in results[1:]
    ]
    outcomes = Counter([imported, *booked])
    assert outcomes in (
        {"CREATED": 1, "SLOT_CONFLICT": 5},
        {"CONFLICT": 1, "OK": 1, "SLOT_CONFLICT": 4},
    )
    async with engine.connect() as connection:
        assert (
            await connection.scalar(text("SELECT count(*) FROM appointments WHERE blocks_slot"))
            == 1
        )


@pytest.mark.parametrize(
    ("mode", "landed", "kept"), [("PER_ROW", "CREATED", 1), ("ALL_OR_NOTHING", "ROLLED_BACK", 0)]
)
async def test_the_database_guard_refuses_one_row_and_the_mode_decides_the_rest(
    engine, execute, mode, landed, kept
):
    # given a booking of 09:00 written but not yet committed by another transaction, which
    # the import's check cannot see
    practice = await make_practice(engine)
    rows = [booking_input(practice, start="09:00"), booking_input(practice, start="11:00")]
    async with engine.connect() as other:
        transaction = await other.begin()
        await other.execute(
            insert(table_of(Appointment)).values(
                organization_id=practice.org.id,
                location_id=practice.location.id,
                operatory_id=practice.operatory.id,
                patient_id=practice.patient.id,
                primary_provider_id=practice.provider.id,
                start_at=local("2030-01-07", 9),
                end_at=local("2030-01-07", 9, 30),
                status=AppointmentStatus.SCHEDULED,
            )
        )
        # when the import's insert waits on the exclusion constraint and the other commits
        importing = asyncio.ensure_future(
            execute(IMPORT, import_input(rows, mode=mode), viewer=practice.staff)
        )
        await wait_for_lock_waiter(engine, until=importing)
        await transaction.commit()
        result = await importing
    # then PostgreSQL refused the rows' write, and row 0 alone when they were written one by
    # one; row 1 landed (PER_ROW) or was rolled back with it (ALL_OR_NOTHING)
    payload = result.data["importAppointments"]
    conflicts = payload["rows"][0]["errors"][0]
    assert (payload["rows"][0]["status"], conflicts["code"], conflicts["message"]) == (
        "CONFLICT",
        "SLOT_CONFLICT",
        "A concurrent booking took the slot: another appointment is in the operatory at this "
        "time; a provider is in another appointment at this time",
    )
    assert payload["rows"][1]["status"] == landed
    assert await imported_count(engine) == kept


async def test_an_id_of_the_wrong_kind_refuses_its_row_only(engine, execute):
    practice = await make_practice(engine)
    wrong = global_id("Location", practice.location.id)
    rows = [booking_input(practice, patientId=wrong), booking_input(practice)]
    result = await execute(IMPORT, import_input(rows), viewer=practice.staff)
    payload = result.data["importAppointments"]
    assert payload["rows"][0] == row_result(
        0,
        "INVALID",
        errors=[
            row_error(
                0, "VALIDATION", "Expected an ID of a Patient, got one of a Location", "patientId"
            )
        ],
    )
    assert payload["rows"][1]["status"] == "CREATED"


async def test_a_lapsed_hold_in_the_way_is_expired_and_the_row_lands(engine, execute):
    practice = await make_practice(engine)
    hold = await make_appointment(
        engine,
        practice,
        start_at=local("2030-01-07", 9),
        end_at=local("2030-01-07", 9, 30),
        status=AppointmentStatus.SCHEDULED,
    )
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE appointments SET status = 'hold', "
                "hold_expires_at = now() - interval '1 minute' WHERE id = :id"
            ),
            {"id": hold.id},
        )
    result = await execute(IMPORT, import_input([booking_input(practice)]), viewer=practice.staff)
    assert result.data["importAppointments"]["rows"][0]["status"] == "CREATED"
    async with engine.connect() as connection:
        status = await connection.scalar(
            text("SELECT status FROM appointments WHERE id = :id"), {"id": hold.id}
        )
    assert status == "expired"


async def test_blockouts_and_schedules_refuse_rows_as_they_refuse_bookings(engine, execute):
    # given Monday hours of 08:00-12:00 and a location-wide no-schedule blockout at 10:00-10:30
    practice = await make_practice(engine)
    await make_schedule(
        engine, practice.provider, practice.location, start=time(8), end=time(12), weekdays=range(1)
    )
    kind = await make_blockout_type(engine, practice)
    await make_blockout(
        engine, practice, kind, local("2030-01-07", 10), local("2030-01-07", 10, 30)
    )
    rows = [
        booking_input(practice, start="09:00"),
        booking_input(practice, start="10:00"),
        booking_input(practice, start="13:00"),
        booking_input(practice, start="10:00", allowOverlap=True),
    ]
    # when they are imported row by row
    result = await execute(IMPORT, import_input(rows), viewer=practice.staff)
    payload = result.data["importAppointments"]
    # then the blockout and the hours refuse rows 1 and 2, and an overlap asked for passes
    assert [row["status"] for row in payload["rows"]] == [
        "CREATED",
        "CONFLICT",
        "CONFLICT",
        "CREATED",
    ]
    assert payload["rows"][1]["errors"] == [
        {
            "field": ["input", "rows", "1"],
            "code": "SLOT_CONFLICT",
            "message": "A blockout closes this time to bookings",
            "conflicts": [{"reason": "BLOCKED_TIME_CONFLICT", "appointment": None}],
        }
    ]
    assert payload["rows"][2]["errors"] == [
        {
            "field": ["input", "rows", "2"],
            "code": "SLOT_CONFLICT",
            "message": "The provider's schedule does not cover this time at this location",
            "conflicts": [{"reason": "OUTSIDE_SCHEDULE", "appointment": None}],
        }
    ]
    # and bookAppointment refuses those two slots with the same words
    for row in (1, 2):
        booked = await execute(BOOK, {"input": rows[row]}, viewer=practice.staff)
        (error,) = booked.data["bookAppointment"]["userErrors"]
        assert (error["code"], error["message"]) == (
            "SLOT_CONFLICT",
            payload["rows"][row]["errors"][0]["message"],
        )
    assert await imported_count(engine) == 2
