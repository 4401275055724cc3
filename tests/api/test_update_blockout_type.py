"""updateBlockoutType through the schema."""

from __future__ import annotations

from tests.support.blockout_documents import (
    blockout_state,
    error,
    gid,
    make_blockout_type,
    mutation,
)
from tests.support.factories import make_practice

TYPE = "id name abbreviation color noSchedule doNotCopy hidden sortOrder active"
UPDATE = mutation(
    "updateBlockoutType", f"blockoutType {{ {TYPE} }} userErrors {{ field code message }}"
)


async def test_staff_change_some_fields(engine, execute):
    practice = await make_practice(engine)
    kind = await make_blockout_type(engine, practice, name="Lunch", no_schedule=True)
    result = await execute(
        UPDATE,
        {
            "input": {
                "blockoutTypeId": gid("BlockoutType", kind),
                "baseVersion": 1,
                "name": "Long lunch",
                "hidden": True,
                "doNotCopy": True,
                "sortOrder": 7,
                "active": False,
            }
        },
        viewer=practice.staff,
    )
    assert result.data["updateBlockoutType"] == {
        "blockoutType": {
            "id": gid("BlockoutType", kind),
            "name": "Long lunch",
            "abbreviation": kind.abbreviation,
            "color": "#996633",
            "noSchedule": True,
            "doNotCopy": True,
            "hidden": True,
            "sortOrder": 7,
            "active": False,
        },
        "userErrors": [],
    }


async def test_renaming_onto_another_type_is_a_duplicate(engine, execute):
    practice = await make_practice(engine)
    await make_blockout_type(engine, practice, name="Lunch")
    kind = await make_blockout_type(engine, practice, name="Meeting")
    before = await blockout_state(engine)
    result = await execute(
        UPDATE,
        {"input": {"blockoutTypeId": gid("BlockoutType", kind), "baseVersion": 1, "name": "Lunch"}},
        viewer=practice.staff,
    )
    assert result.data["updateBlockoutType"] == {
        "blockoutType": None,
        "userErrors": error("DUPLICATE", "A blockout type named 'Lunch' exists already", "name"),
    }
    assert await blockout_state(engine) == before


async def test_another_organizations_type_is_not_found_and_patients_are_forbidden(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    foreign = await make_blockout_type(engine, other, name="Theirs")
    own = await make_blockout_type(engine, practice, name="Ours")
    before = await blockout_state(engine)
    result = await execute(
        UPDATE,
        {
            "input": {
                "blockoutTypeId": gid("BlockoutType", foreign),
                "baseVersion": 1,
                "name": "Mine",
            }
        },
        viewer=practice.staff,
    )
    assert result.data["updateBlockoutType"] == {
        "blockoutType": None,
        "userErrors": error("NOT_FOUND", "No blockout type with this ID", "blockoutTypeId"),
    }
    result = await execute(
        UPDATE,
        {"input": {"blockoutTypeId": gid("BlockoutType", own), "baseVersion": 1, "name": "Mine"}},
        viewer=practice.patient_viewer(),
    )
    assert result.data["updateBlockoutType"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    assert await blockout_state(engine) == before
