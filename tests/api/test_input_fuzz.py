"""Fuzzing the scalars and a few queries and mutations on PostgreSQL: hostile strings, dates,
times and integers in one field at a time of an otherwise valid request. No answer may be
INTERNAL, and a refused request (top-level errors or userErrors) writes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import strategies as st
from sqlalchemy import text

from tests.support.factories import Practice, global_id, make_practice
from tests.support.fuzz_strategies import examples, hostile_text, int32, temporal_text
from tests.support.graphql_errors import codes, refused
from tests.support.lifecycle_documents import BOOK, booking_input
from tests.support.schedule_documents import CREATE_NOTE
from tests.support.variables import put

EXAMPLES_PER_FIELD = 12

TABLES = (
    "appointments",
    "appointment_history",
    "idempotency_keys",
    "locations",
    "schedule_notes",
    "blockouts",
)

CREATE_LOCATION = """mutation ($input: CreateLocationInput!) {
  createLocation(input: $input) { location { id } userErrors { field code message } } }"""
QUICK_FILL = "query ($o: QuickFillInput!) { quickFill(opening: $o) { quality } }"
CALENDAR = "query ($l: ID!, $d: Date!) { calendarWeek(locationId: $l, weekStart: $d) { timeZone } }"
MONTH = "query ($l: ID!, $m: String!) { calendarMonth(locationId: $l, month: $m) { month } }"
LIST = """query ($f: AppointmentFilter, $a: String, $n: Int!) {
  appointments(filter: $f, after: $a, first: $n) { totalCount } }"""
PATIENTS = "query ($s: String, $n: Int!) { patients(search: $s, first: $n) { id } }"
NEXT_SLOT = """query ($l: ID!, $t: ID!, $a: Date) {
  nextAvailableSlot(locationId: $l, appointmentTypeId: $t, after: $a) { startAt } }"""


def location(practice: Practice) -> str:
    return global_id("Location", practice.location.id)


def targets(
    practice: Practice,
) -> list[tuple[str, dict[str, Any], list[tuple[tuple[str, ...], Any]]]]:
    """(document, valid variables, [(path to a field, strategy for its value)])."""
    opening = {
        "locationId": location(practice),
        "date": "2030-01-07",
        "startTime": "09:00",
        "endTime": "10:00",
    }
    note = {"locationId": location(practice), "date": "2030-01-08", "note": "closed"}
    return [
        (BOOK, {"input": booking_input(practice)}, [
            (("input", "slot", "date"), temporal_text),
            (("input", "slot", "startTime"), temporal_text),
            (("input", "slot"), st.fixed_dictionaries({"date": temporal_text, "startTime": st.just("09:00"), "endTime": temporal_text})),
            (("input", "note"), hostile_text),
            (("input", "priority"), int32),
            (("input", "idempotencyKey"), hostile_text),
            (("input", "procedureCodes"), st.lists(hostile_text, max_size=3)),
        ]),
        (CREATE_NOTE, {"input": note}, [
            (("input", "date"), temporal_text),
            (("input", "note"), hostile_text),
        ]),
        (CREATE_LOCATION, {"input": {"name": "Annex", "timeZone": "America/Chicago"}}, [
            (("input", "name"), hostile_text),
            (("input", "timeZone"), hostile_text),
            (("input", "city"), hostile_text),
            (("input", "country"), hostile_text),
        ]),
        (QUICK_FILL, {"o": opening}, [
            (("o", "date"), temporal_text),
            (("o", "startTime"), temporal_text),
            (("o", "endTime"), temporal_text),
            (("o", "first"), int32),
        ]),
        (CALENDAR, {"l": location(practice), "d": "2030-01-07"}, [(("d",), temporal_text)]),
        (MONTH, {"l": location(practice), "m": "2030-01"}, [(("m",), hostile_text)]),
        (LIST, {"f": {}, "a": None, "n": 10}, [
            (("f",), st.fixed_dictionaries({"from": temporal_text, "to": temporal_text})),
            (("a",), hostile_text),
            (("n",), int32),
        ]),
        (PATIENTS, {"s": "a", "n": 5}, [(("s",), hostile_text), (("n",), int32)]),
        (NEXT_SLOT, {"l": location(practice), "t": global_id("AppointmentType", practice.appointment_type.id), "a": None}, [
            (("a",), temporal_text),
        ]),
    ]  # fmt: skip


async def row_counts(engine) -> tuple[int, ...]:
    async with engine.connect() as connection:
        return tuple(
            [await connection.scalar(text(f"SELECT count(*) FROM {table}")) for table in TABLES]
        )


@pytest.mark.parametrize("index", range(9))
async def test_hostile_values_are_never_internal_and_refusals_write_nothing(engine, execute, index):
    practice = await make_practice(engine)
    document, variables, fields = targets(practice)[index]
    for path, strategy in fields:
        for value in examples(strategy, EXAMPLES_PER_FIELD):
            before = await row_counts(engine)
            result = await execute(document, put(variables, path, value), viewer=practice.staff)
            assert "INTERNAL" not in codes(result), (path, value, result.errors)
            if refused(result):
                assert await row_counts(engine) == before, (path, value)
