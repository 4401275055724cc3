"""cancelAppointment through the schema: frees the slot, policy window, transitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.support.connections import changes, history
from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import BOOK, CANCEL, booking_input, database_state


async def test_cancelling_frees_the_slot_and_leaves_the_calendar(engine, execute):
    practice = await make_practice(engine)
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    result = await execute(
        CANCEL,
        {
            "input": {
                "appointmentId": ident,
                "baseVersion": 1,
                "cancelledBy": "PRACTICE",
                "reason": "Provider sick",
            }
        },
        viewer=practice.staff,
    )
    cancelled = result.data["cancelAppointment"]["appointment"]
    assert (cancelled["status"], cancelled["version"]) == ("CANCELLED", 2)
    assert changes(history(cancelled)[-1])["statusReason"] == {
        "before": None,
        "after": "Provider sick",
    }
    day = await execute(
        'query ($l: ID!) { calendarDay(locationId: $l, date: "2030-01-07") { appointments { id } } }',
        {"l": global_id("Location", practice.location.id)},
        viewer=practice.staff,
    )
    assert day.data["calendarDay"]["appointments"] == []
    again = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert again.data["bookAppointment"]["userErrors"] == []
    twice = await execute(
        CANCEL,
        {"input": {"appointmentId": ident, "baseVersion": 2, "cancelledBy": "PRACTICE"}},
        viewer=practice.staff,
    )
    assert twice.data["cancelAppointment"]["userErrors"][0]["code"] == "INVALID_TRANSITION"


async def test_patient_cancellation_inside_the_window_needs_staff_override(engine, execute):
    practice = await make_practice(engine)
    soon = (datetime.now(UTC) + timedelta(hours=5)).astimezone(ZoneInfo("America/Chicago"))
    booked = await execute(
        BOOK,
        {
            "input": booking_input(
                practice, date=soon.date().isoformat(), start=soon.strftime("%H:%M")
            )
        },
        viewer=practice.staff,
    )
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    before = await database_state(engine)
    request = {"appointmentId": ident, "baseVersion": 1, "cancelledBy": "PATIENT"}
    by_patient = await execute(CANCEL, {"input": request}, viewer=practice.patient_viewer())
    assert by_patient.data["cancelAppointment"]["userErrors"][0]["code"] == "POLICY_WINDOW"
    override_by_patient = await execute(
        CANCEL, {"input": {**request, "overridePolicy": True}}, viewer=practice.patient_viewer()
    )
    assert override_by_patient.data["cancelAppointment"]["userErrors"][0]["code"] == "FORBIDDEN"
    staff_without = await execute(CANCEL, {"input": request}, viewer=practice.staff)
    assert staff_without.data["cancelAppointment"]["userErrors"][0]["code"] == "POLICY_WINDOW"
    assert await database_state(engine) == before
    staff_with = await execute(
        CANCEL, {"input": {**request, "overridePolicy": True}}, viewer=practice.staff
    )
    assert staff_with.data["cancelAppointment"]["appointment"]["status"] == "CANCELLED"


async def test_patients_cancel_their_own_appointments_outside_the_window(engine, execute):
    practice = await make_practice(engine)
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    as_practice = await execute(
        CANCEL,
        {"input": {"appointmentId": ident, "baseVersion": 1, "cancelledBy": "PRACTICE"}},
        viewer=practice.patient_viewer(),
    )
    assert as_practice.data["cancelAppointment"]["userErrors"][0]["code"] == "FORBIDDEN"
    mine = await execute(
        CANCEL,
        {"input": {"appointmentId": ident, "baseVersion": 1, "cancelledBy": "PATIENT"}},
        viewer=practice.patient_viewer(),
    )
    assert mine.data["cancelAppointment"]["appointment"]["status"] == "CANCELLED"
