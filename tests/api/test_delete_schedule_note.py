"""deleteScheduleNote through the schema."""

from __future__ import annotations

from tests.support.factories import global_id, make_practice
from tests.support.schedule_documents import CREATE_NOTE, DELETE_NOTE, payload, schedule_state


def note_input(practice) -> dict:
    return {
        "locationId": global_id("Location", practice.location.id),
        "date": "2030-01-07",
        "note": "Closing early",
    }


async def test_delete_frees_the_date_for_a_new_note(engine, execute):
    practice = await make_practice(engine)
    made = await execute(CREATE_NOTE, {"input": note_input(practice)}, viewer=practice.staff)
    note_id = payload(made, "createScheduleNote")["scheduleNote"]["id"]
    result = await execute(DELETE_NOTE, {"input": {"noteId": note_id}}, viewer=practice.staff)
    assert payload(result, "deleteScheduleNote") == {"deletedId": note_id, "userErrors": []}
    again = await execute(CREATE_NOTE, {"input": note_input(practice)}, viewer=practice.staff)
    assert payload(again, "createScheduleNote")["userErrors"] == []


async def test_unknown_foreign_or_forbidden_deletes_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    made = await execute(CREATE_NOTE, {"input": note_input(practice)}, viewer=practice.staff)
    note_id = payload(made, "createScheduleNote")["scheduleNote"]["id"]
    before = await schedule_state(engine)
    foreign = await execute(DELETE_NOTE, {"input": {"noteId": note_id}}, viewer=other.staff)
    assert payload(foreign, "deleteScheduleNote") == {
        "deletedId": None,
        "userErrors": [
            {
                "field": ["input", "noteId"],
                "code": "NOT_FOUND",
                "message": "No schedule note with this ID",
            }
        ],
    }
    patient = await execute(
        DELETE_NOTE, {"input": {"noteId": note_id}}, viewer=practice.patient_viewer()
    )
    assert payload(patient, "deleteScheduleNote")["userErrors"][0]["code"] == "FORBIDDEN"
    assert await schedule_state(engine) == before
