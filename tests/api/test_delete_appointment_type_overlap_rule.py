"""deleteAppointmentTypeOverlapRule through the schema."""

from __future__ import annotations

from tests.support.factories import global_id, make_practice
from tests.support.schedule_documents import CREATE_RULE, DELETE_RULE, payload, schedule_state


async def _rule(execute, practice) -> str:
    kind = global_id("AppointmentType", practice.appointment_type.id)
    result = await execute(
        CREATE_RULE,
        {"input": {"appointmentTypeAId": kind, "appointmentTypeBId": kind}},
        viewer=practice.staff,
    )
    return payload(result, "createAppointmentTypeOverlapRule")["rule"]["id"]


async def test_delete_a_rule(engine, execute):
    practice = await make_practice(engine)
    rule_id = await _rule(execute, practice)
    result = await execute(DELETE_RULE, {"input": {"ruleId": rule_id}}, viewer=practice.staff)
    assert payload(result, "deleteAppointmentTypeOverlapRule") == {
        "deletedId": rule_id,
        "userErrors": [],
    }
    assert (await schedule_state(engine))[3] == ()


async def test_unknown_foreign_or_forbidden_deletes_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    rule_id = await _rule(execute, practice)
    before = await schedule_state(engine)
    foreign = await execute(DELETE_RULE, {"input": {"ruleId": rule_id}}, viewer=other.staff)
    assert payload(foreign, "deleteAppointmentTypeOverlapRule") == {
        "deletedId": None,
        "userErrors": [
            {
                "field": ["input", "ruleId"],
                "code": "NOT_FOUND",
                "message": "No overlap rule with this ID",
            }
        ],
    }
    patient = await execute(
        DELETE_RULE, {"input": {"ruleId": rule_id}}, viewer=practice.patient_viewer()
    )
    assert payload(patient, "deleteAppointmentTypeOverlapRule")["userErrors"][0]["code"] == (
        "FORBIDDEN"
    )
    assert await schedule_state(engine) == before
