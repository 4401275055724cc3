"""Bad input gets a clear, typed GraphQL error and never a stack trace."""

from __future__ import annotations

import pytest

from tests.support.factories import global_id, make_practice
from tests.support.graphql_errors import codes

CALENDAR = "query ($l: ID!, $d: Date!) { calendarDay(locationId: $l, date: $d) { date } }"
LIST = "query ($f: AppointmentFilter) { appointments(filter: $f) { totalCount } }"


async def test_malformed_global_ids(engine, execute):
    practice = await make_practice(engine)
    result = await execute(
        CALENDAR, {"l": "%%%not-base64", "d": "2026-11-16"}, viewer=practice.staff
    )
    assert result.data == {"calendarDay": None}
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].message == 'Value cannot represent a GlobalID: "%%%not-base64".'


async def test_an_id_of_the_wrong_type(engine, execute):
    practice = await make_practice(engine)
    result = await execute(
        CALENDAR,
        {"l": global_id("Patient", practice.patient.id), "d": "2026-11-16"},
        viewer=practice.staff,
    )
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].message == "Expected an ID of a Location, got one of a Patient"
    assert result.errors[0].extensions["field"] == "locationId"


async def test_an_id_whose_key_is_not_a_uuid(engine, execute):
    practice = await make_practice(engine)
    result = await execute(
        CALENDAR, {"l": global_id("Location", "42"), "d": "2026-11-16"}, viewer=practice.staff
    )
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].message == "Malformed Location ID"
    node = await execute(
        "query ($i: ID!) { node(id: $i) { id } }",
        {"i": global_id("Location", "42")},
        viewer=practice.staff,
    )
    assert node.errors is None
    assert node.data == {"node": None}


@pytest.mark.parametrize(
    ("bad_date", "reason"),
    [
        ("2026-13-01", "month must be in 1..12"),
        ("16/11/2026", "Invalid isoformat string: '16/11/2026'"),
        ("2026-11-16T00:00:00", "Invalid isoformat string: '2026-11-16T00:00:00'"),
        ("", "Invalid isoformat string: ''"),
    ],
)
async def test_bad_dates(engine, execute, bad_date, reason):
    practice = await make_practice(engine)
    result = await execute(
        CALENDAR,
        {"l": global_id("Location", practice.location.id), "d": bad_date},
        viewer=practice.staff,
    )
    assert result.data is None
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].message == (
        f"Variable '$d' has invalid value: Value cannot represent a Date: \"{bad_date}\". {reason}"
    )


@pytest.mark.parametrize(
    ("bound", "message"),
    [
        ("2026-11-16T09:00:00", "has no UTC offset"),
        ("next tuesday", "Invalid isoformat string"),
    ],
)
async def test_bad_date_or_datetime_bounds(engine, execute, bound, message):
    practice = await make_practice(engine)
    result = await execute(LIST, {"f": {"from": bound}}, viewer=practice.staff)
    assert result.data is None
    assert message in result.errors[0].message


async def test_unauthenticated_requests_are_told_so(engine, execute):
    result = await execute("{ locations { id } }", viewer=None)
    assert codes(result) == ["UNAUTHENTICATED"]
    assert result.errors[0].message == "A bearer token is required"


async def test_unexpected_errors_are_masked(engine, execute, monkeypatch):
    # given a resolver that fails in a way nobody planned for
    practice = await make_practice(engine)
    from resolvers import directory

    async def broken(ctx):
        raise RuntimeError("connection details: postgres://secret@db")

    monkeypatch.setattr(directory, "locations", broken)
    # then the client sees a generic message with a code, not the exception
    result = await execute("{ locations { id } }", viewer=practice.staff)
    assert codes(result) == ["INTERNAL"]
    assert result.errors[0].message == "Internal server error"
    assert "secret" not in str(result.errors[0].formatted)
