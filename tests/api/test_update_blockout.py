"""updateBlockout through the schema."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.support.blockout_documents import (
    BLOCKOUT,
    blockout_state,
    error,
    gid,
    make_blockout,
    make_blockout_type,
    mutation,
)
from tests.support.factories import make_location, make_operatory, make_practice

UPDATE = mutation(
    "updateBlockout",
    f"blockout {{ {BLOCKOUT} }} warnings {{ code }} userErrors {{ field code message }}",
)


async def lunch(engine, practice):
    kind = await make_blockout_type(engine, practice, name="Lunch")
    blockout = await make_blockout(
        engine,
        practice,
        kind,
        datetime(2030, 1, 7, 18, tzinfo=UTC),
        datetime(2030, 1, 7, 18, 30, tzinfo=UTC),
        operatory=practice.operatory,
        note="Pizza",
    )
    return kind, blockout


async def test_change_times_type_operatory_and_note(engine, execute):
    practice = await make_practice(engine)
    _, blockout = await lunch(engine, practice)
    meeting = await make_blockout_type(engine, practice, name="Meeting")
    result = await execute(
        UPDATE,
        {
            "input": {
                "blockoutId": gid("Blockout", blockout),
                "baseVersion": 1,
                "blockoutTypeId": gid("BlockoutType", meeting),
                "operatoryId": None,
                "times": {"date": "2030-03-11", "startTime": "08:00", "endTime": "09:15"},
                "note": None,
            }
        },
        viewer=practice.staff,
    )
    assert result.data["updateBlockout"] == {
        "blockout": {
            "id": gid("Blockout", blockout),
            "startAt": "2030-03-11T13:00:00+00:00",
            "endAt": "2030-03-11T14:15:00+00:00",
            "date": "2030-03-11",
            "startTime": "08:00:00",
            "endTime": "09:15:00",
            "wholeLocation": True,
            "note": None,
            "operatory": None,
            "blockoutType": {"name": "Meeting"},
        },
        "warnings": [],
        "userErrors": [],
    }


async def test_omitted_fields_stay(engine, execute):
    practice = await make_practice(engine)
    _, blockout = await lunch(engine, practice)
    second = await make_operatory(engine, practice.location)
    result = await execute(
        UPDATE,
        {
            "input": {
                "blockoutId": gid("Blockout", blockout),
                "baseVersion": 1,
                "operatoryId": gid("Operatory", second),
            }
        },
        viewer=practice.staff,
    )
    changed = result.data["updateBlockout"]["blockout"]
    assert (changed["operatory"], changed["note"], changed["startTime"]) == (
        {"id": gid("Operatory", second)},
        "Pizza",
        "12:00:00",
    )


async def test_failures_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    _, blockout = await lunch(engine, practice)
    _, foreign = await lunch(engine, other)
    elsewhere = await make_operatory(engine, await make_location(engine, practice.org))
    before = await blockout_state(engine)
    cases = [
        (
            {"blockoutId": gid("Blockout", foreign), "baseVersion": 1, "note": "x"},
            error("NOT_FOUND", "No blockout with this ID", "blockoutId"),
        ),
        (
            {
                "blockoutId": gid("Blockout", blockout),
                "baseVersion": 1,
                "operatoryId": gid("Operatory", elsewhere),
            },
            error("VALIDATION", "The operatory is not at this location", "operatoryId"),
        ),
        (
            {
                "blockoutId": gid("Blockout", blockout),
                "baseVersion": 1,
                "times": {"date": "2030-03-10", "startTime": "02:00", "endTime": "03:30"},
            },
            error(
                "DST_GAP",
                "2030-03-10 02:00 does not exist in America/Chicago (clocks spring forward)",
                "times.startTime",
            ),
        ),
    ]
    for values, expected in cases:
        result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
        assert result.data["updateBlockout"] == {
            "blockout": None,
            "warnings": [],
            "userErrors": expected,
        }
    result = await execute(
        UPDATE,
        {"input": {"blockoutId": gid("Blockout", blockout), "baseVersion": 1, "note": "x"}},
        viewer=practice.patient_viewer(),
    )
    assert result.data["updateBlockout"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    assert await blockout_state(engine) == before
