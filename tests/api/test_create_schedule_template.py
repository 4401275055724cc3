"""createScheduleTemplate through the schema."""

from __future__ import annotations

from typing import Any

from tests.support.factories import global_id, make_location, make_operatory, make_practice
from tests.support.schedule_documents import (
    CREATE_TEMPLATE,
    integration,
    payload,
    schedule_state,
    template_input,
)


async def test_staff_create_a_template(engine, execute):
    practice = await make_practice(engine)
    operatory = global_id("Operatory", practice.operatory.id)
    result = await execute(
        CREATE_TEMPLATE,
        {
            "input": template_input(
                practice, operatoryId=operatory, effectiveTo="2030-06-30", note="  Chair 1  "
            )
        },
        viewer=practice.staff,
    )
    created = payload(result, "createScheduleTemplate")
    assert created["userErrors"] == []
    template = created["template"]
    assert template.pop("id").startswith("UHJvdmlkZXJTY2hlZHVsZVRlbXBsYXRl")
    assert template == {
        "weekday": "MONDAY",
        "startTime": "08:00:00",
        "endTime": "17:00:00",
        "effectiveFrom": "2030-01-07",
        "effectiveTo": "2030-06-30",
        "note": "Chair 1",
        "version": 1,
        "provider": {"id": global_id("Provider", practice.provider.id)},
        "location": {"id": global_id("Location", practice.location.id)},
        "operatory": {"id": operatory},
    }


async def test_invalid_input_is_a_typed_error_and_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    elsewhere = await make_operatory(engine, await make_location(engine, practice.org))
    before = await schedule_state(engine)
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        ({"endTime": "08:00:00"}, "VALIDATION", ["input", "endTime"]),
        ({"endTime": "07:00:00"}, "VALIDATION", ["input", "endTime"]),
        ({"effectiveTo": "2030-01-06"}, "VALIDATION", ["input", "effectiveTo"]),
        ({"note": "x" * 2001}, "VALIDATION", ["input", "note"]),
        (
            {"providerId": global_id("Provider", other.provider.id)},
            "NOT_FOUND",
            ["input", "providerId"],
        ),
        (
            {"locationId": global_id("Location", other.location.id)},
            "NOT_FOUND",
            ["input", "locationId"],
        ),
        (
            {"operatoryId": global_id("Operatory", other.operatory.id)},
            "NOT_FOUND",
            ["input", "operatoryId"],
        ),
        (
            {"operatoryId": global_id("Operatory", elsewhere.id)},
            "VALIDATION",
            ["input", "operatoryId"],
        ),
        (
            {"providerId": global_id("Location", practice.location.id)},
            "VALIDATION",
            ["input", "providerId"],
        ),
        ({"idempotencyKey": ""}, "VALIDATION", ["input", "idempotencyKey"]),
    ]
    for override, code, field in cases:
        result = await execute(
            CREATE_TEMPLATE, {"input": template_input(practice, **override)}, viewer=practice.staff
        )
        created = payload(result, "createScheduleTemplate")
        assert created["template"] is None, override
        assert [(e["code"], e["field"]) for e in created["userErrors"]] == [(code, field)], override
    # a day is named, not numbered: GraphQL refuses the old 0-6 form before anything runs
    result = await execute(
        CREATE_TEMPLATE, {"input": template_input(practice, weekday=0)}, viewer=practice.staff
    )
    assert (result.data, [e.message for e in result.errors or []]) == (
        None,
        ["Variable '$input' has invalid value at .weekday: Enum 'DayOfWeek' cannot represent "
         "non-string value: 0."],
    )  # fmt: skip
    assert await schedule_state(engine) == before


async def test_only_staff_may_create_templates(engine, execute):
    practice = await make_practice(engine)
    before = await schedule_state(engine)
    for viewer in (practice.patient_viewer(), integration(practice)):
        result = await execute(
            CREATE_TEMPLATE, {"input": template_input(practice, endTime="07:00:00")}, viewer=viewer
        )
        assert payload(result, "createScheduleTemplate") == {
            "template": None,
            "userErrors": [
                {
                    "field": None,
                    "code": "FORBIDDEN",
                    "message": "Only staff may change provider schedules",
                }
            ],
        }
    assert await schedule_state(engine) == before


async def test_idempotent_retries(engine, execute):
    practice = await make_practice(engine)
    request = template_input(practice, idempotencyKey="tpl-1")
    first = await execute(CREATE_TEMPLATE, {"input": request}, viewer=practice.staff)
    after_first = await schedule_state(engine)
    again = await execute(CREATE_TEMPLATE, {"input": request}, viewer=practice.staff)
    assert again.data == first.data
    assert await schedule_state(engine) == after_first
    changed = await execute(
        CREATE_TEMPLATE, {"input": {**request, "weekday": "TUESDAY"}}, viewer=practice.staff
    )
    assert payload(changed, "createScheduleTemplate")["userErrors"] == [
        {
            "field": ["input", "idempotencyKey"],
            "code": "VALIDATION",
            "message": "This idempotencyKey was used with a different input",
        }
    ]
    assert await schedule_state(engine) == after_first
