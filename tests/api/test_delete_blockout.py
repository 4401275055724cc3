"""deleteBlockout through the schema."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.support.blockout_documents import (
    blockout_state,
    error,
    gid,
    make_blockout,
    make_blockout_type,
    mutation,
)
from tests.support.factories import make_practice

DELETE = mutation("deleteBlockout", "deletedId userErrors { field code message }")
START, END = datetime(2030, 1, 7, 18, tzinfo=UTC), datetime(2030, 1, 7, 19, tzinfo=UTC)


async def test_staff_delete_a_blockout(engine, execute):
    practice = await make_practice(engine)
    kind = await make_blockout_type(engine, practice)
    blockout = await make_blockout(engine, practice, kind, START, END)
    variables = {"input": {"blockoutId": gid("Blockout", blockout), "idempotencyKey": "del-1"}}
    result = await execute(DELETE, variables, viewer=practice.staff)
    assert result.data["deleteBlockout"] == {
        "deletedId": gid("Blockout", blockout),
        "userErrors": [],
    }
    assert (await blockout_state(engine))[1] == ()
    # a retry with the key replays the result; without it, the blockout is gone
    assert (await execute(DELETE, variables, viewer=practice.staff)).data == result.data
    again = await execute(
        DELETE, {"input": {"blockoutId": gid("Blockout", blockout)}}, viewer=practice.staff
    )
    assert again.data["deleteBlockout"] == {
        "deletedId": None,
        "userErrors": error("NOT_FOUND", "No blockout with this ID", "blockoutId"),
    }


async def test_other_organizations_and_patients_delete_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    foreign = await make_blockout(
        engine, other, await make_blockout_type(engine, other), START, END
    )
    own = await make_blockout(
        engine, practice, await make_blockout_type(engine, practice), START, END
    )
    before = await blockout_state(engine)
    result = await execute(
        DELETE, {"input": {"blockoutId": gid("Blockout", foreign)}}, viewer=practice.staff
    )
    assert result.data["deleteBlockout"]["userErrors"] == error(
        "NOT_FOUND", "No blockout with this ID", "blockoutId"
    )
    result = await execute(
        DELETE, {"input": {"blockoutId": gid("Blockout", own)}}, viewer=practice.patient_viewer()
    )
    assert result.data["deleteBlockout"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    assert await blockout_state(engine) == before
