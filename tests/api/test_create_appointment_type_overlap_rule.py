"""createAppointmentTypeOverlapRule through the schema."""

from __future__ import annotations

from tests.support.factories import global_id, make_appointment_type, make_location, make_practice
from tests.support.schedule_documents import CREATE_RULE, integration, payload, schedule_state

DUPLICATE = {
    "field": ["input", "appointmentTypeBId"],
    "code": "DUPLICATE",
    "message": "These types have a rule here already; update it instead",
}


def rule_input(first, second, location=None) -> dict:
    values = {
        "appointmentTypeAId": global_id("AppointmentType", first.id),
        "appointmentTypeBId": global_id("AppointmentType", second.id),
    }
    if location is not None:
        values["locationId"] = global_id("Location", location.id)
    return {"input": values}


async def test_the_pair_is_stored_ordered_and_is_unique_per_location(engine, execute):
    practice = await make_practice(engine)
    exam = await make_appointment_type(engine, practice.org, minutes=30)
    hygiene = practice.appointment_type
    low, high = sorted([exam, hygiene], key=lambda row: row.id)
    result = await execute(CREATE_RULE, rule_input(high, low), viewer=practice.staff)
    created = payload(result, "createAppointmentTypeOverlapRule")
    assert created == {
        "rule": {
            "id": created["rule"]["id"],
            "appointmentTypeA": {"id": global_id("AppointmentType", low.id)},
            "appointmentTypeB": {"id": global_id("AppointmentType", high.id)},
            "location": None,
        },
        "userErrors": [],
    }
    before = await schedule_state(engine)
    # The same organization-wide pair, in either order, is a duplicate (NULLS NOT DISTINCT).
    for first, second in ((low, high), (high, low)):
        again = await execute(CREATE_RULE, rule_input(first, second), viewer=practice.staff)
        assert payload(again, "createAppointmentTypeOverlapRule") == {
            "rule": None,
            "userErrors": [DUPLICATE],
        }
    assert await schedule_state(engine) == before
    # The pair at one location is a rule of its own; so is a type with itself.
    at_site = await execute(
        CREATE_RULE, rule_input(low, high, practice.location), viewer=practice.staff
    )
    assert payload(at_site, "createAppointmentTypeOverlapRule")["rule"]["location"] == {
        "id": global_id("Location", practice.location.id)
    }
    same = await execute(CREATE_RULE, rule_input(exam, exam), viewer=practice.staff)
    assert payload(same, "createAppointmentTypeOverlapRule")["userErrors"] == []


async def test_foreign_ids_and_other_roles_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    mine = practice.appointment_type
    foreign_site = await make_location(engine, other.org)
    before = await schedule_state(engine)
    cases = [
        (rule_input(other.appointment_type, mine), ["input", "appointmentTypeAId"]),
        (rule_input(mine, other.appointment_type), ["input", "appointmentTypeBId"]),
        (rule_input(mine, mine, foreign_site), ["input", "locationId"]),
    ]
    for variables, field in cases:
        result = await execute(CREATE_RULE, variables, viewer=practice.staff)
        errors = payload(result, "createAppointmentTypeOverlapRule")["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", field)]
    for viewer in (practice.patient_viewer(), integration(practice)):
        denied = await execute(CREATE_RULE, rule_input(mine, mine), viewer=viewer)
        assert payload(denied, "createAppointmentTypeOverlapRule")["userErrors"] == [
            {
                "field": None,
                "code": "FORBIDDEN",
                "message": "Only staff may change appointment type overlap rules",
            }
        ]
    assert await schedule_state(engine) == before
