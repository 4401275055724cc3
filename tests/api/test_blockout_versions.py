"""baseVersion on updateBlockout and updateBlockoutType: a stale version changes nothing,
concurrent changes at one version let exactly one through, and the database guards versions."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.support.blockout_documents import (
    STALE,
    audit_trail,
    blockout_state,
    error,
    gid,
    make_blockout,
    make_blockout_type,
    mutation,
    outcome,
    utc,
)
from tests.support.factories import make_practice

ERRORS = "userErrors { field code message }"
UPDATE_BLOCKOUT = mutation("updateBlockout", f"blockout {{ id note version }} {ERRORS}")
UPDATE_TYPE = mutation("updateBlockoutType", f"blockoutType {{ id name version }} {ERRORS}")


async def lunch(engine, practice):
    kind = await make_blockout_type(engine, practice, name="Lunch")
    blockout = await make_blockout(
        engine, practice, kind, utc(2030, 1, 7, 18), utc(2030, 1, 7, 18, 30), note="Pizza"
    )
    return kind, blockout


async def test_a_change_bumps_the_version_and_is_audited(engine, execute):
    practice = await make_practice(engine)
    _, blockout = await lunch(engine, practice)
    assert blockout.version == 1
    values = {"blockoutId": gid("Blockout", blockout), "baseVersion": 1, "note": "Tacos"}
    result = await execute(UPDATE_BLOCKOUT, {"input": values}, viewer=practice.staff)
    assert result.data["updateBlockout"] == {
        "blockout": {"id": gid("Blockout", blockout), "note": "Tacos", "version": 2},
        "userErrors": [],
    }
    assert await audit_trail(engine, blockout.id) == [("blockouts", "UPDATED", {"note": "Tacos"})]


async def test_a_stale_base_version_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    kind, blockout = await lunch(engine, practice)
    first = {"blockoutId": gid("Blockout", blockout), "baseVersion": 1, "note": "Tacos"}
    await execute(UPDATE_BLOCKOUT, {"input": first}, viewer=practice.staff)
    before = await blockout_state(engine)
    # the blockout is at version 2 now; a client that read version 1 is refused
    stale = {"blockoutId": gid("Blockout", blockout), "baseVersion": 1, "note": "Soup"}
    result = await execute(UPDATE_BLOCKOUT, {"input": stale}, viewer=practice.staff)
    assert result.data["updateBlockout"] == {
        "blockout": None,
        "userErrors": error("VERSION_CONFLICT", STALE.format(2, 1), "baseVersion"),
    }
    ahead = {"blockoutTypeId": gid("BlockoutType", kind), "baseVersion": 2, "name": "Brunch"}
    result = await execute(UPDATE_TYPE, {"input": ahead}, viewer=practice.staff)
    assert result.data["updateBlockoutType"] == {
        "blockoutType": None,
        "userErrors": error("VERSION_CONFLICT", STALE.format(1, 2), "baseVersion"),
    }
    assert await blockout_state(engine) == before


async def test_a_type_change_bumps_its_version_and_is_audited(engine, execute):
    practice = await make_practice(engine)
    kind = await make_blockout_type(engine, practice, name="Lunch")
    values = {"blockoutTypeId": gid("BlockoutType", kind), "baseVersion": 1, "name": "Brunch"}
    result = await execute(UPDATE_TYPE, {"input": values}, viewer=practice.staff)
    assert result.data["updateBlockoutType"] == {
        "blockoutType": {"id": gid("BlockoutType", kind), "name": "Brunch", "version": 2},
        "userErrors": [],
    }
    assert await audit_trail(engine, kind.id) == [("blockout_types", "UPDATED", {"name": "Brunch"})]


async def test_concurrent_changes_at_one_version_let_exactly_one_through(engine, execute):
    practice = await make_practice(engine)
    kind, blockout = await lunch(engine, practice)
    notes = [f"Note {n}" for n in range(5)]
    results = await asyncio.gather(
        *(
            execute(
                UPDATE_BLOCKOUT,
                {"input": {"blockoutId": gid("Blockout", blockout), "baseVersion": 1, "note": n}},
                viewer=practice.staff,
            )
            for n in notes
        )
    )
    assert Counter(outcome(r, "updateBlockout") for r in results) == {
        "OK": 1,
        "VERSION_CONFLICT": 4,
    }
    (winner,) = [
        r.data["updateBlockout"]["blockout"]
        for r in results
        if r.data["updateBlockout"]["blockout"]
    ]
    renames = await asyncio.gather(
        *(
            execute(
                UPDATE_TYPE,
                {
                    "input": {
                        "blockoutTypeId": gid("BlockoutType", kind),
                        "baseVersion": 1,
                        "name": f"Lunch {n}",
                    }
                },
                viewer=practice.staff,
            )
            for n in range(5)
        )
    )
    assert Counter(outcome(r, "updateBlockoutType") for r in renames) == {
        "OK": 1,
        "VERSION_CONFLICT": 4,
    }
    async with engine.connect() as connection:
        row = (await connection.execute(text("SELECT note, version FROM blockouts"))).one()
        kinds = (await connection.execute(text("SELECT version FROM blockout_types"))).scalars()
        assert (row.note, row.version) == (winner["note"], 2)
        assert list(kinds) == [2]
    assert len(await audit_trail(engine, blockout.id)) == 1


async def test_other_organizations_rows_are_not_found_and_patients_are_refused(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    _, foreign = await lunch(engine, other)
    own_kind, own = await lunch(engine, practice)
    before = await blockout_state(engine)
    values = {"blockoutId": gid("Blockout", foreign), "baseVersion": 1, "note": "x"}
    result = await execute(UPDATE_BLOCKOUT, {"input": values}, viewer=practice.staff)
    assert result.data["updateBlockout"]["userErrors"] == error(
        "NOT_FOUND", "No blockout with this ID", "blockoutId"
    )
    values = {"blockoutId": gid("Blockout", own), "baseVersion": 1, "note": "x"}
    result = await execute(UPDATE_BLOCKOUT, {"input": values}, viewer=practice.patient_viewer())
    assert result.data["updateBlockout"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    values = {"blockoutTypeId": gid("BlockoutType", own_kind), "baseVersion": 1, "name": "x"}
    result = await execute(UPDATE_TYPE, {"input": values}, viewer=practice.patient_viewer())
    assert result.data["updateBlockoutType"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    assert await blockout_state(engine) == before


@pytest.mark.parametrize("table", ["blockouts", "blockout_types", "blockout_templates"])
async def test_the_database_keeps_versions_positive(engine, table):
    practice = await make_practice(engine)
    await lunch(engine, practice)
    async with engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO blockout_templates (organization_id, name) VALUES (:org, 'Day')"),
            {"org": practice.org.id},
        )
    with pytest.raises(IntegrityError, match=f"ck_{table}_version_positive"):
        async with engine.begin() as connection:
            await connection.execute(text(f"UPDATE {table} SET version = 0"))
