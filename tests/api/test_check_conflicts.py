"""checkConflicts previews exactly what booking and moving enforce, and changes nothing."""

from __future__ import annotations

from tests.support.factories import global_id, make_operatory, make_practice
from tests.support.lifecycle_documents import BOOK, booking_input, database_state

CHECK = """
query ($input: CheckConflictsInput!) {
  checkConflicts(input: $input) { startAt endAt hasConflicts reasons conflicts { reason appointment { id } provider { id } } }
}
"""


def check_input(practice, *, start: str, operatory=None, appointment_id=None) -> dict:
    values = {
        "locationId": global_id("Location", practice.location.id),
        "operatoryId": global_id("Operatory", (operatory or practice.operatory).id),
        "providerIds": [global_id("Provider", practice.provider.id)],
        "appointmentTypeId": global_id("AppointmentType", practice.appointment_type.id),
        "slot": {"date": "2030-01-07", "startTime": start},
    }
    if appointment_id:
        values["appointmentId"] = appointment_id
    return {"input": values}


async def test_preview_matches_the_booking_rules(engine, execute):
    practice = await make_practice(engine)
    second_op = await make_operatory(engine, practice.location)
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    before = await database_state(engine)
    same_op = await execute(CHECK, check_input(practice, start="09:30"), viewer=practice.staff)
    assert same_op.data["checkConflicts"] == {
        "startAt": "2030-01-07T15:30:00+00:00",
        "endAt": "2030-01-07T16:30:00+00:00",
        "hasConflicts": True,
        "reasons": ["APPOINTMENT_OVERLAP", "PROVIDER_OVERLAP"],
        "conflicts": [
            {"reason": "APPOINTMENT_OVERLAP", "appointment": {"id": ident}, "provider": None},
            {
                "reason": "PROVIDER_OVERLAP",
                "appointment": {"id": ident},
                "provider": {"id": global_id("Provider", practice.provider.id)},
            },
        ],
    }
    other_op = await execute(
        CHECK, check_input(practice, start="09:30", operatory=second_op), viewer=practice.staff
    )
    assert other_op.data["checkConflicts"]["reasons"] == ["PROVIDER_OVERLAP"]
    touching = await execute(CHECK, check_input(practice, start="10:00"), viewer=practice.staff)
    assert touching.data["checkConflicts"]["hasConflicts"] is False
    itself = await execute(
        CHECK, check_input(practice, start="09:30", appointment_id=ident), viewer=practice.staff
    )
    assert itself.data["checkConflicts"]["hasConflicts"] is False
    assert await database_state(engine) == before


async def test_preview_reports_bad_input_as_errors(engine, execute):
    practice = await make_practice(engine)
    gap = await execute(
        CHECK,
        {
            "input": {
                **check_input(practice, start="02:30")["input"],
                "slot": {"date": "2030-03-10", "startTime": "02:30"},
            }
        },
        viewer=practice.staff,
    )
    assert gap.errors[0].extensions == {"code": "DST_GAP", "field": "slot.startTime"}
    patient = await execute(
        CHECK, check_input(practice, start="09:00"), viewer=practice.patient_viewer()
    )
    assert patient.errors[0].extensions == {"code": "FORBIDDEN"}
