"""deleteScheduleTemplate through the schema."""

from __future__ import annotations

from tests.support.factories import global_id, make_practice
from tests.support.schedule_documents import (
    CREATE_TEMPLATE,
    DELETE_TEMPLATE,
    payload,
    schedule_state,
    template_input,
)

NODE = "query ($id: ID!) { node(id: $id) { id } }"


async def test_delete_a_template(engine, execute):
    practice = await make_practice(engine)
    created = await execute(
        CREATE_TEMPLATE, {"input": template_input(practice)}, viewer=practice.staff
    )
    template_id = payload(created, "createScheduleTemplate")["template"]["id"]
    result = await execute(
        DELETE_TEMPLATE,
        {"input": {"templateId": template_id, "idempotencyKey": "del-1"}},
        viewer=practice.staff,
    )
    assert payload(result, "deleteScheduleTemplate") == {
        "deletedId": template_id,
        "userErrors": [],
    }
    node = await execute(NODE, {"id": template_id}, viewer=practice.staff)
    assert node.data == {"node": None}
    # A retry with the key replays the result; without it the template is gone.
    retry = await execute(
        DELETE_TEMPLATE,
        {"input": {"templateId": template_id, "idempotencyKey": "del-1"}},
        viewer=practice.staff,
    )
    assert retry.data == result.data
    again = await execute(
        DELETE_TEMPLATE, {"input": {"templateId": template_id}}, viewer=practice.staff
    )
    assert payload(again, "deleteScheduleTemplate") == {
        "deletedId": None,
        "userErrors": [
            {
                "field": ["input", "templateId"],
                "code": "NOT_FOUND",
                "message": "No schedule template with this ID",
            }
        ],
    }


async def test_other_organizations_and_patients_delete_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    created = await execute(
        CREATE_TEMPLATE, {"input": template_input(practice)}, viewer=practice.staff
    )
    template_id = payload(created, "createScheduleTemplate")["template"]["id"]
    before = await schedule_state(engine)
    foreign = await execute(
        DELETE_TEMPLATE, {"input": {"templateId": template_id}}, viewer=other.staff
    )
    assert payload(foreign, "deleteScheduleTemplate")["userErrors"][0]["code"] == "NOT_FOUND"
    patient = await execute(
        DELETE_TEMPLATE, {"input": {"templateId": template_id}}, viewer=practice.patient_viewer()
    )
    assert payload(patient, "deleteScheduleTemplate")["userErrors"][0]["code"] == "FORBIDDEN"
    wrong_type = await execute(
        DELETE_TEMPLATE,
        {"input": {"templateId": global_id("Location", practice.location.id)}},
        viewer=practice.staff,
    )
    assert payload(wrong_type, "deleteScheduleTemplate")["userErrors"] == [
        {
            "field": ["input", "templateId"],
            "code": "VALIDATION",
            "message": "Expected an ID of a ProviderScheduleTemplate, got one of a Location",
        }
    ]
    assert await schedule_state(engine) == before
