"""applyBlockoutTemplate through the schema."""

from __future__ import annotations

from datetime import time

from tests.support.blockout_documents import (
    BATCH,
    blockout_state,
    error,
    gid,
    make_blockout_type,
    make_template,
    mutation,
    skipped,
)
from tests.support.factories import make_location, make_operatory, make_practice

APPLY = mutation("applyBlockoutTemplate", BATCH)


async def standard_day(engine, practice):
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    night = await make_blockout_type(engine, practice, name="Night")
    far_chair = await make_operatory(engine, await make_location(engine, practice.org))
    return await make_template(
        engine,
        practice,
        "Standard day",
        [
            {"blockout_type_id": lunch.id, "start_time": time(12), "end_time": time(12, 30)},
            {"blockout_type_id": night.id, "start_time": time(2), "end_time": time(3),
             "operatory_id": practice.operatory.id},
            {"blockout_type_id": lunch.id, "start_time": time(13), "end_time": time(14),
             "operatory_id": far_chair.id},
        ],
    )  # fmt: skip


def apply_input(practice, template, day, **extra):
    values = {
        "templateId": gid("BlockoutTemplate", template),
        "locationId": gid("Location", practice.location),
        "date": day,
    }
    return {"input": {**values, **extra}}


async def test_apply_on_an_ordinary_day_and_on_spring_forward(engine, execute):
    practice = await make_practice(engine)
    template = await standard_day(engine, practice)
    elsewhere = skipped(
        "OPERATORY_ELSEWHERE",
        "Skipped Lunch 13:00-14:00: its operatory is not at " + practice.location.name,
    )
    ordinary = await execute(
        APPLY, apply_input(practice, template, "2030-01-07"), viewer=practice.staff
    )
    payload = ordinary.data["applyBlockoutTemplate"]
    assert [
        (b["startAt"], b["endAt"], b["blockoutType"]["name"]) for b in payload["blockouts"]
    ] == [
        ("2030-01-07T08:00:00+00:00", "2030-01-07T09:00:00+00:00", "Night"),
        ("2030-01-07T18:00:00+00:00", "2030-01-07T18:30:00+00:00", "Lunch"),
    ]
    assert (payload["created"], payload["warnings"], payload["userErrors"]) == (2, [elsewhere], [])
    # 2030-03-10: 12:00 is CDT (17:00Z) and 02:00-03:00 does not exist
    dst = await execute(APPLY, apply_input(practice, template, "2030-03-10"), viewer=practice.staff)
    payload = dst.data["applyBlockoutTemplate"]
    assert [(b["startAt"], b["startTime"], b["wholeLocation"]) for b in payload["blockouts"]] == [
        ("2030-03-10T17:00:00+00:00", "12:00:00", True)
    ]
    assert payload["warnings"] == [
        elsewhere,
        skipped("NONEXISTENT_TIME", "Skipped Night 02:00-03:00 on 2030-03-10: that time does not "
                "exist in America/Chicago (clocks spring forward)"),
    ]  # fmt: skip
    # applying twice adds nothing
    again = await execute(
        APPLY, apply_input(practice, template, "2030-03-10"), viewer=practice.staff
    )
    assert again.data["applyBlockoutTemplate"]["created"] == 0


async def test_failures_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    template = await standard_day(engine, practice)
    foreign = await standard_day(engine, other)
    before = await blockout_state(engine)
    cases = [
        (
            apply_input(practice, foreign, "2030-01-07"),
            error("NOT_FOUND", "No blockout template with this ID", "templateId"),
        ),
        (
            apply_input(
                practice, template, "2030-01-07", locationId=gid("Location", other.location)
            ),
            error("NOT_FOUND", "No location with this ID", "locationId"),
        ),
    ]
    for variables, expected in cases:
        result = await execute(APPLY, variables, viewer=practice.staff)
        assert result.data["applyBlockoutTemplate"] == {
            "created": 0,
            "warnings": [],
            "blockouts": [],
            "userErrors": expected,
        }
    patient = await execute(
        APPLY, apply_input(practice, template, "2030-01-07"), viewer=practice.patient_viewer()
    )
    assert patient.data["applyBlockoutTemplate"]["userErrors"] == error(
        "FORBIDDEN", "Only staff may change blockouts"
    )
    assert await blockout_state(engine) == before
