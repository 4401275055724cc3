"""Recurrence groups: repeatBlockoutWeeks puts a source blockout and its repeats in one group,
and updateBlockout's scope changes this one, this and the following ones, or all of them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.tables import blockouts
from tests.support.blockout_documents import (
    STALE,
    audit_trail,
    blockout_state,
    error,
    gid,
    make_blockout,
    make_blockout_type,
    mutation,
    utc,
)
from tests.support.factories import make_practice

ERRORS = "userErrors { field code message }"
SHOWN = "id date startTime endTime note version recurrenceId blockoutType { name }"
REPEAT = mutation("repeatBlockoutWeeks", f"created blockouts {{ {SHOWN} }} {ERRORS}")
COPY = mutation("copyBlockoutsDay", f"created blockouts {{ {SHOWN} }} {ERRORS}")
UPDATE = mutation(
    "updateBlockout",
    f"blockout {{ id }} blockouts {{ {SHOWN} }} warnings {{ code message }} {ERRORS}",
)


async def repeated_mondays(engine, execute, practice, kind):
    """A Monday lunch (2030-01-07 12:00-12:30 Chicago) repeated on the next three Mondays; the
    four blockouts' ids in time order."""
    source = await make_blockout(
        engine, practice, kind, utc(2030, 1, 7, 18), utc(2030, 1, 7, 18, 30)
    )
    values = {"locationId": gid("Location", practice.location), "date": "2030-01-07", "weeks": 3}
    result = await execute(REPEAT, {"input": values}, viewer=practice.staff)
    assert result.data["repeatBlockoutWeeks"]["userErrors"] == []
    return [
        gid("Blockout", source),
        *(b["id"] for b in result.data["repeatBlockoutWeeks"]["blockouts"]),
    ]


async def shown(engine, practice) -> list[tuple[Any, ...]]:
    """Every blockout as (local start, local end, type id, note, version, recurrence id)."""
    async with engine.connect() as connection:
        rows = await connection.execute(select(blockouts).order_by(blockouts.c.start_at))
        return [
            (r.start_at, r.end_at, r.blockout_type_id, r.note, r.version, r.recurrence_id)
            for r in rows
        ]


async def test_a_repeat_groups_its_source_and_copies_but_a_copy_does_not(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    ids = await repeated_mondays(engine, execute, practice, lunch)
    rows = await shown(engine, practice)
    assert [(r[0], r[4]) for r in rows] == [
        (utc(2030, 1, 7, 18), 2),  # the source joined the group: a change, a new version
        (utc(2030, 1, 14, 18), 1),
        (utc(2030, 1, 21, 18), 1),
        (utc(2030, 1, 28, 18), 1),
    ]
    (group,) = {r[5] for r in rows}
    assert group is not None
    read = await execute(
        "query ($id: ID!) { node(id: $id) { ... on Blockout { recurrenceId } } }",
        {"id": ids[2]},
        viewer=practice.staff,
    )
    assert read.data["node"] == {"recurrenceId": str(group)}
    # repeating the group's source again keeps its group
    values = {"locationId": gid("Location", practice.location), "date": "2030-01-28", "weeks": 1}
    again = await execute(REPEAT, {"input": values}, viewer=practice.staff)
    assert [b["recurrenceId"] for b in again.data["repeatBlockoutWeeks"]["blockouts"]] == [
        str(group)
    ]
    # a copied day is no recurrence
    values = {
        "locationId": gid("Location", practice.location),
        "fromDate": "2030-01-07",
        "toDate": "2030-01-09",
    }
    copied = await execute(COPY, {"input": values}, viewer=practice.staff)
    assert [b["recurrenceId"] for b in copied.data["copyBlockoutsDay"]["blockouts"]] == [None]


async def test_all_moves_every_blockout_of_the_group_by_the_same_days(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    meeting = await make_blockout_type(engine, practice, name="Meeting")
    ids = await repeated_mondays(engine, execute, practice, lunch)
    # a Tuesday meeting the last one lands on
    await make_blockout(engine, practice, meeting, utc(2030, 1, 29, 19), utc(2030, 1, 29, 20))
    values = {
        "blockoutId": ids[1],
        "baseVersion": 1,
        "scope": "ALL",
        "times": {"date": "2030-01-15", "startTime": "13:00", "endTime": "13:30"},
        "note": "Tuesdays now",
    }
    result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
    payload = result.data["updateBlockout"]
    assert payload["userErrors"] == []
    assert payload["blockout"] == {"id": ids[1]}
    group = payload["blockouts"][0]["recurrenceId"]
    assert payload["blockouts"] == [
        {"id": ident, "date": day, "startTime": "13:00:00", "endTime": "13:30:00",
         "note": "Tuesdays now", "version": version, "recurrenceId": group,
         "blockoutType": {"name": "Lunch"}}
        for ident, day, version in [
            (ids[1], "2030-01-15", 2), (ids[0], "2030-01-08", 3),
            (ids[2], "2030-01-22", 2), (ids[3], "2030-01-29", 2),
        ]
    ]  # fmt: skip
    assert payload["warnings"] == [
        {"code": "OVERLAPS_BLOCKOUT", "message": "It overlaps Meeting 13:00-14:00 on 2030-01-29"}
    ]
    async with engine.connect() as connection:
        grouped = (await connection.execute(select(blockouts.c.id).where(
            blockouts.c.recurrence_id.is_not(None)))).scalars().all()  # fmt: skip
    assert len(grouped) == 4
    for ident in grouped:  # each change audited once, with the columns it set
        trail = await audit_trail(engine, ident)
        assert [(action, sorted(changes)) for _, action, changes in trail] == [
            ("UPDATED", ["end_at", "note", "start_at"])]  # fmt: skip


async def test_this_and_following_and_this_reach_what_they_say(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    huddle = await make_blockout_type(engine, practice, name="Huddle")
    ids = await repeated_mondays(engine, execute, practice, lunch)
    values = {
        "blockoutId": ids[2],
        "baseVersion": 1,
        "scope": "THIS_AND_FOLLOWING",
        "blockoutTypeId": gid("BlockoutType", huddle),
    }
    result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
    changed = result.data["updateBlockout"]["blockouts"]
    assert [(b["id"], b["blockoutType"]["name"], b["version"]) for b in changed] == [
        (ids[2], "Huddle", 2), (ids[3], "Huddle", 2)]  # fmt: skip
    types = [r[2] for r in await shown(engine, practice)]
    assert types == [lunch.id, lunch.id, huddle.id, huddle.id]
    # THIS, the default: the one only
    values = {"blockoutId": ids[0], "baseVersion": 2, "note": "Only this"}
    result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
    assert [b["id"] for b in result.data["updateBlockout"]["blockouts"]] == [ids[0]]
    assert [r[3] for r in await shown(engine, practice)] == ["Only this", None, None, None]


async def test_refused_group_changes_change_nothing(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    # Sundays 01:00-01:30 from 2030-03-03; the next Sunday springs forward at 02:00
    source = await make_blockout(
        engine, practice, lunch, utc(2030, 3, 3, 7), utc(2030, 3, 3, 7, 30)
    )
    values = {"locationId": gid("Location", practice.location), "date": "2030-03-03", "weeks": 2}
    await execute(REPEAT, {"input": values}, viewer=practice.staff)
    before = await blockout_state(engine)
    into_the_gap = {"date": "2030-03-03", "startTime": "02:15", "endTime": "02:45"}
    cases = [
        (
            {"baseVersion": 2, "scope": "ALL", "times": into_the_gap},
            error("DST_GAP", "2030-03-10 02:15 does not exist in America/Chicago (clocks spring forward)", "times.startTime"),
        ),
        (
            {"baseVersion": 1, "scope": "ALL", "note": "Stale"},
            error("VERSION_CONFLICT", STALE.format(2, 1), "baseVersion"),
        ),
    ]  # fmt: skip
    for change, expected in cases:
        values = {"blockoutId": gid("Blockout", source), **change}
        result = await execute(UPDATE, {"input": values}, viewer=practice.staff)
        assert result.data["updateBlockout"] == {
            "blockout": None, "blockouts": [], "warnings": [], "userErrors": expected}  # fmt: skip
    assert await blockout_state(engine) == before
