"""Reading blockouts: root lists, nodes, calendar days, and a constant statement count."""

from __future__ import annotations

from datetime import timedelta

from db.queries.blockouts import blocked_times, blockouts_overlapping
from db.request_database import RequestDatabase
from scheduling.blockouts import BlockedTime
from tests.support.blockout_documents import gid, make_blockout, make_blockout_type, utc
from tests.support.connections import nodes
from tests.support.factories import make_operatory, make_practice

BLOCKOUTS = """
query ($l: ID!, $from: Date!, $to: Date!, $hidden: Boolean! = false, $first: Int! = 100,
       $after: String) {
  blockouts(locationId: $l, from: $from, to: $to, includeHidden: $hidden, first: $first,
            after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id date startTime endTime } }
  }
}
"""
DAY = """
query ($l: ID!, $d: Date!, $hidden: Boolean! = false) {
  calendarDay(locationId: $l, date: $d) { blockouts(includeHidden: $hidden) { id blockoutType { name } } }
}
"""
WEEK = """
query ($l: ID!, $w: Date!) {
  calendarWeek(locationId: $l, weekStart: $w) {
    operatories { id }
    days { date appointments { id }
           blockouts { id startTime wholeLocation note operatory { id name } location { name }
                       blockoutType { name color noSchedule } } }
  }
}
"""


async def test_types_in_display_order_with_filters(engine, execute):
    practice = await make_practice(engine)
    await make_blockout_type(engine, practice, name="Lunch", sort_order=2)
    await make_blockout_type(engine, practice, name="Admin", sort_order=1, hidden=True)
    await make_blockout_type(engine, practice, name="Old", sort_order=3, active=False)
    other = await make_practice(engine)
    await make_blockout_type(engine, other, name="Theirs")
    names = "query ($h: Boolean!, $i: Boolean!) { blockoutTypes(includeHidden: $h, includeInactive: $i) { name } }"
    for hidden, inactive, expected in [
        (False, False, ["Lunch"]),
        (True, False, ["Admin", "Lunch"]),
        (True, True, ["Admin", "Lunch", "Old"]),
    ]:
        result = await execute(names, {"h": hidden, "i": inactive}, viewer=practice.staff)
        assert [t["name"] for t in result.data["blockoutTypes"]] == expected


async def test_blockouts_overlapping_local_days(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    admin = await make_blockout_type(engine, practice, name="Admin", hidden=True)
    # Chicago: Mon 2030-01-07 12:00, an overnight 22:00-02:00 into Tuesday, Wed 09:00 (hidden)
    monday = await make_blockout(engine, practice, lunch, utc(2030, 1, 7, 18), utc(2030, 1, 7, 19))
    night = await make_blockout(engine, practice, lunch, utc(2030, 1, 8, 4), utc(2030, 1, 8, 8))
    hidden = await make_blockout(engine, practice, admin, utc(2030, 1, 9, 15), utc(2030, 1, 9, 16))
    other = await make_practice(engine)
    await make_blockout(
        engine,
        other,
        await make_blockout_type(engine, other),
        utc(2030, 1, 7, 18),
        utc(2030, 1, 7, 19),
    )
    variables = {"l": gid("Location", practice.location), "from": "2030-01-08", "to": "2030-01-09"}
    result = await execute(BLOCKOUTS, variables, viewer=practice.staff)
    assert nodes(result.data["blockouts"]) == [
        {
            "id": gid("Blockout", night),
            "date": "2030-01-07",
            "startTime": "22:00:00",
            "endTime": "02:00:00",
        }
    ]
    result = await execute(
        BLOCKOUTS, {**variables, "from": "2030-01-07", "hidden": True}, viewer=practice.staff
    )
    assert [b["id"] for b in nodes(result.data["blockouts"])] == [
        gid("Blockout", b) for b in (monday, night, hidden)
    ]
    # two at a time: the same three in the same order, counted in full on each page
    both = {**variables, "from": "2030-01-07", "hidden": True, "first": 2}
    first = (await execute(BLOCKOUTS, both, viewer=practice.staff)).data["blockouts"]
    after = {**both, "after": first["pageInfo"]["endCursor"]}
    rest = (await execute(BLOCKOUTS, after, viewer=practice.staff)).data["blockouts"]
    assert [b["id"] for b in nodes(first) + nodes(rest)] == [
        gid("Blockout", b) for b in (monday, night, hidden)
    ]
    assert [(p["totalCount"], p["pageInfo"]["hasNextPage"]) for p in (first, rest)] == [
        (3, True), (3, False)]  # fmt: skip
    # the overnight one shows on both calendar days; hidden types only when asked
    for date, hidden_too, expected in [
        ("2030-01-07", False, [monday, night]),
        ("2030-01-08", False, [night]),
        ("2030-01-09", False, []),
        ("2030-01-09", True, [hidden]),
    ]:
        day = await execute(
            DAY,
            {"l": gid("Location", practice.location), "d": date, "hidden": hidden_too},
            viewer=practice.staff,
        )
        assert [b["id"] for b in day.data["calendarDay"]["blockouts"]] == [
            gid("Blockout", b) for b in expected
        ]
    # another organization's location lists nothing
    foreign = await execute(
        BLOCKOUTS, {**variables, "l": gid("Location", other.location)}, viewer=practice.staff
    )
    assert foreign.data["blockouts"]["edges"] == []
    assert foreign.data["blockouts"]["totalCount"] == 0


async def test_bad_ranges_patients_and_nodes(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    kind = await make_blockout_type(engine, practice)
    own = await make_blockout(engine, practice, kind, utc(2030, 1, 7, 18), utc(2030, 1, 7, 19))
    foreign = await make_blockout(
        engine,
        other,
        await make_blockout_type(engine, other),
        utc(2030, 1, 7, 18),
        utc(2030, 1, 7, 19),
    )
    variables = {"l": gid("Location", practice.location), "from": "2030-01-09", "to": "2030-01-08"}
    backwards = await execute(BLOCKOUTS, variables, viewer=practice.staff)
    assert [(e.message, e.extensions["code"]) for e in backwards.errors] == [
        ("to must not be before from", "BAD_USER_INPUT")
    ]
    patient = await execute(
        BLOCKOUTS, {**variables, "to": "2030-01-10"}, viewer=practice.patient_viewer()
    )
    assert [(e.message, e.extensions["code"]) for e in patient.errors] == [
        ("Patients cannot read the practice's blockouts", "FORBIDDEN")
    ]
    by_ids = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    ids = [gid("Blockout", own), gid("Blockout", foreign), gid("BlockoutType", kind)]
    staff = await execute(by_ids, {"ids": ids}, viewer=practice.staff)
    assert staff.data["nodes"] == [{"id": ids[0]}, None, {"id": ids[2]}]
    as_patient = await execute(by_ids, {"ids": ids}, viewer=practice.patient_viewer())
    assert as_patient.data["nodes"] == [None, None, None]


async def week_statements(engine, execute, count_statements, blockouts: int) -> tuple[int, int]:
    practice = await make_practice(engine)
    chairs = [practice.operatory] + [
        await make_operatory(engine, practice.location) for _ in range(3)
    ]
    kinds = [await make_blockout_type(engine, practice) for _ in range(3)]
    monday = utc(2026, 11, 16, 18)  # 12:00 in Chicago
    for n in range(blockouts):
        start = monday + timedelta(days=n % 7, minutes=30 * (n // 7))
        chair = chairs[n % 5] if n % 5 < 4 else None
        await make_blockout(
            engine, practice, kinds[n % 3], start, start + timedelta(minutes=30), operatory=chair
        )
    variables = {"l": gid("Location", practice.location), "w": "2026-11-16"}
    with count_statements() as counter:
        result = await execute(WEEK, variables, viewer=practice.staff)
    assert result.errors is None
    return counter.count, sum(len(day["blockouts"]) for day in result.data["calendarWeek"]["days"])


async def test_calendar_week_statement_count_is_the_same_for_2_and_20_blockouts(
    engine, execute, count_statements
):
    small, small_loaded = await week_statements(engine, execute, count_statements, 2)
    large, large_loaded = await week_statements(engine, execute, count_statements, 20)
    assert (small_loaded, large_loaded) == (2, 20)
    assert small == large
    # location, appointments, operatories, blockouts, blockout types
    assert large == 5


async def test_blocked_times_of_a_range_for_slot_search(engine):
    # the read that slot search builds on: one statement for locations and a range
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    hold = await make_blockout_type(engine, practice, name="Hold", no_schedule=False)
    first = await make_blockout(engine, practice, lunch, utc(2030, 1, 7, 18), utc(2030, 1, 7, 19))
    second = await make_blockout(
        engine,
        practice,
        hold,
        utc(2030, 1, 7, 20),
        utc(2030, 1, 7, 21),
        operatory=practice.operatory,
    )
    await make_blockout(engine, practice, lunch, utc(2030, 1, 8, 18), utc(2030, 1, 8, 19))
    db = RequestDatabase(engine, practice.org.id)
    try:
        rows = await blockouts_overlapping(
            db,
            organization_id=practice.org.id,
            location_ids=[practice.location.id],
            starts_before=utc(2030, 1, 8, 6),
            ends_after=utc(2030, 1, 7, 6),
        )
    finally:
        await db.close()
    assert blocked_times(rows) == [
        BlockedTime(first.id, None, utc(2030, 1, 7, 18), utc(2030, 1, 7, 19), True),
        BlockedTime(
            second.id, practice.operatory.id, utc(2030, 1, 7, 20), utc(2030, 1, 7, 21), False
        ),
    ]
