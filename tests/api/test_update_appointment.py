"""updateAppointment through the schema: only given fields change, history, errors."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from tests.support.factories import global_id, make_appointment_type, make_practice
from tests.support.lifecycle_documents import CANCEL, booked, database_state

UPDATE = """
mutation ($input: UpdateAppointmentInput!) { updateAppointment(input: $input) {
  appointment { id version note priority productionAmount isNewPatient isTimeLocked startAt endAt
                appointmentType { id } history { edges { node { action actor changes { field before after } } } } }
  userErrors { field code message conflicts { reason } }
} }
"""


def update_input(ident: str, *, version: int = 1, **fields) -> dict:
    return {"input": {"appointmentId": ident, "baseVersion": version, **fields}}


def error_of(result) -> dict:
    assert result.errors is None, result.errors
    payload = result.data["updateAppointment"]
    assert payload["appointment"] is None
    [error] = payload["userErrors"]
    return error


async def test_only_given_fields_change_and_the_history_names_them(engine, execute):
    # given a 09:00-10:00 appointment of a 60-minute type
    practice = await make_practice(engine)
    short_type = await make_appointment_type(engine, practice.org, minutes=30)
    appointment = await booked(execute, practice)
    # when staff change the note, type, priority, production and lock (isNewPatient as it was)
    result = await execute(
        UPDATE,
        update_input(
            appointment["id"],
            note="Bring x-rays",
            appointmentTypeId=global_id("AppointmentType", short_type.id),
            priority=5,
            productionAmount="150.5",
            isNewPatient=False,
            isTimeLocked=True,
        ),
        viewer=practice.staff,
    )
    # then the times stay, the version is bumped and the history has only what changed
    assert result.errors is None
    assert result.data["updateAppointment"] == {
        "appointment": {
            "id": appointment["id"],
            "version": 2,
            "note": "Bring x-rays",
            "priority": 5,
            "productionAmount": "150.50",
            "isNewPatient": False,
            "isTimeLocked": True,
            "startAt": "2030-01-07T15:00:00+00:00",
            "endAt": "2030-01-07T16:00:00+00:00",
            "appointmentType": {"id": global_id("AppointmentType", short_type.id)},
            "history": {
                "edges": [
                    {"node": appointment["history"]["edges"][0]["node"]},
                    {
                        "node": {
                            "action": "UPDATED",
                            "actor": "staff-test",
                            "changes": [
                                {"field": "note", "before": None, "after": "Bring x-rays"},
                                {"field": "priority", "before": 0, "after": 5},
                                {"field": "productionAmount", "before": "0.00", "after": "150.50"},
                                {"field": "isTimeLocked", "before": False, "after": True},
                                {
                                    "field": "appointmentType",
                                    "before": global_id(
                                        "AppointmentType", practice.appointment_type.id
                                    ),
                                    "after": global_id("AppointmentType", short_type.id),
                                },
                            ],
                        }
                    },
                ]
            },
        },
        "userErrors": [],
    }
    # and an update that changes nothing writes nothing
    before = await database_state(engine)
    same = await execute(
        UPDATE, update_input(appointment["id"], version=2, priority=5), viewer=practice.staff
    )
    assert same.data["updateAppointment"]["appointment"]["version"] == 2
    assert await database_state(engine) == before


async def test_out_of_range_values_are_validation_errors(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    before = await database_state(engine)
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"priority": 101}, "priority", "priority must be between -100 and 100"),
        ({"priority": -101}, "priority", "priority must be between -100 and 100"),
        (
            {"productionAmount": "-0.01"},
            "productionAmount",
            "productionAmount must be between 0 and 1000000",
        ),
        (
            {"productionAmount": "1000000.01"},
            "productionAmount",
            "productionAmount must be between 0 and 1000000",
        ),
        (
            {"productionAmount": "1.005"},
            "productionAmount",
            "productionAmount may have at most 2 decimal places",
        ),
        ({"note": "x" * 2001}, "note", "note may be at most 2000 characters"),
    ]
    for fields, field, message in cases:
        result = await execute(
            UPDATE, update_input(appointment["id"], **fields), viewer=practice.staff
        )
        assert error_of(result) == {
            "field": ["input", field],
            "code": "VALIDATION",
            "message": message,
            "conflicts": [],
        }, fields
    assert await database_state(engine) == before
    top = await execute(
        UPDATE, update_input(appointment["id"], productionAmount="1000000"), viewer=practice.staff
    )
    assert top.data["updateAppointment"]["appointment"]["productionAmount"] == "1000000.00"


async def test_stale_unknown_foreign_and_patient_callers_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    appointment = await booked(execute, practice)
    foreign = await booked(execute, other)
    before = await database_state(engine)
    stale = await execute(
        UPDATE, update_input(appointment["id"], version=3, note="x"), viewer=practice.staff
    )
    assert error_of(stale) == {
        "field": ["input", "baseVersion"],
        "code": "VERSION_CONFLICT",
        "message": "The appointment is at version 1, not 3",
        "conflicts": [],
    }
    not_found = {
        "field": ["input", "appointmentId"],
        "code": "NOT_FOUND",
        "message": "No appointment with this ID",
        "conflicts": [],
    }
    unknown = global_id("Appointment", uuid.uuid4())
    for ident in (unknown, foreign["id"]):
        result = await execute(UPDATE, update_input(ident, note="x"), viewer=practice.staff)
        assert error_of(result) == not_found
    for type_id in (uuid.uuid4(), other.appointment_type.id):
        result = await execute(
            UPDATE,
            update_input(
                appointment["id"], appointmentTypeId=global_id("AppointmentType", type_id)
            ),
            viewer=practice.staff,
        )
        assert error_of(result) == {
            "field": ["input", "appointmentTypeId"],
            "code": "NOT_FOUND",
            "message": "No appointment type with this ID",
            "conflicts": [],
        }
    by_patient = await execute(
        UPDATE, update_input(appointment["id"], note="x"), viewer=practice.patient_viewer()
    )
    assert error_of(by_patient) == {
        "field": None,
        "code": "FORBIDDEN",
        "message": "Only staff may update an appointment",
        "conflicts": [],
    }
    assert await database_state(engine) == before


async def test_cancelled_and_expired_appointments_cannot_be_updated(engine, execute):
    practice = await make_practice(engine)
    cancelled = await booked(execute, practice)
    await execute(
        CANCEL,
        {"input": {"appointmentId": cancelled["id"], "baseVersion": 1, "cancelledBy": "PRACTICE"}},
        viewer=practice.staff,
    )
    held = await booked(execute, practice, start="11:00", hold=True)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE appointments SET hold_expires_at = now() - interval '1 minute' "
                "WHERE status = 'hold'"
            )
        )
    before = await database_state(engine)
    for ident, version, status in ((cancelled["id"], 2, "CANCELLED"), (held["id"], 1, "EXPIRED")):
        result = await execute(
            UPDATE, update_input(ident, version=version, priority=1), viewer=practice.staff
        )
        assert error_of(result) == {
            "field": None,
            "code": "INVALID_TRANSITION",
            "message": f"A {status} appointment cannot be updated",
            "conflicts": [],
        }
    assert await database_state(engine) == before


async def test_a_retried_key_replays_the_first_update(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    request = update_input(appointment["id"], priority=9, idempotencyKey="update-1")
    first = await execute(UPDATE, request, viewer=practice.staff)
    state = await database_state(engine)
    again = await execute(UPDATE, request, viewer=practice.staff)
    assert again.data == first.data
    assert first.data["updateAppointment"]["appointment"]["version"] == 2
    assert await database_state(engine) == state
