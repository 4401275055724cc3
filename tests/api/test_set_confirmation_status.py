"""setConfirmationStatus through the schema: the status, history, calendar, errors."""

from __future__ import annotations

import uuid

from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import CANCEL, booked, database_state

SET_STATUS = """
mutation ($input: SetConfirmationStatusInput!) { setConfirmationStatus(input: $input) {
  appointment { id version confirmationStatus { id name }
                history { edges { node { action actor changes { field before after } } } } }
  userErrors { field code message conflicts { reason } }
} }
"""
DAY = """
query ($l: ID!) { calendarDay(locationId: $l, date: "2030-01-07") {
  appointments { id version confirmationStatus { id } } } }
"""


def status_input(ident: str, status_id, *, version: int = 1, **extra) -> dict:
    return {
        "input": {
            "appointmentId": ident,
            "baseVersion": version,
            "confirmationStatusId": global_id("ConfirmationStatus", status_id),
            **extra,
        }
    }


def error_of(result) -> dict:
    assert result.errors is None, result.errors
    payload = result.data["setConfirmationStatus"]
    assert payload["appointment"] is None
    [error] = payload["userErrors"]
    return error


async def test_the_status_is_set_recorded_and_shown_on_the_calendar(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    status = practice.confirmation_status
    result = await execute(
        SET_STATUS, status_input(appointment["id"], status.id), viewer=practice.staff
    )
    assert result.errors is None
    assert result.data["setConfirmationStatus"] == {
        "appointment": {
            "id": appointment["id"],
            "version": 2,
            "confirmationStatus": {
                "id": global_id("ConfirmationStatus", status.id),
                "name": "Confirmed",
            },
            "history": {
                "edges": [
                    {"node": appointment["history"]["edges"][0]["node"]},
                    {
                        "node": {
                            "action": "CONFIRMATION_SET",
                            "actor": "staff-test",
                            "changes": [
                                {
                                    "field": "confirmationStatus",
                                    "before": None,
                                    "after": global_id("ConfirmationStatus", status.id),
                                }
                            ],
                        }
                    },
                ]
            },
        },
        "userErrors": [],
    }
    day = await execute(
        DAY, {"l": global_id("Location", practice.location.id)}, viewer=practice.staff
    )
    assert day.data["calendarDay"]["appointments"] == [
        {
            "id": appointment["id"],
            "version": 2,
            "confirmationStatus": {"id": global_id("ConfirmationStatus", status.id)},
        }
    ]
    # setting the status it already has changes nothing
    before = await database_state(engine)
    again = await execute(
        SET_STATUS, status_input(appointment["id"], status.id, version=2), viewer=practice.staff
    )
    assert again.data["setConfirmationStatus"]["appointment"]["version"] == 2
    assert await database_state(engine) == before


async def test_unknown_foreign_stale_closed_and_patient_requests_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    appointment = await booked(execute, practice)
    foreign = await booked(execute, other)
    cancelled = await booked(execute, practice, start="12:00")
    await execute(
        CANCEL,
        {"input": {"appointmentId": cancelled["id"], "baseVersion": 1, "cancelledBy": "PRACTICE"}},
        viewer=practice.staff,
    )
    before = await database_state(engine)
    own = practice.confirmation_status.id
    cases = [
        (
            status_input(appointment["id"], uuid.uuid4()),
            "NOT_FOUND",
            "confirmationStatusId",
            "No confirmation status with this ID",
        ),
        (
            status_input(appointment["id"], other.confirmation_status.id),
            "NOT_FOUND",
            "confirmationStatusId",
            "No confirmation status with this ID",
        ),
        (
            status_input(appointment["id"], own, version=2),
            "VERSION_CONFLICT",
            "baseVersion",
            "The appointment is at version 1, not 2",
        ),
        (
            status_input(foreign["id"], own),
            "NOT_FOUND",
            "appointmentId",
            "No appointment with this ID",
        ),
        (
            status_input(global_id("Appointment", uuid.uuid4()), own),
            "NOT_FOUND",
            "appointmentId",
            "No appointment with this ID",
        ),
        (
            status_input(cancelled["id"], own, version=2),
            "INVALID_TRANSITION",
            None,
            "A CANCELLED appointment cannot be confirmed",
        ),
    ]
    for variables, code, field, message in cases:
        result = await execute(SET_STATUS, variables, viewer=practice.staff)
        assert error_of(result) == {
            "field": ["input", field] if field else None,
            "code": code,
            "message": message,
            "conflicts": [],
        }, variables
    by_patient = await execute(
        SET_STATUS, status_input(appointment["id"], own), viewer=practice.patient_viewer()
    )
    assert error_of(by_patient) == {
        "field": None,
        "code": "FORBIDDEN",
        "message": "Only staff may set the confirmation status",
        "conflicts": [],
    }
    assert await database_state(engine) == before
