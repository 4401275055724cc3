"""sendToPinboard through the schema: parked appointments keep their details, free the slot."""

from __future__ import annotations

import uuid

from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import (
    BOOK,
    CALENDAR,
    CANCEL,
    PAYLOAD,
    booked,
    booking_input,
    database_state,
    refusal,
)

PIN = f"mutation ($input: SendToPinboardInput!) {{ sendToPinboard(input: $input) {{ {PAYLOAD} }} }}"


def pin_input(ident: str, *, version: int = 1, **extra) -> dict:
    """sendToPinboard variables."""
    return {"input": {"appointmentId": ident, "baseVersion": version, **extra}}


async def test_a_pinboarded_appointment_keeps_its_details_and_frees_its_slot(engine, execute):
    # given a scheduled appointment at 09:00 on the calendar
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    # when staff send it to the pinboard
    result = await execute(PIN, pin_input(appointment["id"]), viewer=practice.staff)
    # then it is PINBOARD at version 2, with its times, operatory and providers unchanged
    assert result.errors is None
    assert result.data["sendToPinboard"] == {
        "appointment": {
            **appointment,
            "status": "PINBOARD",
            "version": 2,
            "history": {
                "edges": [
                    *appointment["history"]["edges"],
                    {
                        "node": {
                            "action": "PINBOARDED",
                            "actor": "staff-test",
                            "changes": [
                                {"field": "status", "before": "SCHEDULED", "after": "PINBOARD"}
                            ],
                        }
                    },
                ]
            },
        },
        "userErrors": [],
    }
    # and it leaves the calendar
    day = await execute(
        CALENDAR, {"l": global_id("Location", practice.location.id)}, viewer=practice.staff
    )
    assert day.data["calendarDay"]["appointments"] == []
    # and the same slot can be booked by someone else
    again = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert again.data["bookAppointment"]["userErrors"] == []
    day = await execute(
        CALENDAR, {"l": global_id("Location", practice.location.id)}, viewer=practice.staff
    )
    assert day.data["calendarDay"]["appointments"] == [
        {"id": again.data["bookAppointment"]["appointment"]["id"], "status": "SCHEDULED"}
    ]


async def test_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    appointment = await booked(execute, practice)
    foreign = await booked(execute, other)
    before = await database_state(engine)
    cases = [
        (
            pin_input(appointment["id"], version=2),
            practice.staff,
            refusal("VERSION_CONFLICT", "The appointment is at version 1, not 2", "baseVersion"),
        ),
        (
            pin_input(global_id("Appointment", uuid.uuid4())),
            practice.staff,
            refusal("NOT_FOUND", "No appointment with this ID", "appointmentId"),
        ),
        (
            pin_input(foreign["id"]),
            practice.staff,
            refusal("NOT_FOUND", "No appointment with this ID", "appointmentId"),
        ),
        (
            pin_input(appointment["id"]),
            practice.patient_viewer(),
            refusal("FORBIDDEN", "Only staff may send an appointment to the pinboard"),
        ),
    ]
    for variables, viewer, expected in cases:
        result = await execute(PIN, variables, viewer=viewer)
        assert result.errors is None
        assert result.data["sendToPinboard"] == expected, variables
    assert await database_state(engine) == before


async def test_illegal_transitions_to_the_pinboard(engine, execute):
    # given an appointment already on the pinboard, and a cancelled one
    practice = await make_practice(engine)
    pinned = await booked(execute, practice)
    await execute(PIN, pin_input(pinned["id"]), viewer=practice.staff)
    cancelled = await booked(execute, practice, start="11:00")
    await execute(
        CANCEL,
        {"input": {"appointmentId": cancelled["id"], "baseVersion": 1, "cancelledBy": "PRACTICE"}},
        viewer=practice.staff,
    )
    before = await database_state(engine)
    # when either is sent to the pinboard, then INVALID_TRANSITION and nothing changes
    again = await execute(PIN, pin_input(pinned["id"], version=2), viewer=practice.staff)
    assert again.data["sendToPinboard"] == refusal(
        "INVALID_TRANSITION", "The appointment cannot go from PINBOARD to PINBOARD"
    )
    gone = await execute(PIN, pin_input(cancelled["id"], version=2), viewer=practice.staff)
    assert gone.data["sendToPinboard"] == refusal(
        "INVALID_TRANSITION", "The appointment cannot go from CANCELLED to PINBOARD"
    )
    assert await database_state(engine) == before
