"""createLocation: the first mutation, with userErrors and no partial writes."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from db.models import Location
from db.tables import table_of
from tests.support.factories import make_practice

CREATE = """
mutation ($input: CreateLocationInput!) {
  createLocation(input: $input) {
    location { name timeZone country }
    userErrors { field code message }
  }
}
"""


async def location_count(engine) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table_of(Location)))


async def test_staff_create_a_location(engine, execute):
    practice = await make_practice(engine)
    result = await execute(
        CREATE,
        {"input": {"name": "  Lakeside ", "timeZone": "Europe/London", "country": "gb"}},
        viewer=practice.staff,
    )
    assert result.errors is None
    assert result.data["createLocation"] == {
        "location": {"name": "Lakeside", "timeZone": "Europe/London", "country": "GB"},
        "userErrors": [],
    }
    listed = await execute("{ locations { name } }", viewer=practice.staff)
    assert sorted(row["name"] for row in listed.data["locations"]) == sorted(
        [practice.location.name, "Lakeside"]
    )


async def test_an_unknown_time_zone_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    before = await location_count(engine)
    result = await execute(
        CREATE, {"input": {"name": "Mars base", "timeZone": "Mars/Olympus"}}, viewer=practice.staff
    )
    assert result.errors is None
    assert result.data["createLocation"] == {
        "location": None,
        "userErrors": [
            {
                "field": ["input", "timeZone"],
                "code": "INVALID_TIME_ZONE",
                "message": "'Mars/Olympus' is not an IANA time zone such as America/Chicago",
            }
        ],
    }
    assert await location_count(engine) == before


async def test_blank_names_and_patients_are_refused(engine, execute):
    practice = await make_practice(engine)
    before = await location_count(engine)
    blank = await execute(
        CREATE, {"input": {"name": "  ", "timeZone": "UTC"}}, viewer=practice.staff
    )
    assert blank.data["createLocation"]["userErrors"] == [
        {
            "field": ["input", "name"],
            "code": "VALIDATION",
            "message": "name must be 1 to 200 characters",
        }
    ]
    patient = await execute(
        CREATE, {"input": {"name": "Mine", "timeZone": "UTC"}}, viewer=practice.patient_viewer()
    )
    assert patient.data["createLocation"]["userErrors"] == [
        {"field": None, "code": "FORBIDDEN", "message": "Only staff may create locations"}
    ]
    assert await location_count(engine) == before


async def test_a_retry_with_the_same_key_creates_one_location(engine, execute):
    # given a location created with an idempotency key
    practice = await make_practice(engine)
    variables = {
        "input": {"name": "Lakeside", "timeZone": "Europe/London", "idempotencyKey": "loc-1"}
    }
    first = await execute(CREATE, variables, viewer=practice.staff)
    count = await location_count(engine)
    # when the client retries, twice at once
    retries = await asyncio.gather(
        execute(CREATE, variables, viewer=practice.staff),
        execute(CREATE, variables, viewer=practice.staff),
    )
    # then each retry answers the same location and no second one exists
    assert first.errors is None
    assert [r.data for r in retries] == [first.data, first.data]
    assert await location_count(engine) == count


async def test_the_same_key_with_another_input_changes_nothing(engine, execute):
    # given a key used for Lakeside
    practice = await make_practice(engine)
    used = {"name": "Lakeside", "timeZone": "Europe/London", "idempotencyKey": "loc-1"}
    await execute(CREATE, {"input": used}, viewer=practice.staff)
    count = await location_count(engine)
    # when it comes again with another name
    result = await execute(CREATE, {"input": {**used, "name": "Hilltop"}}, viewer=practice.staff)
    # then it is VALIDATION on the key and nothing was created
    assert result.data["createLocation"] == {
        "location": None,
        "userErrors": [
            {
                "field": ["input", "idempotencyKey"],
                "code": "VALIDATION",
                "message": "This idempotencyKey was used with a different input",
            }
        ],
    }
    assert await location_count(engine) == count
