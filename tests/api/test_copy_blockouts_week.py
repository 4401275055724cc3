"""copyBlockoutsWeek through the schema."""

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

COPY = mutation("copyBlockoutsWeek", BATCH)


def week_input(practice, from_start, to_start):
    return {
        "input": {
            "locationId": gid("Location", practice.location),
            "fromWeekStart": from_start,
            "toWeekStart": to_start,
        }
    }


async def test_each_day_lands_on_the_same_weekday_and_wall_time(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    night = await make_blockout_type(engine, practice, name="Night")
    # week from Mon 2030-02-25 (CST): Monday lunch, Sunday 2030-03-03 02:30 and 12:00
    await make_blockout(engine, practice, lunch, utc(2030, 2, 25, 18), utc(2030, 2, 25, 18, 30))
    await make_blockout(engine, practice, night, utc(2030, 3, 3, 8, 30), utc(2030, 3, 3, 9))
    await make_blockout(engine, practice, lunch, utc(2030, 3, 3, 18), utc(2030, 3, 3, 19))
    # not in the source week
    await make_blockout(engine, practice, lunch, utc(2030, 3, 4, 18), utc(2030, 3, 4, 18, 30))
    # when copied to the week from Mon 2030-03-04, whose Sunday springs forward
    result = await execute(
        COPY, week_input(practice, "2030-02-25", "2030-03-04"), viewer=practice.staff
    )
    payload = result.data["copyBlockoutsWeek"]
    assert [(b["date"], b["startTime"], b["startAt"]) for b in payload["blockouts"]] == [
        # Monday's lunch existed already; Sunday 12:00 is now CDT (17:00Z)
        ("2030-03-10", "12:00:00", "2030-03-10T17:00:00+00:00"),
    ]
    assert (payload["created"], payload["userErrors"]) == (1, [])
    assert payload["warnings"] == [
        skipped("ALREADY_THERE", "Skipped Lunch 12:00-12:30 on 2030-03-04: it is already there"),
        skipped("NONEXISTENT_TIME", "Skipped Night 02:30-03:00 on 2030-03-10: that time does not "
                "exist in America/Chicago (clocks spring forward)"),
    ]  # fmt: skip


async def test_weeks_must_start_on_the_same_weekday_and_differ(engine, execute):
    practice = await make_practice(engine)
    before = await blockout_state(engine)
    cases = [
        (("2030-02-25", "2030-03-05"), "Both weeks must start on the same weekday"),
        (("2030-02-25", "2030-02-25"), "toWeekStart must be another week than fromWeekStart"),
    ]
    for (source, target), message in cases:
        result = await execute(COPY, week_input(practice, source, target), viewer=practice.staff)
        assert result.data["copyBlockoutsWeek"]["userErrors"] == error(
            "VALIDATION", message, "toWeekStart"
        )
    patient = await execute(
        COPY, week_input(practice, "2030-02-25", "2030-03-04"), viewer=practice.patient_viewer()
    )
    assert patient.data["copyBlockoutsWeek"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    assert await blockout_state(engine) == before
