"""Procedures as records through the schema: add and remove under the appointment's version,
order, fees, providers and codes; the procedure-frequency check; refusals change nothing;
a calendar reads procedures in one batch however many appointments it has."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, text

from db.models import AppointmentProcedure
from db.tables import appointment_procedures, table_of
from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import global_id, make_appointment, make_practice, make_provider
from tests.support.lifecycle_documents import booking_input, database_state
from tests.support.recall_rows import make_trigger, make_type

APPOINTMENT = """id version procedureCodes
  procedures { id code fee order provider { id } }
  history { edges { node { action changes { field before after } } } }"""
BOOK = f"""mutation ($input: BookAppointmentInput!) {{ bookAppointment(input: $input) {{
  appointment {{ {APPOINTMENT} }} userErrors {{ field code message }} }} }}"""
ADD = f"""mutation ($input: AddAppointmentProcedureInput!) {{ addAppointmentProcedure(input: $input) {{
  appointment {{ {APPOINTMENT} }} userErrors {{ field code message }} }} }}"""
REMOVE = f"""mutation ($input: RemoveAppointmentProcedureInput!) {{
  removeAppointmentProcedure(input: $input) {{
  appointment {{ {APPOINTMENT} }} userErrors {{ field code message }} }} }}"""
FREQUENCY = """query ($id: ID!) { node(id: $id) { ... on Appointment { procedures {
  code frequency { intervalMonths lastDoneOn allowedAgainOn allowed } } } } }"""


async def state(engine) -> tuple[Any, ...]:
    """The appointments, history and slots, and every procedure."""
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                select(appointment_procedures).order_by(appointment_procedures.c.id)
            )
        ).all()
    return await database_state(engine), tuple(rows)


async def booked(execute, practice, **extra) -> dict[str, Any]:
    result = await execute(
        BOOK,
        {"input": booking_input(practice, appointmentTypeId=None, **extra)},
        viewer=practice.staff,
    )
    assert result.errors is None, result.errors
    return result.data["bookAppointment"]["appointment"]


async def add(execute, practice, appointment_id: str, version: int, **fields) -> Any:
    variables = {"input": {"appointmentId": appointment_id, "baseVersion": version, **fields}}
    return await execute(ADD, variables, viewer=practice.staff)


def ok(result, name: str) -> dict[str, Any]:
    assert result.errors is None, result.errors
    body = result.data[name]
    assert body["userErrors"] == [], body["userErrors"]
    return body["appointment"]


async def test_procedures_are_added_in_order_with_fees_providers_and_codes(engine, execute):
    practice = await make_practice(engine)
    hygienist = await make_provider(engine, practice.org, last_name="Hy")
    appointment = await booked(execute, practice, procedureCodes=["D0120"])
    ident = appointment["id"]
    first = ok(
        await add(execute, practice, ident, 1, code=" d1110 ", fee="95.5"),
        "addAppointmentProcedure",
    )
    second = ok(
        await add(
            execute,
            practice,
            ident,
            2,
            code="D0274",
            providerId=global_id("Provider", hygienist.id),
            order=0,
        ),
        "addAppointmentProcedure",
    )
    third = ok(
        await add(execute, practice, ident, 3, code="D1110", fee="10"), "addAppointmentProcedure"
    )
    assert (first["version"], second["version"], third["version"]) == (2, 3, 4)
    assert [(p["code"], p["fee"], p["order"]) for p in third["procedures"]] == [
        ("D0274", "0.00", 0),
        ("D1110", "95.50", 1),
        ("D1110", "10.00", 2),
    ]
    assert third["procedures"][0]["provider"] == {"id": global_id("Provider", hygienist.id)}
    assert third["procedures"][1]["provider"] is None
    # the codes follow: new codes join once, the booked D0120 stays
    assert third["procedureCodes"] == ["D0120", "D1110", "D0274"]
    entry = second["history"]["edges"][-1]["node"]
    assert entry["action"] == "PROCEDURE_ADDED"
    assert {c["field"] for c in entry["changes"]} == {"procedureCodes", "procedures"}
    assert entry["changes"][1] == {
        "field": "procedures",
        "before": None,
        "after": {
            "id": second["procedures"][0]["id"],
            "code": "D0274",
            "fee": "0.00",
            "provider": global_id("Provider", hygienist.id),
            "order": 0,
        },
    }
    # removing one D1110 keeps the code (another has it) and closes the gap
    removed = ok(
        await execute(
            REMOVE,
            {"input": {"procedureId": third["procedures"][1]["id"], "baseVersion": 4}},
            viewer=practice.staff,
        ),
        "removeAppointmentProcedure",
    )
    assert [(p["code"], p["order"]) for p in removed["procedures"]] == [("D0274", 0), ("D1110", 1)]
    assert removed["procedureCodes"] == ["D0120", "D1110", "D0274"]
    assert removed["history"]["edges"][-1]["node"]["action"] == "PROCEDURE_REMOVED"
    # removing the last D0274 removes its code
    gone = ok(
        await execute(
            REMOVE,
            {"input": {"procedureId": removed["procedures"][0]["id"], "baseVersion": 5}},
            viewer=practice.staff,
        ),
        "removeAppointmentProcedure",
    )
    assert gone["procedureCodes"] == ["D0120", "D1110"]
    assert [(p["code"], p["order"]) for p in gone["procedures"]] == [("D1110", 0)]


async def test_bad_procedures_are_refused_and_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    appointment = await booked(execute, practice)
    theirs = await booked(execute, other)
    ident = appointment["id"]
    before = await state(engine)
    inactive = await make_provider(engine, practice.org, last_name="Gone")
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE providers SET active = false WHERE id = :id"), {"id": inactive.id}
        )
    before = await state(engine)
    cases: list[tuple[str, int, dict[str, Any], list[str], str]] = [
        (ident, 1, {"code": "  "}, ["code"], "VALIDATION"),
        (ident, 1, {"code": "X" * 21}, ["code"], "VALIDATION"),
        (ident, 1, {"code": "D1", "fee": "-1"}, ["fee"], "VALIDATION"),
        (ident, 1, {"code": "D1", "fee": "1.005"}, ["fee"], "VALIDATION"),
        (ident, 1, {"code": "D1", "fee": "1000000.01"}, ["fee"], "VALIDATION"),
        (ident, 1, {"code": "D1", "order": -1}, ["order"], "VALIDATION"),
        (ident, 2, {"code": "D1"}, ["baseVersion"], "VERSION_CONFLICT"),
        (
            ident,
            1,
            {"code": "D1", "providerId": global_id("Provider", other.provider.id)},
            ["providerId"],
            "NOT_FOUND",
        ),
        (
            ident,
            1,
            {"code": "D1", "providerId": global_id("Provider", inactive.id)},
            ["providerId"],
            "VALIDATION",
        ),
        (theirs["id"], 1, {"code": "D1"}, ["appointmentId"], "NOT_FOUND"),
    ]
    for appointment_id, version, fields, field, code in cases:
        result = await add(execute, practice, appointment_id, version, **fields)
        assert result.errors is None, result.errors
        [error] = result.data["addAppointmentProcedure"]["userErrors"]
        assert (error["field"], error["code"]) == (["input", *field], code), (fields, error)
    for procedure_id, version, code in [
        (global_id("AppointmentProcedure", uuid.uuid4()), 1, "NOT_FOUND"),
        (global_id("Appointment", uuid.UUID(int=1)), 1, "VALIDATION"),  # not a procedure's
    ]:
        result = await execute(
            REMOVE,
            {"input": {"procedureId": procedure_id, "baseVersion": version}},
            viewer=practice.staff,
        )
        [error] = result.data["removeAppointmentProcedure"]["userErrors"]
        assert error["code"] == code
    assert await state(engine) == before


async def test_removing_needs_the_current_version_and_a_cancelled_visit_is_closed(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    added = ok(
        await add(execute, practice, appointment["id"], 1, code="D1110"), "addAppointmentProcedure"
    )
    procedure_id = added["procedures"][0]["id"]
    before = await state(engine)
    stale = await execute(
        REMOVE, {"input": {"procedureId": procedure_id, "baseVersion": 1}}, viewer=practice.staff
    )
    [error] = stale.data["removeAppointmentProcedure"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "baseVersion"], "VERSION_CONFLICT")
    assert await state(engine) == before
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE appointments SET status = 'cancelled'"))
    before = await state(engine)
    closed = await execute(
        REMOVE, {"input": {"procedureId": procedure_id, "baseVersion": 2}}, viewer=practice.staff
    )
    assert (
        closed.data["removeAppointmentProcedure"]["userErrors"][0]["code"] == "INVALID_TRANSITION"
    )
    refused = await add(execute, practice, appointment["id"], 2, code="D0120")
    assert refused.data["addAppointmentProcedure"]["userErrors"][0]["code"] == "INVALID_TRANSITION"
    assert await state(engine) == before


async def test_at_most_twenty_procedures(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    version = 1
    for n in range(20):
        ok(
            await add(execute, practice, appointment["id"], version, code="D1110", fee=str(n)),
            "addAppointmentProcedure",
        )
        version += 1
    before = await state(engine)
    result = await add(execute, practice, appointment["id"], version, code="D1110")
    [error] = result.data["addAppointmentProcedure"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "code"], "VALIDATION")
    assert await state(engine) == before


async def test_the_frequency_check_says_when_last_done_and_allowed_again(engine, execute):
    # given hygiene every 6 months, set by D1110 (and D0150 sets an inactive yearly type)
    practice = await make_practice(engine)
    await make_trigger(engine, practice, await make_type(engine, practice), "D1110")
    retired = await make_type(engine, practice, "Retired", 12, active=False)
    await make_trigger(engine, practice, retired, "D0150")
    # and cleanings done on 2029-08-31 and 2029-03-01 (COMPLETE), one cancelled in 2029-10
    for day, status in [(datetime(2029, 8, 31, 15, tzinfo=UTC), AppointmentStatus.COMPLETE),
                        (datetime(2029, 3, 1, 15, tzinfo=UTC), AppointmentStatus.COMPLETE),
                        (datetime(2029, 10, 1, 15, tzinfo=UTC), AppointmentStatus.CANCELLED)]:  # fmt: skip
        row = await make_appointment(
            engine, practice, start_at=day, end_at=day + timedelta(hours=1), status=status
        )
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE appointments SET procedure_codes = '{D1110}' WHERE id = :id"),
                {"id": row.id},
            )
    # when a visit on 2030-02-27 (Chicago) adds a cleaning and an exam nothing limits
    appointment = await booked(execute, practice, date="2030-02-27")
    ok(await add(execute, practice, appointment["id"], 1, code="D1110"), "addAppointmentProcedure")
    ok(await add(execute, practice, appointment["id"], 2, code="D0150"), "addAppointmentProcedure")
    result = await execute(FREQUENCY, {"id": appointment["id"]}, viewer=practice.staff)
    assert result.errors is None, result.errors
    assert result.data["node"]["procedures"] == [
        {
            "code": "D1110",
            "frequency": {
                "intervalMonths": 6,
                "lastDoneOn": "2029-08-31",
                "allowedAgainOn": "2030-02-28",
                "allowed": False,
            },
        },
        {
            "code": "D0150",
            "frequency": {
                "intervalMonths": None,
                "lastDoneOn": None,
                "allowedAgainOn": None,
                "allowed": True,
            },
        },
    ]
    # and a visit on 2030-02-28 may have it
    later = await booked(execute, practice, date="2030-02-28")
    ok(await add(execute, practice, later["id"], 1, code="D1110"), "addAppointmentProcedure")
    result = await execute(FREQUENCY, {"id": later["id"]}, viewer=practice.staff)
    assert result.data["node"]["procedures"][0]["frequency"]["allowed"] is True


WEEK = """query ($l: ID!) { calendarWeek(locationId: $l, weekStart: "2030-01-07") {
  days { appointments { id providerAssignments { role provider { id } }
    procedures { code fee order provider { id }
    frequency { lastDoneOn allowed } } } } } }"""


async def week_with_procedures(engine, execute, count_statements, count: int) -> tuple[int, int]:
    practice = await make_practice(engine)
    start = datetime(2030, 1, 7, 15, tzinfo=UTC)
    rows = []
    for n in range(count):
        begins = start + timedelta(days=n % 5, minutes=30 * (n // 5))
        appointment = await make_appointment(
            engine, practice, start_at=begins, end_at=begins + timedelta(minutes=30)
        )
        rows += [
            {"organization_id": practice.org.id, "appointment_id": appointment.id, "code": code,
             "fee": 10, "provider_id": practice.provider.id, "position": position}
            for position, code in enumerate(("D1110", "D0120"))
        ]  # fmt: skip
    async with engine.begin() as connection:
        await connection.execute(insert(table_of(AppointmentProcedure)), rows)
    variables = {"l": global_id("Location", practice.location.id)}
    with count_statements() as counter:
        result = await execute(WEEK, variables, viewer=practice.staff)
    assert result.errors is None, result.errors
    listed = [
        p
        for d in result.data["calendarWeek"]["days"]
        for a in d["appointments"]
        for p in a["procedures"]
    ]
    return counter.count, len(listed)


async def test_a_calendars_procedures_take_the_same_statements_for_3_or_30_visits(
    engine, execute, count_statements
):
    small, small_listed = await week_with_procedures(engine, execute, count_statements, 3)
    large, large_listed = await week_with_procedures(engine, execute, count_statements, 30)
    assert (small_listed, large_listed) == (6, 60)
    assert small == large
    # the location, appointments; providers, additional providers (with their roles),
    # procedures, and the frequency check's intervals and done dates: one batch each
    assert large == 7


UPDATE_CODES = """mutation ($input: UpdateAppointmentInput!) { updateAppointment(input: $input) {
  appointment { version procedureCodes } userErrors { field code message } } }"""


async def test_update_appointment_keeps_the_codes_procedures_record(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    ok(await add(execute, practice, appointment["id"], 1, code="D1110"), "addAppointmentProcedure")
    before = await state(engine)
    variables = {"input": {"appointmentId": appointment["id"], "baseVersion": 2}}
    variables["input"]["procedureCodes"] = ["D0120"]
    result = await execute(UPDATE_CODES, variables, viewer=practice.staff)
    [error] = result.data["updateAppointment"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "procedureCodes"], "VALIDATION")
    assert "D1110" in error["message"]
    assert await state(engine) == before
    # codes beside the recorded ones are fine
    variables["input"]["procedureCodes"] = ["D1110", "D0120"]
    result = await execute(UPDATE_CODES, variables, viewer=practice.staff)
    assert result.data["updateAppointment"]["appointment"] == {
        "version": 3,
        "procedureCodes": ["D1110", "D0120"],
    }
