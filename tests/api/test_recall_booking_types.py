"""Recall types name the appointment types that book them (createRecallType and
updateRecallType's appointmentTypeIds), readable both ways in one batch per level; refusals
change nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import RecallBookingType, RecallType
from db.tables import appointment_types, table_of
from tests.support.factories import global_id, make_appointment_type, make_practice
from tests.support.production_documents import integration
from tests.support.recall_rows import make_type

SHOWN = "recallType { name appointmentTypes { name } } userErrors { field code message }"
CREATE = f"""mutation ($input: CreateRecallTypeInput!) {{
  createRecallType(input: $input) {{ {SHOWN} }} }}"""
UPDATE = f"""mutation ($input: UpdateRecallTypeInput!) {{
  updateRecallType(input: $input) {{ {SHOWN} }} }}"""
BOTH_WAYS = """{ recallTypes { name appointmentTypes { name } }
  appointmentTypes { name recallTypes { name } } }"""


async def rows(engine: AsyncEngine, model: Any) -> list[tuple[Any, ...]]:
    table = table_of(model)
    async with engine.connect() as connection:
        found = await connection.execute(select(table))
        return sorted(tuple(str(value) for value in row) for row in found)


async def named_types(engine, practice, *names: str) -> dict[str, str]:
    made = {}
    for name in names:
        row = await make_appointment_type(engine, practice.org)
        async with engine.begin() as connection:
            await connection.execute(
                update(appointment_types).where(appointment_types.c.id == row.id).values(name=name)
            )
        made[name] = global_id("AppointmentType", row.id)
    return made


async def test_a_recall_type_names_its_booking_types(engine, execute, count_statements):
    practice = await make_practice(engine)
    types = await named_types(engine, practice, "Cleaning", "Adult exam", "Perio visit")
    created = await execute(
        CREATE,
        {"input": {"name": "Hygiene", "defaultIntervalMonths": 6,
                   "appointmentTypeIds": [types["Cleaning"], types["Adult exam"],
                                          types["Cleaning"]]}},
        viewer=practice.staff,
    )  # fmt: skip
    assert created.data["createRecallType"] == {
        "recallType": {"name": "Hygiene",
                       "appointmentTypes": [{"name": "Adult exam"}, {"name": "Cleaning"}]},
        "userErrors": [],
    }  # fmt: skip
    perio = await make_type(engine, practice, "Perio", 3)
    perio_id = global_id("RecallType", perio.id)
    changes = [
        ([types["Perio visit"], types["Cleaning"]], ["Cleaning", "Perio visit"]),
        (None, ["Cleaning", "Perio visit"]),  # null leaves them
        ([types["Cleaning"]], ["Cleaning"]),
    ]
    for ids, names in changes:
        result = await execute(
            UPDATE, {"input": {"recallTypeId": perio_id, "appointmentTypeIds": ids}},
            viewer=integration(practice),
        )  # fmt: skip
        payload = result.data["updateRecallType"]
        assert payload["userErrors"] == []
        assert [t["name"] for t in payload["recallType"]["appointmentTypes"]] == names, ids
    with count_statements() as counter:
        both = await execute(BOTH_WAYS, viewer=practice.staff)
    assert both.data == {
        "recallTypes": [
            {"name": "Hygiene", "appointmentTypes": [{"name": "Adult exam"}, {"name": "Cleaning"}]},
            {"name": "Perio", "appointmentTypes": [{"name": "Cleaning"}]},
        ],
        "appointmentTypes": [
            {"name": "Adult exam", "recallTypes": [{"name": "Hygiene"}]},
            {"name": "Cleaning", "recallTypes": [{"name": "Hygiene"}, {"name": "Perio"}]},
            {"name": "Perio visit", "recallTypes": []},
            {"name": practice.appointment_type.name, "recallTypes": []},
        ],
    }
    # The two lists, then one batch per direction whatever the number of types.
    assert counter.count == 4, counter.statements
    cleared = await execute(
        UPDATE, {"input": {"recallTypeId": perio_id, "appointmentTypeIds": []}},
        viewer=practice.staff,
    )  # fmt: skip
    assert cleared.data["updateRecallType"]["recallType"]["appointmentTypes"] == []
    patient = await execute("{ appointmentTypes { recallTypes { name } } }",
                            viewer=practice.patient_viewer())  # fmt: skip
    assert patient.data == {"appointmentTypes": [{"recallTypes": []}] * 4}


async def test_booking_type_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    hygiene = await make_type(engine, practice)
    mine = global_id("AppointmentType", practice.appointment_type.id)
    await execute(
        UPDATE,
        {"input": {"recallTypeId": global_id("RecallType", hygiene.id),
                   "appointmentTypeIds": [mine]}},
        viewer=practice.staff,
    )  # fmt: skip
    before = (await rows(engine, RecallBookingType), await rows(engine, RecallType))
    theirs = global_id("AppointmentType", other.appointment_type.id)
    field = ["input", "appointmentTypeIds"]
    many = [global_id("AppointmentType", f"00000000-0000-4000-8000-{n:012d}") for n in range(51)]
    cases = [
        (UPDATE, {"recallTypeId": global_id("RecallType", hygiene.id),
                  "appointmentTypeIds": [mine, theirs]},
         "NOT_FOUND", "No appointment type with this ID"),
        (CREATE, {"name": "Exam", "defaultIntervalMonths": 12, "appointmentTypeIds": [theirs]},
         "NOT_FOUND", "No appointment type with this ID"),
        (CREATE, {"name": "Exam", "defaultIntervalMonths": 12,
                  "appointmentTypeIds": [global_id("Patient", practice.patient.id)]},
         "VALIDATION", "Expected an ID of a AppointmentType, got one of a Patient"),
        (UPDATE, {"recallTypeId": global_id("RecallType", hygiene.id),
                  "appointmentTypeIds": many},
         "VALIDATION", "At most 50 appointment types"),
    ]  # fmt: skip
    for document, variables, code, message in cases:
        result = await execute(document, {"input": variables}, viewer=practice.staff)
        (payload,) = result.data.values()
        assert payload == {
            "recallType": None,
            "userErrors": [{"field": field, "code": code, "message": message}],
        }, variables
    assert (await rows(engine, RecallBookingType), await rows(engine, RecallType)) == before
