"""updateScheduleTemplate through the schema."""

from __future__ import annotations

from typing import Any

from tests.support.factories import global_id, make_operatory, make_practice
from tests.support.schedule_documents import (
    CREATE_TEMPLATE,
    UPDATE_TEMPLATE,
    payload,
    schedule_state,
    template_input,
)


async def _template(execute, practice, **extra: Any) -> dict[str, Any]:
    result = await execute(
        CREATE_TEMPLATE, {"input": template_input(practice, **extra)}, viewer=practice.staff
    )
    return payload(result, "createScheduleTemplate")["template"]


async def test_change_some_fields_and_keep_the_others(engine, execute):
    practice = await make_practice(engine)
    template = await _template(
        execute, practice, note="Early", effectiveTo="2030-03-01", operatoryId=None
    )
    chair = await make_operatory(engine, practice.location)
    result = await execute(
        UPDATE_TEMPLATE,
        {
            "input": {
                "templateId": template["id"],
                "baseVersion": 1,
                "endTime": "12:30:00",
                "effectiveTo": None,
                "operatoryId": global_id("Operatory", chair.id),
            }
        },
        viewer=practice.staff,
    )
    changed = payload(result, "updateScheduleTemplate")
    assert changed == {
        "template": {
            **template,
            "endTime": "12:30:00",
            "effectiveTo": None,
            "operatory": {"id": global_id("Operatory", chair.id)},
            "version": 2,
        },
        "userErrors": [],
    }
    cleared = await execute(
        UPDATE_TEMPLATE,
        {
            "input": {
                "templateId": template["id"],
                "baseVersion": 2,
                "note": None,
                "weekday": "FRIDAY",
            }
        },
        viewer=practice.staff,
    )
    after = payload(cleared, "updateScheduleTemplate")["template"]
    assert (after["note"], after["weekday"], after["version"]) == (None, "FRIDAY", 3)


async def test_failures_are_typed_and_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    template = await _template(execute, practice)
    foreign = await _template(execute, other)
    before = await schedule_state(engine)
    cases: list[tuple[dict[str, Any], str, list[str], str]] = [
        ({"baseVersion": 2}, "VERSION_CONFLICT", ["input", "baseVersion"],
         "The template is at version 1, not 2"),
        ({"templateId": foreign["id"]}, "NOT_FOUND", ["input", "templateId"],
         "No schedule template with this ID"),
        ({"startTime": "17:00:00"}, "VALIDATION", ["input", "endTime"],
         "endTime must be after startTime"),
        ({"effectiveFrom": "2031-01-01", "effectiveTo": "2030-12-31"}, "VALIDATION",
         ["input", "effectiveTo"], "effectiveTo must not be before effectiveFrom"),
        ({"operatoryId": global_id("Operatory", other.operatory.id)}, "NOT_FOUND",
         ["input", "operatoryId"], "No operatory with this ID"),
    ]  # fmt: skip
    for override, code, field, message in cases:
        request = {"templateId": template["id"], "baseVersion": 1, **override}
        result = await execute(UPDATE_TEMPLATE, {"input": request}, viewer=practice.staff)
        assert payload(result, "updateScheduleTemplate") == {
            "template": None,
            "userErrors": [{"field": field, "code": code, "message": message}],
        }, override
    patient = await execute(
        UPDATE_TEMPLATE,
        {"input": {"templateId": template["id"], "baseVersion": 1, "weekday": "WEDNESDAY"}},
        viewer=practice.patient_viewer(),
    )
    assert payload(patient, "updateScheduleTemplate")["userErrors"][0]["code"] == "FORBIDDEN"
    # a day is named, not numbered: GraphQL refuses the old 0-6 form before anything runs
    numbered = await execute(
        UPDATE_TEMPLATE,
        {"input": {"templateId": template["id"], "baseVersion": 1, "weekday": 7}},
        viewer=practice.staff,
    )
    assert (numbered.data, [e.message for e in numbered.errors or []]) == (
        None,
        ["Variable '$input' has invalid value at .weekday: Enum 'DayOfWeek' cannot represent "
         "non-string value: 7."],
    )  # fmt: skip
    assert await schedule_state(engine) == before
