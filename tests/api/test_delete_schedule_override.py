"""deleteScheduleOverride through the schema."""

from __future__ import annotations

from tests.support.factories import make_practice
from tests.support.schedule_documents import (
    DELETE_OVERRIDE,
    SET_OVERRIDE,
    override_input,
    payload,
    schedule_state,
)

DAY = """query ($p: ID!, $l: ID!) { providerSchedule(providerId: $p, locationId: $l,
         date: "2030-01-07") { isOverride periods { localStartTime } } }"""


async def test_delete_an_override_and_the_day_follows_the_templates_again(engine, execute):
    practice = await make_practice(engine)
    made = await execute(SET_OVERRIDE, {"input": override_input(practice)}, viewer=practice.staff)
    override = payload(made, "setScheduleOverride")["override"]
    ids = {"p": override["provider"]["id"], "l": override["location"]["id"]}
    before = await execute(DAY, ids, viewer=practice.staff)
    assert before.data["providerSchedule"] == {
        "isOverride": True,
        "periods": [{"localStartTime": "09:00:00"}],
    }
    result = await execute(
        DELETE_OVERRIDE, {"input": {"overrideId": override["id"]}}, viewer=practice.staff
    )
    assert payload(result, "deleteScheduleOverride") == {
        "deletedId": override["id"],
        "userErrors": [],
    }
    after = await execute(DAY, ids, viewer=practice.staff)
    assert after.data["providerSchedule"] == {"isOverride": False, "periods": []}


async def test_unknown_foreign_or_forbidden_deletes_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    made = await execute(SET_OVERRIDE, {"input": override_input(practice)}, viewer=practice.staff)
    override_id = payload(made, "setScheduleOverride")["override"]["id"]
    before = await schedule_state(engine)
    foreign = await execute(
        DELETE_OVERRIDE, {"input": {"overrideId": override_id}}, viewer=other.staff
    )
    assert payload(foreign, "deleteScheduleOverride") == {
        "deletedId": None,
        "userErrors": [
            {
                "field": ["input", "overrideId"],
                "code": "NOT_FOUND",
                "message": "No schedule override with this ID",
            }
        ],
    }
    patient = await execute(
        DELETE_OVERRIDE, {"input": {"overrideId": override_id}}, viewer=practice.patient_viewer()
    )
    assert payload(patient, "deleteScheduleOverride")["userErrors"][0]["code"] == "FORBIDDEN"
    assert await schedule_state(engine) == before
