"""createBlockoutType through the schema."""

from __future__ import annotations

from tests.support.blockout_documents import blockout_state, error, make_blockout_type, mutation
from tests.support.factories import make_practice

TYPE = "id name abbreviation color noSchedule doNotCopy hidden sortOrder active"
CREATE = mutation(
    "createBlockoutType", f"blockoutType {{ {TYPE} }} userErrors {{ field code message }}"
)
LUNCH = {"name": " Lunch ", "abbreviation": "LUN", "color": "#AA5500", "noSchedule": True}


async def test_staff_create_a_type(engine, execute):
    practice = await make_practice(engine)
    result = await execute(CREATE, {"input": LUNCH}, viewer=practice.staff)
    assert result.errors is None
    payload = result.data["createBlockoutType"]
    created = payload["blockoutType"]
    assert payload["userErrors"] == []
    assert created == {
        "id": created["id"],
        "name": "Lunch",
        "abbreviation": "LUN",
        "color": "#aa5500",
        "noSchedule": True,
        "doNotCopy": False,
        "hidden": False,
        "sortOrder": 0,
        "active": True,
    }
    node = await execute(
        "query ($id: ID!) { node(id: $id) { ... on BlockoutType { name } } }",
        {"id": created["id"]},
        viewer=practice.staff,
    )
    assert node.data["node"] == {"name": "Lunch"}


async def test_a_retry_with_the_same_key_creates_one_type(engine, execute):
    practice = await make_practice(engine)
    variables = {"input": {**LUNCH, "idempotencyKey": "type-1"}}
    first = await execute(CREATE, variables, viewer=practice.staff)
    second = await execute(CREATE, variables, viewer=practice.staff)
    assert second.data == first.data
    other = await execute(
        CREATE,
        {"input": {**LUNCH, "name": "Other", "idempotencyKey": "type-1"}},
        viewer=practice.staff,
    )
    assert other.data["createBlockoutType"]["userErrors"] == error(
        "VALIDATION", "This idempotencyKey was used with a different input", "idempotencyKey"
    )


async def test_invalid_input_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    await make_blockout_type(engine, practice, name="Lunch")
    before = await blockout_state(engine)
    cases = [
        ({**LUNCH}, error("DUPLICATE", "A blockout type named 'Lunch' exists already", "name")),
        (
            {**LUNCH, "name": "Tea", "color": "brown"},
            error("VALIDATION", "color must be #rrggbb", "color"),
        ),
        ({**LUNCH, "name": " "}, error("VALIDATION", "name must be 1 to 100 characters", "name")),
        (
            {**LUNCH, "name": "Tea", "abbreviation": "TOO-LONG-ABBR"},
            error("VALIDATION", "abbreviation must be 1 to 10 characters", "abbreviation"),
        ),
    ]
    for values, expected in cases:
        result = await execute(CREATE, {"input": values}, viewer=practice.staff)
        assert result.data["createBlockoutType"] == {"blockoutType": None, "userErrors": expected}
    assert await blockout_state(engine) == before


async def test_only_staff_create_types(engine, execute):
    practice = await make_practice(engine)
    before = await blockout_state(engine)
    result = await execute(CREATE, {"input": LUNCH}, viewer=practice.patient_viewer())
    assert result.data["createBlockoutType"] == {
        "blockoutType": None,
        "userErrors": error("FORBIDDEN", "Only staff may change blockouts"),
    }
    assert await blockout_state(engine) == before
