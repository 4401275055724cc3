"""createBlockouts through the schema."""

from __future__ import annotations

from typing import Any

from tests.support.blockout_documents import (
    BLOCKOUT,
    blockout_state,
    error,
    gid,
    make_blockout_type,
    mutation,
)
from tests.support.factories import make_location, make_operatory, make_practice

CREATE = mutation(
    "createBlockouts", f"blockouts {{ {BLOCKOUT} }} userErrors {{ field code message }}"
)


def blockout_input(practice, kind, **extra):
    values = {
        "locationId": gid("Location", practice.location),
        "blockoutTypeId": gid("BlockoutType", kind),
        "date": "2030-01-07",
        "startTime": "12:00",
        "endTime": "12:30",
    }
    return {**values, **extra}


async def test_one_blockout_per_operatory_in_the_order_given(engine, execute):
    practice = await make_practice(engine)
    second = await make_operatory(engine, practice.location)
    kind = await make_blockout_type(engine, practice, name="Lunch")
    operatories = [gid("Operatory", second), gid("Operatory", practice.operatory)]
    result = await execute(
        CREATE,
        {"input": blockout_input(practice, kind, operatoryIds=operatories, note="Team lunch")},
        viewer=practice.staff,
    )
    assert result.errors is None
    payload = result.data["createBlockouts"]
    assert payload["userErrors"] == []
    assert [b["operatory"] for b in payload["blockouts"]] == [{"id": op} for op in operatories]
    assert {
        key: value
        for key, value in payload["blockouts"][0].items()
        if key not in ("id", "operatory")
    } == {
        "startAt": "2030-01-07T18:00:00+00:00",
        "endAt": "2030-01-07T18:30:00+00:00",
        "date": "2030-01-07",
        "startTime": "12:00:00",
        "endTime": "12:30:00",
        "wholeLocation": False,
        "note": "Team lunch",
        "blockoutType": {"name": "Lunch"},
    }


async def test_without_operatories_the_whole_location_is_blocked(engine, execute):
    practice = await make_practice(engine)
    kind = await make_blockout_type(engine, practice, name="Holiday")
    result = await execute(
        CREATE,
        {"input": blockout_input(practice, kind, startTime="00:00", endTime="00:00")},
        viewer=practice.staff,
    )
    (blockout,) = result.data["createBlockouts"]["blockouts"]
    # 00:00 as the end means the end of the local day
    assert blockout == {
        "id": blockout["id"],
        "startAt": "2030-01-07T06:00:00+00:00",
        "endAt": "2030-01-08T06:00:00+00:00",
        "date": "2030-01-07",
        "startTime": "00:00:00",
        "endTime": "00:00:00",
        "wholeLocation": True,
        "note": None,
        "operatory": None,
        "blockoutType": {"name": "Holiday"},
    }


async def test_dst_gap_and_ambiguous_times(engine, execute):
    practice = await make_practice(engine)
    kind = await make_blockout_type(engine, practice)
    before = await blockout_state(engine)
    gap = await execute(
        CREATE,
        {
            "input": blockout_input(
                practice, kind, date="2030-03-10", startTime="02:30", endTime="04:00"
            )
        },
        viewer=practice.staff,
    )
    assert gap.data["createBlockouts"] == {
        "blockouts": [],
        "userErrors": error(
            "DST_GAP",
            "2030-03-10 02:30 does not exist in America/Chicago (clocks spring forward)",
            "startTime",
        ),
    }
    ambiguous = await execute(
        CREATE,
        {
            "input": blockout_input(
                practice, kind, date="2030-11-03", startTime="00:30", endTime="01:30"
            )
        },
        viewer=practice.staff,
    )
    assert ambiguous.data["createBlockouts"]["userErrors"] == error(
        "AMBIGUOUS_LOCAL_TIME",
        "2030-11-03 01:30 occurs twice in America/Chicago; say FIRST or SECOND occurrence",
        "endTime",
    )
    assert await blockout_state(engine) == before
    chosen = await execute(
        CREATE,
        {
            "input": blockout_input(
                practice, kind, date="2030-11-03", startTime="00:30", endTime="01:30",
                endOccurrence="SECOND",
            )
        },
        viewer=practice.staff,
    )  # fmt: skip
    (blockout,) = chosen.data["createBlockouts"]["blockouts"]
    assert (blockout["startAt"], blockout["endAt"]) == (
        "2030-11-03T05:30:00+00:00",
        "2030-11-03T07:30:00+00:00",
    )


async def test_bad_references_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    elsewhere = await make_location(engine, practice.org)
    far_chair = await make_operatory(engine, elsewhere)
    kind = await make_blockout_type(engine, practice)
    retired = await make_blockout_type(engine, practice, active=False)
    foreign_kind = await make_blockout_type(engine, other)
    before = await blockout_state(engine)
    cases: list[tuple[dict[str, Any], list[dict[str, Any]]]] = [
        (
            {"locationId": gid("Location", other.location)},
            error("NOT_FOUND", "No location with this ID", "locationId"),
        ),
        (
            {"blockoutTypeId": gid("BlockoutType", foreign_kind)},
            error("NOT_FOUND", "No blockout type with this ID", "blockoutTypeId"),
        ),
        (
            {"operatoryIds": [gid("Operatory", other.operatory)]},
            error("NOT_FOUND", "No operatory with this ID", "operatoryIds"),
        ),
        (
            {"operatoryIds": [gid("Operatory", far_chair)]},
            error("VALIDATION", "The operatory is not at this location", "operatoryIds"),
        ),
        (
            {"blockoutTypeId": gid("BlockoutType", retired)},
            error("VALIDATION", "This blockout type is inactive", "blockoutTypeId"),
        ),
        (
            {"startTime": "13:00", "endTime": "12:00"},
            error("VALIDATION", "The end must be after the start", "endTime"),
        ),
        (
            {"locationId": gid("Operatory", practice.operatory)},
            error(
                "VALIDATION", "Expected an ID of a Location, got one of a Operatory", "locationId"
            ),
        ),
    ]
    for extra, expected in cases:
        result = await execute(
            CREATE, {"input": blockout_input(practice, kind, **extra)}, viewer=practice.staff
        )
        assert result.data["createBlockouts"] == {"blockouts": [], "userErrors": expected}, extra
    assert await blockout_state(engine) == before


async def test_patients_are_forbidden_and_retries_create_once(engine, execute):
    practice = await make_practice(engine)
    kind = await make_blockout_type(engine, practice)
    before = await blockout_state(engine)
    result = await execute(
        CREATE, {"input": blockout_input(practice, kind)}, viewer=practice.patient_viewer()
    )
    assert result.data["createBlockouts"] == {
        "blockouts": [],
        "userErrors": error("FORBIDDEN", "Only staff may change blockouts"),
    }
    assert await blockout_state(engine) == before
    variables = {"input": blockout_input(practice, kind, idempotencyKey="lunch-1")}
    first = await execute(CREATE, variables, viewer=practice.staff)
    second = await execute(CREATE, variables, viewer=practice.staff)
    assert second.data == first.data
    assert len((await blockout_state(engine))[1]) == 1
