"""A recall type's description: set by createRecallType, changed or removed by updateRecallType,
read on the type wherever the graph reaches it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.tables import recall_types
from tests.support.factories import global_id, make_practice
from tests.support.recall_rows import make_recall, make_type, today

ERRORS = "userErrors { field code message }"
TYPE = "id name description"
CREATE = f"""mutation ($input: CreateRecallTypeInput!) {{
  createRecallType(input: $input) {{ recallType {{ {TYPE} }} {ERRORS} }} }}"""
UPDATE = f"""mutation ($input: UpdateRecallTypeInput!) {{
  updateRecallType(input: $input) {{ recallType {{ {TYPE} }} {ERRORS} }} }}"""
READ = """query ($id: ID!, $patient: ID!) {
  node(id: $id) { ... on RecallType { description } }
  recallTypes { name description }
  patient: node(id: $patient) { ... on Patient { recalls { recallType { description } } } }
}"""


async def _descriptions(engine) -> list[tuple[str, str | None]]:
    async with engine.connect() as connection:
        statement = select(recall_types.c.name, recall_types.c.description).order_by("name")
        return [tuple(row) for row in (await connection.execute(statement)).all()]


async def test_describe_a_recall_type_and_read_it_everywhere(engine, execute):
    practice = await make_practice(engine)
    values = {"name": "Perio", "defaultIntervalMonths": 3, "description": "Periodontal upkeep"}
    result = await execute(CREATE, {"input": values}, viewer=practice.staff)
    created = result.data["createRecallType"]
    assert created["userErrors"] == []
    type_id = created["recallType"]["id"]
    assert created["recallType"] == {"id": type_id, "name": "Perio",
                                     "description": "Periodontal upkeep"}  # fmt: skip
    async with engine.connect() as connection:
        row = (await connection.execute(select(recall_types))).one()
    await make_recall(engine, practice, row, today())
    variables = {"id": type_id, "patient": global_id("Patient", practice.patient.id)}
    read = await execute(READ, variables, viewer=practice.staff)
    assert read.errors is None, read.errors
    assert read.data == {
        "node": {"description": "Periodontal upkeep"},
        "recallTypes": [{"name": "Perio", "description": "Periodontal upkeep"}],
        "patient": {"recalls": [{"recallType": {"description": "Periodontal upkeep"}}]},
    }
    # a new text replaces it; omitted leaves it; null (or empty) removes it
    steps: list[tuple[dict[str, Any], str | None]] = [
        ({"description": "Every 3 months"}, "Every 3 months"),
        ({"name": "Periodontal"}, "Every 3 months"),
        ({"description": ""}, None),
        ({"description": "Again"}, "Again"),
        ({"description": None}, None),
    ]
    for change, expected in steps:
        result = await execute(
            UPDATE, {"input": {"recallTypeId": type_id, **change}}, viewer=practice.staff
        )
        payload = result.data["updateRecallType"]
        assert (payload["userErrors"], payload["recallType"]["description"]) == ([], expected)
        assert [description for _, description in await _descriptions(engine)] == [expected]
    # without a description it is null
    values = {"name": "Hygiene", "defaultIntervalMonths": 6}
    result = await execute(CREATE, {"input": values}, viewer=practice.staff)
    assert result.data["createRecallType"]["recallType"]["description"] is None


async def test_bad_descriptions_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    kept = await make_type(engine, practice, "Hygiene")
    foreign = await make_type(engine, other, "Theirs")
    before = await _descriptions(engine)
    too_long = "x" * 2001
    error = {
        "field": ["input", "description"],
        "code": "VALIDATION",
        "message": "description may be at most 2000 characters",
    }
    cases = [
        (CREATE, "createRecallType",
         {"name": "Perio", "defaultIntervalMonths": 3, "description": too_long}, [error]),
        (UPDATE, "updateRecallType",
         {"recallTypeId": global_id("RecallType", kept.id), "description": too_long}, [error]),
        (UPDATE, "updateRecallType",
         {"recallTypeId": global_id("RecallType", foreign.id), "description": "Mine"},
         [{"field": ["input", "recallTypeId"], "code": "NOT_FOUND",
           "message": "No such recall type"}]),
    ]  # fmt: skip
    for document, field, values, expected in cases:
        result = await execute(document, {"input": values}, viewer=practice.staff)
        assert result.data[field] == {"recallType": None, "userErrors": expected}, values
    assert await _descriptions(engine) == before
