"""repeatBlockoutWeeks through the schema."""

from __future__ import annotations

from typing import Any

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

REPEAT = mutation("repeatBlockoutWeeks", BATCH)


def repeat_input(practice, **extra):
    return {"input": {"locationId": gid("Location", practice.location), **extra}}


async def test_a_day_repeats_at_its_wall_time_across_dst(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    # Friday 2030-03-01 12:00 CST
    await make_blockout(engine, practice, lunch, utc(2030, 3, 1, 18), utc(2030, 3, 1, 18, 30))
    result = await execute(
        REPEAT, repeat_input(practice, date="2030-03-01", weeks=2), viewer=practice.staff
    )
    payload = result.data["repeatBlockoutWeeks"]
    assert [(b["date"], b["startTime"], b["startAt"]) for b in payload["blockouts"]] == [
        ("2030-03-08", "12:00:00", "2030-03-08T18:00:00+00:00"),
        ("2030-03-15", "12:00:00", "2030-03-15T17:00:00+00:00"),  # CDT from 2030-03-10
    ]
    assert (payload["created"], payload["warnings"], payload["userErrors"]) == (2, [], [])
    # repeating three weeks now adds only the third
    again = await execute(
        REPEAT, repeat_input(practice, date="2030-03-01", weeks=3), viewer=practice.staff
    )
    assert again.data["repeatBlockoutWeeks"]["created"] == 1
    assert again.data["repeatBlockoutWeeks"]["warnings"] == [
        skipped("ALREADY_THERE", "Skipped Lunch 12:00-12:30 on 2030-03-08: it is already there"),
        skipped("ALREADY_THERE", "Skipped Lunch 12:00-12:30 on 2030-03-15: it is already there"),
    ]


async def test_a_week_repeats_with_do_not_copy_types_left_out(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    meeting = await make_blockout_type(engine, practice, name="Meeting", do_not_copy=True)
    await make_blockout(engine, practice, lunch, utc(2030, 1, 7, 18), utc(2030, 1, 7, 18, 30))
    await make_blockout(engine, practice, lunch, utc(2030, 1, 9, 18), utc(2030, 1, 9, 18, 30))
    await make_blockout(engine, practice, meeting, utc(2030, 1, 8, 14), utc(2030, 1, 8, 15))
    result = await execute(
        REPEAT, repeat_input(practice, weekStart="2030-01-07", weeks=52), viewer=practice.staff
    )
    payload = result.data["repeatBlockoutWeeks"]
    assert payload["created"] == 104
    assert payload["blockouts"][-1]["date"] == "2031-01-08"
    assert len(payload["warnings"]) == 52
    assert payload["warnings"][0] == skipped(
        "DO_NOT_COPY",
        "Skipped Meeting 08:00-09:00 on 2030-01-08: its type 'Meeting' is do-not-copy",
    )


async def test_invalid_requests_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    before = await blockout_state(engine)
    cases: list[tuple[dict[str, Any], list[dict[str, Any]]]] = [
        (
            {"date": "2030-03-01", "weeks": 0},
            error("VALIDATION", "weeks must be between 1 and 52", "weeks"),
        ),
        (
            {"date": "2030-03-01", "weeks": 53},
            error("VALIDATION", "weeks must be between 1 and 52", "weeks"),
        ),
        ({"weeks": 2}, error("VALIDATION", "Give either date or weekStart", "date")),
        (
            {"date": "2030-03-01", "weekStart": "2030-03-01", "weeks": 2},
            error("VALIDATION", "Give either date or weekStart", "date"),
        ),
        (
            {"date": "2030-03-01", "weeks": 2, "locationId": gid("Location", other.location)},
            error("NOT_FOUND", "No location with this ID", "locationId"),
        ),
    ]
    for extra, expected in cases:
        result = await execute(REPEAT, repeat_input(practice, **extra), viewer=practice.staff)
        assert result.data["repeatBlockoutWeeks"]["userErrors"] == expected, extra
    patient = await execute(
        REPEAT, repeat_input(practice, date="2030-03-01", weeks=2), viewer=practice.patient_viewer()
    )
    assert patient.data["repeatBlockoutWeeks"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    assert await blockout_state(engine) == before
