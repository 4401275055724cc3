"""OVERLAPS_BLOCKOUT: a blockout a mutation writes that overlaps another in an operatory they
share (a whole-location blockout shares them all) is written all the same, with a warning per
pair; one statement finds them, however many blockouts the mutation writes."""

from __future__ import annotations

from datetime import time

from tests.support.blockout_documents import (
    gid,
    make_blockout,
    make_blockout_type,
    make_template,
    mutation,
    utc,
)
from tests.support.factories import make_operatory, make_practice

WARNINGS = "warnings { code message blockout { id } overlapping { id } }"
ERRORS = "userErrors { field code message }"
CREATE = mutation("createBlockouts", f"blockouts {{ id }} {WARNINGS} {ERRORS}")
UPDATE = mutation("updateBlockout", f"blockout {{ id }} {WARNINGS} {ERRORS}")
BATCH = f"blockouts {{ id startTime }} {WARNINGS} {ERRORS}"
COPY = mutation("copyBlockoutsDay", BATCH)
REPEAT = mutation("repeatBlockoutWeeks", BATCH)
APPLY = mutation("applyBlockoutTemplate", BATCH)
MONDAY = "2030-01-07"  # CST, UTC-6


def overlap(written: str, other: str, message: str) -> dict:
    """A warning as the API returns it (both blockouts by global ID)."""
    return {
        "code": "OVERLAPS_BLOCKOUT",
        "message": message,
        "blockout": {"id": written},
        "overlapping": {"id": other},
    }


async def monday_lunch(engine, practice):
    """Lunch 12:00-12:30 in the practice's operatory (its global ID), and a second operatory."""
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    blockout = await make_blockout(
        engine,
        practice,
        lunch,
        utc(2030, 1, 7, 18),
        utc(2030, 1, 7, 18, 30),
        operatory=practice.operatory,
    )
    return gid("Blockout", blockout), await make_operatory(engine, practice.location)


def create_input(practice, kind, start, end, operatories=None):
    values = {
        "locationId": gid("Location", practice.location),
        "blockoutTypeId": gid("BlockoutType", kind),
        "date": MONDAY,
        "startTime": start,
        "endTime": end,
    }
    if operatories is not None:
        values["operatoryIds"] = [gid("Operatory", op) for op in operatories]
    return {"input": values}


async def create(execute, practice, *args):
    result = await execute(CREATE, create_input(practice, *args), viewer=practice.staff)
    assert result.errors is None
    assert result.data["createBlockouts"]["userErrors"] == []
    payload = result.data["createBlockouts"]
    return [b["id"] for b in payload["blockouts"]], payload["warnings"]


async def test_create_warns_of_overlaps_in_a_shared_operatory_only(engine, execute):
    practice = await make_practice(engine)
    lunch, second = await monday_lunch(engine, practice)
    meeting = await make_blockout_type(engine, practice, name="Meeting")
    # 12:15-13:00 in both operatories: the one in the lunch's overlaps it, the other does not
    (in_first, in_second), warnings = await create(
        execute, practice, meeting, "12:15", "13:00", [practice.operatory, second]
    )
    assert warnings == [overlap(in_first, lunch, "It overlaps Lunch 12:00-12:30 on 2030-01-07")]
    # touching is no overlap: 13:00-13:30 after the meetings' 12:15-13:00
    _, warnings = await create(execute, practice, meeting, "13:00", "13:30", [second])
    assert warnings == []
    # a whole-location blockout shares every operatory: the lunch (earliest), then both
    # meetings (one start: in id order)
    (whole,), warnings = await create(execute, practice, meeting, "12:20", "12:25")
    assert warnings[0] == overlap(whole, lunch, "It overlaps Lunch 12:00-12:30 on 2030-01-07")
    meetings = [
        overlap(whole, ident, "It overlaps Meeting 12:15-13:00 on 2030-01-07")
        for ident in (in_first, in_second)
    ]
    assert sorted(warnings[1:], key=str) == sorted(meetings, key=str)


async def test_update_warns_of_what_the_changed_blockout_overlaps(engine, execute):
    practice = await make_practice(engine)
    lunch, second = await monday_lunch(engine, practice)
    meeting = await make_blockout_type(engine, practice, name="Meeting")
    (moving,), _ = await create(execute, practice, meeting, "09:00", "10:00", [second])
    values = {
        "blockoutId": moving,
        "baseVersion": 1,
        "operatoryId": gid("Operatory", practice.operatory),
        "times": {"date": MONDAY, "startTime": "11:45", "endTime": "12:05"},
    }
    result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
    assert result.data["updateBlockout"] == {
        "blockout": {"id": moving},
        "warnings": [overlap(moving, lunch, "It overlaps Lunch 12:00-12:30 on 2030-01-07")],
        "userErrors": [],
    }
    # moved back to the other operatory: nothing overlaps it
    values = {"blockoutId": moving, "baseVersion": 2, "operatoryId": gid("Operatory", second)}
    result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
    assert result.data["updateBlockout"]["warnings"] == []


async def test_copy_and_repeat_warn_of_what_they_write_over(engine, execute):
    practice = await make_practice(engine)
    lunch, _ = await monday_lunch(engine, practice)
    # the next Monday and the one after: a meeting over lunchtime in the same operatory
    meeting = await make_blockout_type(engine, practice, name="Meeting")
    there = [
        await make_blockout(
            engine, practice, meeting, utc(2030, 1, day, 18, 15), utc(2030, 1, day, 19),
            operatory=practice.operatory,
        )
        for day in (14, 21)
    ]  # fmt: skip
    values = {
        "locationId": gid("Location", practice.location),
        "fromDate": MONDAY,
        "toDate": "2030-01-14",
    }
    result = await execute(COPY, {"input": values}, viewer=practice.staff)
    (copied,) = result.data["copyBlockoutsDay"]["blockouts"]
    assert result.data["copyBlockoutsDay"]["warnings"] == [
        overlap(
            copied["id"], gid("Blockout", there[0]), "It overlaps Meeting 12:15-13:00 on 2030-01-14"
        )
    ]
    repeat_values = {"locationId": gid("Location", practice.location), "date": MONDAY, "weeks": 2}
    result = await execute(REPEAT, {"input": repeat_values}, viewer=practice.staff)
    repeat = result.data["repeatBlockoutWeeks"]
    (repeated,) = repeat["blockouts"]  # the 14th has its copy already
    assert repeat["warnings"] == [
        {"code": "ALREADY_THERE", "message": "Skipped Lunch 12:00-12:30 on 2030-01-14: it is "
         "already there", "blockout": None, "overlapping": None},
        overlap(repeated["id"], gid("Blockout", there[1]), "It overlaps Meeting 12:15-13:00 on 2030-01-21"),
    ]  # fmt: skip
    assert lunch != copied["id"]


async def test_apply_warns_once_per_pair_of_its_own_items(engine, execute):
    practice = await make_practice(engine)
    lunch_id, _ = await monday_lunch(engine, practice)
    lunch = await make_blockout_type(engine, practice, name="Long lunch")
    call = await make_blockout_type(engine, practice, name="Call")
    template = await make_template(
        engine,
        practice,
        "Busy day",
        [
            {"blockout_type_id": lunch.id, "start_time": time(11, 30), "end_time": time(13)},
            {"blockout_type_id": call.id, "start_time": time(12, 40), "end_time": time(12, 50),
             "operatory_id": practice.operatory.id},
            {"blockout_type_id": call.id, "start_time": time(8), "end_time": time(8, 30)},
        ],
    )  # fmt: skip
    values = {
        "templateId": gid("BlockoutTemplate", template),
        "locationId": gid("Location", practice.location),
        "date": MONDAY,
    }
    result = await execute(APPLY, {"input": values}, viewer=practice.staff)
    applied = result.data["applyBlockoutTemplate"]
    morning, long_lunch, call_in_lunch = (b["id"] for b in applied["blockouts"])
    assert [b["startTime"] for b in applied["blockouts"]] == ["08:00:00", "11:30:00", "12:40:00"]
    # the whole-location long lunch overlaps the existing lunch and its own call (once: from
    # the one written first); the 08:00 call overlaps nothing
    assert applied["warnings"] == [
        overlap(long_lunch, lunch_id, "It overlaps Lunch 12:00-12:30 on 2030-01-07"),
        overlap(long_lunch, call_in_lunch, "It overlaps Call 12:40-12:50 on 2030-01-07"),
    ]
    assert morning not in str(applied["warnings"])


async def test_one_statement_finds_the_overlaps_of_any_number_of_blockouts(
    engine, execute, count_statements
):
    practice = await make_practice(engine)
    await monday_lunch(engine, practice)
    rooms = [
        practice.operatory,
        *[await make_operatory(engine, practice.location) for _ in range(4)],
    ]
    meeting = await make_blockout_type(engine, practice, name="Meeting")
    counts = []
    for chosen, start in ((rooms[:1], "12:10"), (rooms, "12:20")):
        with count_statements() as counter:
            _, warnings = await create(execute, practice, meeting, start, "12:25", chosen)
        counts.append((counter.count, len(warnings)))
    # the first meets the lunch; of the five, the one in the lunch's operatory meets the lunch
    # and the first meeting: more blockouts and warnings, the same statements
    assert counts[0][0] == counts[1][0]
    assert [n for _, n in counts] == [1, 2]
