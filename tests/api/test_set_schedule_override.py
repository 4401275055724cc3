"""setScheduleOverride through the schema: insert or replace by provider, location and date."""

from __future__ import annotations

from typing import Any

from tests.support.factories import global_id, make_location, make_operatory, make_practice
from tests.support.schedule_documents import (
    SET_OVERRIDE,
    integration,
    override_input,
    payload,
    schedule_state,
)


async def test_custom_hours_then_unavailable_replaces_the_same_override(engine, execute):
    practice = await make_practice(engine)
    operatory = global_id("Operatory", practice.operatory.id)
    first = await execute(
        SET_OVERRIDE,
        {"input": override_input(practice, operatoryId=operatory, reason="Half day")},
        viewer=practice.staff,
    )
    custom = payload(first, "setScheduleOverride")
    assert custom["userErrors"] == []
    override = custom["override"]
    assert override == {
        "id": override["id"],
        "date": "2030-01-07",
        "isUnavailable": False,
        "startTime": "09:00:00",
        "endTime": "13:00:00",
        "reason": "Half day",
        "note": None,
        "version": 1,
        "provider": {"id": global_id("Provider", practice.provider.id)},
        "location": {"id": global_id("Location", practice.location.id)},
        "operatory": {"id": operatory},
    }
    second = await execute(
        SET_OVERRIDE,
        {
            "input": override_input(
                practice,
                isUnavailable=True,
                startTime=None,
                endTime=None,
                reason="Sick",
                note="Call patients",
            )
        },
        viewer=practice.staff,
    )
    assert payload(second, "setScheduleOverride") == {
        "override": {
            **override,
            "isUnavailable": True,
            "startTime": None,
            "endTime": None,
            "reason": "Sick",
            "note": "Call patients",
            "operatory": None,
            "version": 2,
        },
        "userErrors": [],
    }
    assert len((await schedule_state(engine))[1]) == 1


async def test_failures_are_typed_and_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    elsewhere = await make_operatory(engine, await make_location(engine, practice.org))
    await execute(SET_OVERRIDE, {"input": override_input(practice)}, viewer=practice.staff)
    before = await schedule_state(engine)
    cases: list[tuple[dict[str, Any], str, list[str], str]] = [
        ({"isUnavailable": True}, "VALIDATION", ["input", "startTime"],
         "An unavailable day has no hours"),
        ({"isUnavailable": True, "startTime": None}, "VALIDATION", ["input", "endTime"],
         "An unavailable day has no hours"),
        ({"isUnavailable": True, "startTime": None, "endTime": None,
          "operatoryId": global_id("Operatory", practice.operatory.id)},
         "VALIDATION", ["input", "operatoryId"], "An unavailable day has no operatory"),
        ({"startTime": None}, "VALIDATION", ["input", "startTime"], "startTime is required"),
        ({"endTime": None}, "VALIDATION", ["input", "endTime"], "endTime is required"),
        ({"endTime": "09:00:00"}, "VALIDATION", ["input", "endTime"],
         "endTime must be after startTime"),
        ({"reason": "r" * 201}, "VALIDATION", ["input", "reason"],
         "reason may be at most 200 characters"),
        ({"providerId": global_id("Provider", other.provider.id)}, "NOT_FOUND",
         ["input", "providerId"], "No provider with this ID"),
        ({"locationId": global_id("Location", other.location.id)}, "NOT_FOUND",
         ["input", "locationId"], "No location with this ID"),
        ({"operatoryId": global_id("Operatory", elsewhere.id)}, "VALIDATION",
         ["input", "operatoryId"], "The operatory is not at this location"),
    ]  # fmt: skip
    for override, code, field, message in cases:
        result = await execute(
            SET_OVERRIDE, {"input": override_input(practice, **override)}, viewer=practice.staff
        )
        assert payload(result, "setScheduleOverride") == {
            "override": None,
            "userErrors": [{"field": field, "code": code, "message": message}],
        }, override
    for viewer in (practice.patient_viewer(), integration(practice)):
        denied = await execute(SET_OVERRIDE, {"input": override_input(practice)}, viewer=viewer)
        assert payload(denied, "setScheduleOverride")["userErrors"] == [
            {
                "field": None,
                "code": "FORBIDDEN",
                "message": "Only staff may change provider schedules",
            }
        ]
    assert await schedule_state(engine) == before


async def test_idempotent_retries(engine, execute):
    practice = await make_practice(engine)
    request = override_input(practice, idempotencyKey="ovr-1")
    first = await execute(SET_OVERRIDE, {"input": request}, viewer=practice.staff)
    after_first = await schedule_state(engine)
    again = await execute(SET_OVERRIDE, {"input": request}, viewer=practice.staff)
    # The replay does not upsert a second time (the version stays 1).
    assert again.data == first.data
    assert await schedule_state(engine) == after_first
