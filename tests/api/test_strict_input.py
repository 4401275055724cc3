"""Strict input on PostgreSQL: dates in range, local times without offsets, clean bounded text.

Every refusal is typed (BAD_USER_INPUT for scalars and query arguments, a VALIDATION userError
for mutation inputs), names the field and writes nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.models import Location
from tests.support.factories import global_id, make_practice
from tests.support.graphql_errors import codes
from tests.support.lifecycle_documents import BOOK, booking_input, database_state
from tests.support.schedule_documents import CREATE_NOTE, schedule_state

CALENDAR = "query ($l: ID!, $d: Date!) { calendarDay(locationId: $l, date: $d) { date } }"
QUICK_FILL = "query ($o: QuickFillInput!) { quickFill(opening: $o) { quality } }"
PATIENTS = "query ($s: String) { patients(search: $s) { edges { node { id } } } }"
CREATE_LOCATION = """mutation ($input: CreateLocationInput!) {
  createLocation(input: $input) { location { id } userErrors { field code message } } }"""


def opening(practice, **extra):
    return {
        "locationId": global_id("Location", practice.location.id),
        "date": "2030-01-07",
        "startTime": "09:00",
        "endTime": "10:00",
        **extra,
    }


async def book_refused(engine, execute, practice, **changes):
    """Book with `changes` and return the result, asserting nothing was written."""
    before = await database_state(engine)
    result = await execute(
        BOOK, {"input": booking_input(practice, **changes)}, viewer=practice.staff
    )
    assert await database_state(engine) == before
    assert "INTERNAL" not in codes(result)
    return result


@pytest.mark.parametrize("start", ["10:00+05:00", "10:00:00-06:00", "10:00Z"])
async def test_a_time_with_an_offset_is_bad_input_not_a_dst_gap(engine, execute, start):
    practice = await make_practice(engine)
    result = await book_refused(
        engine, execute, practice, slot={"date": "2030-01-07", "startTime": start}
    )
    assert codes(result) == ["BAD_USER_INPUT"]
    message = result.errors[0].message
    assert ".slot.startTime" in message
    assert "takes no UTC offset" in message
    quick = await execute(
        QUICK_FILL, {"o": opening(practice, endTime=start)}, viewer=practice.staff
    )
    assert codes(quick) == ["BAD_USER_INPUT"]
    assert "$o' has invalid value at .endTime" in quick.errors[0].message


async def test_a_huge_garbage_time_is_refused_without_echoing_it(engine, execute):
    practice = await make_practice(engine)
    garbage = "11:11:11.111111" + "7" * 100_000
    result = await book_refused(
        engine, execute, practice, slot={"date": "2030-01-07", "startTime": garbage}
    )
    assert codes(result) == ["BAD_USER_INPUT"]
    assert "At most 40 characters" in result.errors[0].message
    assert len(result.errors[0].message) < 300


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
async def test_dates_outside_1900_to_2200_are_refused(engine, execute, day):
    practice = await make_practice(engine)
    calendar = await execute(
        CALENDAR,
        {"l": global_id("Location", practice.location.id), "d": day},
        viewer=practice.staff,
    )
    assert codes(calendar) == ["BAD_USER_INPUT"]
    assert "between 1900-01-01 and 2200-12-31" in calendar.errors[0].message
    booking = await book_refused(engine, execute, practice, date=day)
    assert codes(booking) == ["BAD_USER_INPUT"]
    assert ".slot.date" in booking.errors[0].message


async def test_the_edges_of_the_range_are_accepted(engine, execute):
    practice = await make_practice(engine)
    for day in ("1900-01-01", "2200-12-31"):
        result = await execute(
            CALENDAR,
            {"l": global_id("Location", practice.location.id), "d": day},
            viewer=practice.staff,
        )
        assert result.errors is None
        assert result.data == {"calendarDay": {"date": day}}


@pytest.mark.parametrize(
    ("bound", "reason"),
    [("0001-01-01T00:00:00+00:00", "between 1900-01-01"), ("9999-12-31", "between 1900-01-01")],
)
async def test_date_or_datetime_bounds_are_in_range(engine, execute, bound, reason):
    practice = await make_practice(engine)
    result = await execute(
        "query ($f: AppointmentFilter) { appointments(filter: $f) { totalCount } }",
        {"f": {"to": bound}},
        viewer=practice.staff,
    )
    assert codes(result) == ["BAD_USER_INPUT"]
    assert reason in result.errors[0].message


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("front desk\x00", "note must not contain control characters"),
        ("bell\x07", "note must not contain control characters"),
        ("lone \ud800 surrogate", "note must not contain control characters"),
        ("x" * 2001, "note may be at most 2000 characters"),
    ],
)
async def test_bad_notes_are_validation_user_errors(engine, execute, note, message):
    practice = await make_practice(engine)
    result = await book_refused(engine, execute, practice, note=note)
    assert result.errors is None
    assert result.data["bookAppointment"]["userErrors"] == [
        {"field": ["input", "note"], "code": "VALIDATION", "message": message, "conflicts": []}
    ]


async def test_notes_may_hold_tabs_and_line_breaks(engine, execute):
    practice = await make_practice(engine)
    result = await execute(
        BOOK,
        {"input": booking_input(practice, note="line one\r\n\tline two")},
        viewer=practice.staff,
    )
    assert result.data["bookAppointment"]["userErrors"] == []


async def test_single_line_fields_refuse_line_breaks_and_nul(engine, execute):
    practice = await make_practice(engine)
    cases = [
        ({"city": "Spring\nfield"}, ["input", "city"], "city must be a single line"),
        ({"postalCode": "6\x0001"}, ["input", "postalCode"], "postalCode must not contain"),
        ({"city": "x" * 101}, ["input", "city"], "city may be at most 100 characters"),
        ({"idempotencyKey": "k" * 201}, ["input", "idempotencyKey"], "at most 200"),
    ]
    async with engine.connect() as connection:
        before = await connection.scalar(select(func.count()).select_from(Location))
    for extra, field, message in cases:
        request = {"name": "Annex", "timeZone": "America/Chicago", **extra}
        result = await execute(CREATE_LOCATION, {"input": request}, viewer=practice.staff)
        [error] = result.data["createLocation"]["userErrors"]
        assert (error["field"], error["code"]) == (field, "VALIDATION")
        assert message in error["message"]
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(Location)) == before


async def test_a_schedule_note_with_nul_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    before = await schedule_state(engine)
    request = {
        "locationId": global_id("Location", practice.location.id),
        "date": "2030-01-07",
        "note": "closed\x00",
    }
    result = await execute(CREATE_NOTE, {"input": request}, viewer=practice.staff)
    assert result.data["createScheduleNote"]["userErrors"][0]["code"] == "VALIDATION"
    assert await schedule_state(engine) == before


@pytest.mark.parametrize("search", ["smi\x00th", "x" * 101, "a\nb"])
async def test_query_strings_are_bad_user_input(engine, execute, search):
    practice = await make_practice(engine)
    result = await execute(PATIENTS, {"s": search}, viewer=practice.staff)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors[0].extensions["field"] == "search"


async def test_a_date_time_needs_an_offset_where_an_instant_is_meant(engine, execute):
    from schema.assembled import schema

    date_time = schema._schema.type_map["DateTime"]
    with pytest.raises(Exception, match="needs a UTC offset"):
        date_time.parse_value("2030-01-07T09:00:00")  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="between 1900-01-01"):
        date_time.parse_value("9999-12-31T23:59:59+00:00")  # type: ignore[attr-defined]


async def test_over_http_an_offset_time_and_a_nul_note_are_typed_refusals(engine, http):
    from tests.support.tokens import bearer

    practice = await make_practice(engine)
    before = await database_state(engine)
    offset = booking_input(practice, slot={"date": "2030-01-07", "startTime": "10:00+05:00"})
    response = await http.post(
        "/graphql",
        json={"query": BOOK, "variables": {"input": offset}},
        headers=bearer(practice.staff),
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    nul = booking_input(practice, note="\x00")
    response = await http.post(
        "/graphql",
        json={"query": BOOK, "variables": {"input": nul}},
        headers=bearer(practice.staff),
    )
    [error] = response.json()["data"]["bookAppointment"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "note"], "VALIDATION")
    assert await database_state(engine) == before


async def test_object_field_arguments_follow_the_same_rules(engine, execute):
    from datetime import UTC, datetime

    from tests.support.factories import make_appointment

    practice = await make_practice(engine)
    start = datetime(2030, 1, 7, 15, tzinfo=UTC)
    visit = await make_appointment(engine, practice, start_at=start, end_at=start.replace(hour=16))
    history = """query ($i: ID!, $a: String) {
      node(id: $i) { ... on Appointment { history(after: $a) { edges { node { action } } } } } }"""
    for cursor, message in [
        ("\x00", "after must not contain control characters"),
        ("x" * 5000, "after may be at most 4000 characters"),
    ]:
        result = await execute(
            history, {"i": global_id("Appointment", visit.id), "a": cursor}, viewer=practice.staff
        )
        assert codes(result) == ["BAD_USER_INPUT"]
        assert result.errors[0].message == message


async def test_literals_in_the_document_follow_the_same_rules(engine, execute):
    practice = await make_practice(engine)
    where = global_id("Location", practice.location.id)
    day = await execute(
        f'{{ calendarDay(locationId: "{where}", date: "9999-12-31") {{ date }} }}',
        viewer=practice.staff,
    )
    assert codes(day) == ["BAD_USER_INPUT"]
    assert "between 1900-01-01 and 2200-12-31" in day.errors[0].message
    name = await execute(
        'mutation { createLocation(input: {name: "A\\u0000", timeZone: "America/Chicago"}) '
        "{ location { id } userErrors { field code message } } }",
        viewer=practice.staff,
    )
    assert name.data["createLocation"] == {
        "location": None,
        "userErrors": [
            {
                "field": ["input", "name"],
                "code": "VALIDATION",
                "message": "name must not contain control characters",
            }
        ],
    }


async def test_lists_hold_at_most_500_items(engine, execute):
    practice = await make_practice(engine)
    provider = global_id("Provider", practice.provider.id)
    listing = "query ($f: AppointmentFilter) { appointments(filter: $f) { totalCount } }"
    # over the input rule's 500: refused naming the field
    many = await execute(listing, {"f": {"providerIds": [provider] * 700}}, viewer=practice.staff)
    assert codes(many) == ["BAD_USER_INPUT"]
    assert many.errors[0].message == "providerIds may list at most 500 items"
    assert many.errors[0].extensions["field"] == "filter.providerIds"
    # over the request-wide backstop (SLOTGRAPH_MAX_LIST_ITEMS): refused before execution
    huge = await execute(
        listing, {"f": {"providerIds": [provider] * 20_000}}, viewer=practice.staff
    )
    assert codes(huge) == ["TOO_MANY_ITEMS"]
    enough = await execute(listing, {"f": {"providerIds": [provider] * 500}}, viewer=practice.staff)
    assert enough.errors is None
    booking = await book_refused(engine, execute, practice, providerIds=[provider] * 501)
    assert booking.data["bookAppointment"]["userErrors"][0]["field"] == ["input", "providerIds"]
