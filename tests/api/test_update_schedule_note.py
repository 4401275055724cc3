"""updateScheduleNote through the schema."""

from __future__ import annotations

from typing import Any

from tests.support.factories import global_id, make_practice
from tests.support.schedule_documents import CREATE_NOTE, UPDATE_NOTE, payload, schedule_state


async def _note(execute, practice) -> dict:
    result = await execute(
        CREATE_NOTE,
        {
            "input": {
                "locationId": global_id("Location", practice.location.id),
                "date": "2030-01-07",
                "note": "Before",
            }
        },
        viewer=practice.staff,
    )
    return payload(result, "createScheduleNote")["scheduleNote"]


async def test_replace_the_text(engine, execute):
    practice = await make_practice(engine)
    note = await _note(execute, practice)
    result = await execute(
        UPDATE_NOTE,
        {"input": {"noteId": note["id"], "baseVersion": 1, "note": " After "}},
        viewer=practice.staff,
    )
    assert payload(result, "updateScheduleNote") == {
        "scheduleNote": {**note, "note": "After", "version": 2},
        "userErrors": [],
    }


async def test_failures_are_typed_and_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    note = await _note(execute, practice)
    foreign = await _note(execute, other)
    before = await schedule_state(engine)
    cases: list[tuple[dict[str, Any], str, list[str], str]] = [
        ({"baseVersion": 3}, "VERSION_CONFLICT", ["input", "baseVersion"],
         "The note is at version 1, not 3"),
        ({"note": ""}, "VALIDATION", ["input", "note"], "note must not be empty"),
        ({"noteId": foreign["id"]}, "NOT_FOUND", ["input", "noteId"],
         "No schedule note with this ID"),
    ]  # fmt: skip
    for extra, code, field, message in cases:
        request = {"noteId": note["id"], "baseVersion": 1, "note": "New", **extra}
        result = await execute(UPDATE_NOTE, {"input": request}, viewer=practice.staff)
        assert payload(result, "updateScheduleNote") == {
            "scheduleNote": None,
            "userErrors": [{"field": field, "code": code, "message": message}],
        }
    patient = await execute(
        UPDATE_NOTE,
        {"input": {"noteId": note["id"], "baseVersion": 1, "note": "New"}},
        viewer=practice.patient_viewer(),
    )
    assert payload(patient, "updateScheduleNote")["userErrors"][0]["code"] == "FORBIDDEN"
    assert await schedule_state(engine) == before
