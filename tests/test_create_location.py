"""createLocation: the first mutation, with userErrors and no partial writes."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Location
from tests.factories import make_practice

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
        return await connection.scalar(select(func.count()).select_from(Location.__table__))


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
