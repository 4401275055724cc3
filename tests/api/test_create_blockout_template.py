"""createBlockoutTemplate through the schema."""

from __future__ import annotations

from tests.support.blockout_documents import (
    blockout_state,
    error,
    gid,
    make_blockout_type,
    mutation,
)
from tests.support.factories import make_practice

TEMPLATE = (
    "id name items { id startTime endTime note sortOrder operatory { id } blockoutType { name } }"
)
CREATE = mutation(
    "createBlockoutTemplate",
    f"blockoutTemplate {{ {TEMPLATE} }} userErrors {{ field code message }}",
)


async def test_staff_create_a_template_with_items(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    hold = await make_blockout_type(engine, practice, name="Hold", no_schedule=False)
    items = [
        {"blockoutTypeId": gid("BlockoutType", lunch), "startTime": "12:00", "endTime": "12:30"},
        {
            "blockoutTypeId": gid("BlockoutType", hold),
            "startTime": "07:00",
            "endTime": "07:30",
            "operatoryId": gid("Operatory", practice.operatory),
            "note": "Emergencies",
        },
    ]
    result = await execute(
        CREATE, {"input": {"name": "Standard day", "items": items}}, viewer=practice.staff
    )
    assert result.errors is None
    template = result.data["createBlockoutTemplate"]["blockoutTemplate"]
    assert result.data["createBlockoutTemplate"]["userErrors"] == []
    for item in template["items"]:
        del item["id"]
    assert template == {
        "id": template["id"],
        "name": "Standard day",
        "items": [
            {"startTime": "12:00:00", "endTime": "12:30:00", "note": None, "sortOrder": 0,
             "operatory": None, "blockoutType": {"name": "Lunch"}},
            {"startTime": "07:00:00", "endTime": "07:30:00", "note": "Emergencies",
             "sortOrder": 1, "operatory": {"id": gid("Operatory", practice.operatory)},
             "blockoutType": {"name": "Hold"}},
        ],
    }  # fmt: skip
    listed = await execute(
        "{ blockoutTemplates { name items { sortOrder } } }", viewer=practice.staff
    )
    assert listed.data["blockoutTemplates"] == [
        {"name": "Standard day", "items": [{"sortOrder": 0}, {"sortOrder": 1}]}
    ]


async def test_invalid_templates_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    foreign = await make_blockout_type(engine, other, name="Theirs")

    def item(kind=lunch, **extra):
        return {
            "blockoutTypeId": gid("BlockoutType", kind),
            "startTime": "12:00",
            "endTime": "12:30",
            **extra,
        }

    before = await blockout_state(engine)
    cases = [
        (
            {"name": "Day", "items": []},
            error("VALIDATION", "A template has 1 to 50 items", "items"),
        ),
        (
            {"name": "Day", "items": [item(endTime="11:00")]},
            error("VALIDATION", "An item must end after it starts", "items"),
        ),
        (
            {"name": "Day", "items": [item(foreign)]},
            error("NOT_FOUND", "No blockout type with this ID", "items"),
        ),
        (
            {"name": "Day", "items": [item(operatoryId=gid("Operatory", other.operatory))]},
            error("NOT_FOUND", "No operatory with this ID", "items"),
        ),
    ]
    for values, expected in cases:
        result = await execute(CREATE, {"input": values}, viewer=practice.staff)
        assert result.data["createBlockoutTemplate"] == {
            "blockoutTemplate": None,
            "userErrors": expected,
        }
    patient = await execute(
        CREATE, {"input": {"name": "Day", "items": [item()]}}, viewer=practice.patient_viewer()
    )
    assert patient.data["createBlockoutTemplate"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    assert await blockout_state(engine) == before
