"""copyBlockoutsDay through the schema: wall-clock times survive a DST change."""

from __future__ import annotations

from tests.support.blockout_documents import (
    BATCH,
    blockout_state,
    error,
    gid,
    make_blockout,
    make_blockout_type,
    mutation,
    skipped,
    utc,
)
from tests.support.factories import make_practice

COPY = mutation("copyBlockoutsDay", BATCH)


async def friday_before_dst(engine, practice):
    """Blockouts on Friday 2030-03-08 (CST, UTC-6) in Chicago."""
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    meeting = await make_blockout_type(engine, practice, name="Staff meeting", do_not_copy=True)
    hold = await make_blockout_type(engine, practice, name="Emergency hold", no_schedule=False)
    await make_blockout(
        engine, practice, lunch, utc(2030, 3, 8, 18), utc(2030, 3, 8, 18, 30),
        operatory=practice.operatory, note="Lunch",
    )  # fmt: skip
    await make_blockout(engine, practice, meeting, utc(2030, 3, 8, 14), utc(2030, 3, 8, 15))
    await make_blockout(engine, practice, hold, utc(2030, 3, 8, 13), utc(2030, 3, 8, 13, 30))


def copy_input(practice, from_date="2030-03-08", to_date="2030-03-11", **extra):
    return {
        "input": {
            "locationId": gid("Location", practice.location),
            "fromDate": from_date,
            "toDate": to_date,
            **extra,
        }
    }


async def test_copy_keeps_local_times_across_spring_forward(engine, execute):
    practice = await make_practice(engine)
    await friday_before_dst(engine, practice)
    # when Friday is copied to Monday 2030-03-11 (CDT, UTC-5)
    result = await execute(COPY, copy_input(practice), viewer=practice.staff)
    assert result.errors is None
    payload = result.data["copyBlockoutsDay"]
    for blockout in payload["blockouts"]:
        del blockout["id"]
    # then the same wall-clock times, one hour earlier in UTC; the meeting is do-not-copy
    assert payload == {
        "created": 2,
        "warnings": [
            skipped(
                "DO_NOT_COPY",
                "Skipped Staff meeting 08:00-09:00 on 2030-03-08: its type "
                "'Staff meeting' is do-not-copy",
            )
        ],
        "blockouts": [
            {
                "startAt": "2030-03-11T12:00:00+00:00",
                "endAt": "2030-03-11T12:30:00+00:00",
                "date": "2030-03-11",
                "startTime": "07:00:00",
                "endTime": "07:30:00",
                "wholeLocation": True,
                "note": None,
                "operatory": None,
                "blockoutType": {"name": "Emergency hold"},
            },
            {
                "startAt": "2030-03-11T17:00:00+00:00",
                "endAt": "2030-03-11T17:30:00+00:00",
                "date": "2030-03-11",
                "startTime": "12:00:00",
                "endTime": "12:30:00",
                "wholeLocation": False,
                "note": "Lunch",
                "operatory": {"id": gid("Operatory", practice.operatory)},
                "blockoutType": {"name": "Lunch"},
            },
        ],
        "userErrors": [],
    }
    # and copying again creates nothing twice
    again = await execute(COPY, copy_input(practice), viewer=practice.staff)
    assert again.data["copyBlockoutsDay"]["created"] == 0
    assert again.data["copyBlockoutsDay"]["warnings"] == [
        skipped("ALREADY_THERE", "Skipped Emergency hold 07:00-07:30 on 2030-03-11: it is already there"),
        skipped("DO_NOT_COPY", "Skipped Staff meeting 08:00-09:00 on 2030-03-08: its type "
                "'Staff meeting' is do-not-copy"),
        skipped("ALREADY_THERE", "Skipped Lunch 12:00-12:30 on 2030-03-11: it is already there"),
    ]  # fmt: skip


async def test_a_time_in_the_gap_is_skipped_with_a_warning(engine, execute):
    practice = await make_practice(engine)
    kind = await make_blockout_type(engine, practice, name="Night shift")
    # 02:30-03:00 CST on Saturday 2030-03-09 does not exist on Sunday 2030-03-10
    await make_blockout(engine, practice, kind, utc(2030, 3, 9, 8, 30), utc(2030, 3, 9, 9))
    result = await execute(
        COPY, copy_input(practice, "2030-03-09", "2030-03-10"), viewer=practice.staff
    )
    assert result.data["copyBlockoutsDay"] == {
        "created": 0,
        "warnings": [
            skipped(
                "NONEXISTENT_TIME",
                "Skipped Night shift 02:30-03:00 on 2030-03-10: that time "
                "does not exist in America/Chicago (clocks spring forward)",
            )
        ],
        "blockouts": [],
        "userErrors": [],
    }


async def test_failures_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    await friday_before_dst(engine, practice)
    before = await blockout_state(engine)
    same_day = await execute(
        COPY, copy_input(practice, to_date="2030-03-08"), viewer=practice.staff
    )
    assert same_day.data["copyBlockoutsDay"] == {
        "created": 0,
        "warnings": [],
        "blockouts": [],
        "userErrors": error("VALIDATION", "toDate must be another day than fromDate", "toDate"),
    }
    foreign = await execute(
        COPY,
        copy_input(practice, locationId=gid("Location", other.location)),
        viewer=practice.staff,
    )
    assert foreign.data["copyBlockoutsDay"]["userErrors"] == error(
        "NOT_FOUND", "No location with this ID", "locationId"
    )
    patient = await execute(COPY, copy_input(practice), viewer=practice.patient_viewer())
    assert patient.data["copyBlockoutsDay"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    assert await blockout_state(engine) == before


async def test_a_retried_key_replays_the_same_typed_warnings(engine, execute):
    # given a copy that leaves the do-not-copy meeting out, sent with a key
    practice = await make_practice(engine)
    await friday_before_dst(engine, practice)
    first = await execute(
        COPY, copy_input(practice, idempotencyKey="copy-1"), viewer=practice.staff
    )
    before = await blockout_state(engine)
    # when the client retries with the same key
    again = await execute(
        COPY, copy_input(practice, idempotencyKey="copy-1"), viewer=practice.staff
    )
    # then the stored outcome answers: the same blockouts and the same coded warning, no writes
    assert again.data == first.data
    assert [w["code"] for w in again.data["copyBlockoutsDay"]["warnings"]] == ["DO_NOT_COPY"]
    assert await blockout_state(engine) == before
