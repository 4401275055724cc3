"""A calendar whose query selects only Appointment's core fields reads only the core columns,
and answers those fields exactly as a calendar reading whole rows does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from graphql import GraphQLObjectType, get_named_type, is_leaf_type

from schema.assembled import schema
from schema.types.appointment_relations import CORE_FIELDS
from tests.support.factories import global_id, make_appointment, make_practice, make_provider

APPOINTMENT = cast(GraphQLObjectType, schema._schema.type_map["Appointment"])


def calendar_day(extra: str = "") -> str:
    """calendarDay selecting every core field of its appointments (objects by __typename)."""
    selections = []
    for name in sorted(CORE_FIELDS - {"__typename"}):
        leaf = is_leaf_type(get_named_type(APPOINTMENT.fields[name].type))
        selections.append(name if leaf else f"{name} {{ __typename }}")
    return (
        "query($locationId: ID!, $date: Date) { calendarDay(locationId: $locationId, "
        f"date: $date) {{ appointments {{ __typename {' '.join(selections)} {extra} }} }} }}"
    )


def test_core_fields_are_appointment_fields():
    # then every name in CORE_FIELDS is a field of Appointment (a typo would never match)
    assert CORE_FIELDS - {"__typename"} <= set(APPOINTMENT.fields)


async def test_core_only_calendar_matches_the_whole_row_calendar(engine, execute, count_statements):
    # given a day with two appointments, one with a note and an additional provider
    practice = await make_practice(engine)
    assistant = await make_provider(engine, practice.org, last_name="Assist")
    await make_appointment(
        engine,
        practice,
        start_at=datetime(2026, 11, 17, 15, 0, tzinfo=UTC),
        end_at=datetime(2026, 11, 17, 15, 45, tzinfo=UTC),
        note="Bring X-rays",
        additional_providers=[assistant],
    )
    await make_appointment(
        engine,
        practice,
        start_at=datetime(2026, 11, 17, 17, 0, tzinfo=UTC),
        end_at=datetime(2026, 11, 17, 17, 30, tzinfo=UTC),
    )
    variables = {"locationId": global_id("Location", practice.location.id), "date": "2026-11-17"}
    # when the day is read with the core fields only, and with a field beyond them
    with count_statements() as core_reads:
        core = await execute(calendar_day(), variables, viewer=practice.staff)
    with count_statements() as whole_reads:
        whole = await execute(calendar_day("createdAt"), variables, viewer=practice.staff)
    # then both answer, the first reading the core columns alone, the second whole rows
    assert core.errors is None
    assert whole.errors is None
    core_sql = [s for s in core_reads.statements if "FROM appointments JOIN locations" in s]
    whole_sql = [s for s in whole_reads.statements if "FROM appointments JOIN locations" in s]
    assert len(core_sql) == len(whole_sql) == 1
    assert "appointments.created_at" not in core_sql[0]
    assert "appointments.created_at" in whole_sql[0]
    # and the core fields read the same either way
    appointments = core.data["calendarDay"]["appointments"]
    assert len(appointments) == 2
    assert appointments[0]["note"] == "Bring X-rays"
    assert [p["__typename"] for p in appointments[0]["providers"]] == ["Provider", "Provider"]
    assert [
        {key: value for key, value in row.items() if key != "createdAt"}
        for row in whole.data["calendarDay"]["appointments"]
    ] == appointments
    assert core_reads.count == whole_reads.count
