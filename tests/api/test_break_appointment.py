"""breakAppointment through the schema: no-shows free the slot and stay on the calendar."""

from __future__ import annotations

import uuid

from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import (
    BOOK,
    CALENDAR,
    PAYLOAD,
    booked,
    booking_input,
    database_state,
    refusal,
)

BREAK = (
    "mutation ($input: BreakAppointmentInput!) "
    f"{{ breakAppointment(input: $input) {{ {PAYLOAD} appointment {{ statusReason }} }} }}"
)


def break_input(ident: str, *, version: int = 1, reason: str = "No-show", **extra) -> dict:
    """breakAppointment variables."""
    return {"input": {"appointmentId": ident, "baseVersion": version, "reason": reason, **extra}}


async def test_a_no_show_is_broken_frees_its_slot_and_stays_on_the_calendar(engine, execute):
    # given a scheduled appointment at 09:00
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    # when staff record a no-show
    result = await execute(
        BREAK, break_input(appointment["id"], reason="Did not come"), viewer=practice.staff
    )
    # then it is BROKEN at version 2 with the reason kept and a "broken" history entry
    assert result.errors is None
    assert result.data["breakAppointment"] == {
        "appointment": {
            **appointment,
            "status": "BROKEN",
            "version": 2,
            "statusReason": "Did not come",
            "history": {
                "edges": [
                    *appointment["history"]["edges"],
                    {
                        "node": {
                            "action": "BROKEN",
                            "actor": "staff-test",
                            "changes": [
                                {"field": "status", "before": "SCHEDULED", "after": "BROKEN"},
                                {"field": "statusReason", "before": None, "after": "Did not come"},
                            ],
                        }
                    },
                ]
            },
        },
        "userErrors": [],
    }
    # and the calendar still shows it, as BROKEN
    day = await execute(
        CALENDAR, {"l": global_id("Location", practice.location.id)}, viewer=practice.staff
    )
    assert day.data["calendarDay"]["appointments"] == [
        {"id": appointment["id"], "status": "BROKEN"}
    ]
    # and the slot can be booked again
    again = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert again.data["bookAppointment"]["userErrors"] == []
    assert again.data["bookAppointment"]["appointment"]["status"] == "SCHEDULED"


async def test_a_retry_with_the_same_key_breaks_once(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    request = break_input(appointment["id"], idempotencyKey="no-show-1")
    first = await execute(BREAK, request, viewer=practice.staff)
    retry = await execute(BREAK, request, viewer=practice.staff)
    assert retry.data == first.data
    assert first.data["breakAppointment"]["appointment"]["version"] == 2


async def test_refusals_change_nothing(engine, execute):
    # given an appointment here and one in another organization
    practice = await make_practice(engine)
    other = await make_practice(engine)
    appointment = await booked(execute, practice)
    foreign = await booked(execute, other)
    before = await database_state(engine)
    ident = appointment["id"]
    cases = [
        (
            break_input(ident, version=3),
            practice.staff,
            refusal("VERSION_CONFLICT", "The appointment is at version 1, not 3", "baseVersion"),
        ),
        (
            break_input(global_id("Appointment", uuid.uuid4())),
            practice.staff,
            refusal("NOT_FOUND", "No appointment with this ID", "appointmentId"),
        ),
        (
            break_input(foreign["id"]),
            practice.staff,
            refusal("NOT_FOUND", "No appointment with this ID", "appointmentId"),
        ),
        (
            break_input(ident),
            practice.patient_viewer(),
            refusal("FORBIDDEN", "Only staff may mark an appointment broken"),
        ),
        (
            break_input(ident, reason="  "),
            practice.staff,
            refusal("VALIDATION", "reason or reasonId is required", "reason"),
        ),
        (
            break_input(ident, reason="x" * 501),
            practice.staff,
            refusal("VALIDATION", "reason may be at most 500 characters", "reason"),
        ),
    ]
    for variables, viewer, expected in cases:
        result = await execute(BREAK, variables, viewer=viewer)
        assert result.errors is None
        assert result.data["breakAppointment"] == expected, variables
    assert await database_state(engine) == before


async def test_only_a_scheduled_appointment_can_be_broken(engine, execute):
    # given a broken appointment and a held slot
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    await execute(BREAK, break_input(appointment["id"]), viewer=practice.staff)
    hold = await booked(execute, practice, start="11:00", hold=True)
    before = await database_state(engine)
    # when either is broken, then INVALID_TRANSITION naming both statuses
    twice = await execute(BREAK, break_input(appointment["id"], version=2), viewer=practice.staff)
    assert twice.data["breakAppointment"] == refusal(
        "INVALID_TRANSITION", "The appointment cannot go from BROKEN to BROKEN"
    )
    held = await execute(BREAK, break_input(hold["id"]), viewer=practice.staff)
    assert held.data["breakAppointment"] == refusal(
        "INVALID_TRANSITION", "The appointment cannot go from HOLD to BROKEN"
    )
    assert await database_state(engine) == before
