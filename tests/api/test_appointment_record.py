"""The appointment record through the schema: details at booking and by
updateAppointmentDetails, the server-set source, creating PLANNED/UNSCHEDULED/PINBOARD,
a move's reason, confirmedAt and cancelledAt; every refusal changes nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from resolvers.viewer import Role, Viewer
from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import booking_input, database_state, soon

RECORD = """id status version startAt askToArriveMinutes askToArriveAt colorOverride tags
  source modality confirmedAt cancelledAt
  history { edges { node { action changes { field before after } } } }"""
ERRORS = "userErrors { field code message }"
BOOK = f"""mutation ($input: BookAppointmentInput!) {{ bookAppointment(input: $input) {{
  appointment {{ {RECORD} }} {ERRORS} }} }}"""
DETAILS = f"""mutation ($input: UpdateAppointmentDetailsInput!) {{
  updateAppointmentDetails(input: $input) {{ appointment {{ {RECORD} }} {ERRORS} }} }}"""
MOVE = f"""mutation ($input: MoveAppointmentInput!) {{ moveAppointment(input: $input) {{
  appointment {{ {RECORD} }} {ERRORS} }} }}"""
CANCEL = f"""mutation ($input: CancelAppointmentInput!) {{ cancelAppointment(input: $input) {{
  appointment {{ {RECORD} }} {ERRORS} }} }}"""
CONFIRMATION = f"""mutation ($input: SetConfirmationStatusInput!) {{
  setConfirmationStatus(input: $input) {{ appointment {{ {RECORD} }} {ERRORS} }} }}"""


def payload(result, name: str) -> dict[str, Any]:
    assert result.errors is None, result.errors
    return result.data[name]


def refusal(result, name: str) -> dict[str, Any]:
    body = payload(result, name)
    assert body["appointment"] is None
    [error] = body["userErrors"]
    return error


async def book(execute, practice, viewer=None, **extra) -> dict[str, Any]:
    result = await execute(
        BOOK, {"input": booking_input(practice, **extra)}, viewer=viewer or practice.staff
    )
    body = payload(result, "bookAppointment")
    assert body["userErrors"] == [], body["userErrors"]
    return body["appointment"]


async def test_staff_book_with_details_and_the_server_sets_the_source(engine, execute):
    practice = await make_practice(engine)
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE appointment_types SET modality = 'VIDEO' WHERE id = :id"),
            {"id": practice.appointment_type.id},
        )
    appointment = await book(
        execute,
        practice,
        askToArriveMinutes=15,
        colorOverride="#1a2b3c",
        tags=[" VIP ", "wheelchair", "VIP"],
    )
    assert appointment["startAt"] == "2030-01-07T15:00:00+00:00"
    assert appointment["askToArriveMinutes"] == 15
    assert appointment["askToArriveAt"] == "2030-01-07T14:45:00+00:00"
    assert appointment["colorOverride"] == "#1A2B3C"
    assert appointment["tags"] == ["VIP", "wheelchair"]
    assert appointment["source"] == "STAFF"
    assert appointment["modality"] == "VIDEO"  # the type's
    assert appointment["confirmedAt"] is None
    assert appointment["cancelledAt"] is None
    changes = appointment["history"]["edges"][0]["node"]["changes"]
    assert {c["field"]: c["after"] for c in changes if c["field"] in {"tags", "source"}} == {
        "tags": ["VIP", "wheelchair"],
        "source": "STAFF",
    }
    # a booking that names the modality keeps its own
    phone = await book(execute, practice, start="11:00", modality="PHONE")
    assert (phone["modality"], phone["tags"], phone["askToArriveAt"]) == ("PHONE", [], None)


async def test_patients_and_integrations_get_their_own_source(engine, execute):
    practice = await make_practice(engine)
    mine = await book(
        execute, practice, viewer=practice.patient_viewer(), date=soon(), modality="VIDEO"
    )
    assert (mine["source"], mine["modality"]) == ("PATIENT_APP", "VIDEO")
    integration = Viewer(organization_id=practice.org.id, role=Role.INTEGRATION, subject="pms")
    theirs = await book(execute, practice, viewer=integration, start="11:00")
    assert theirs["source"] == "INTEGRATION"


async def test_bad_details_and_statuses_are_refused_and_change_nothing(engine, execute):
    practice = await make_practice(engine)
    await book(execute, practice)
    before = await database_state(engine)
    cases: list[tuple[dict[str, Any], Viewer, str, str]] = [
        ({"tags": [f"t{n}" for n in range(11)]}, practice.staff, "tags", "VALIDATION"),
        ({"tags": ["x" * 31]}, practice.staff, "tags", "VALIDATION"),
        ({"tags": [" "]}, practice.staff, "tags", "VALIDATION"),
        ({"colorOverride": "red"}, practice.staff, "colorOverride", "VALIDATION"),
        ({"askToArriveMinutes": 241}, practice.staff, "askToArriveMinutes", "VALIDATION"),
        ({"askToArriveMinutes": -1}, practice.staff, "askToArriveMinutes", "VALIDATION"),
        ({"status": "HOLD"}, practice.staff, "status", "VALIDATION"),
        ({"status": "COMPLETE"}, practice.staff, "status", "VALIDATION"),
        ({"status": "PLANNED", "hold": True}, practice.staff, "status", "VALIDATION"),
        ({"tags": ["mine"]}, practice.patient_viewer(), "tags", "FORBIDDEN"),
        ({"status": "PINBOARD"}, practice.patient_viewer(), "status", "FORBIDDEN"),
    ]
    for extra, viewer, field, code in cases:
        result = await execute(
            BOOK, {"input": booking_input(practice, start="13:00", **extra)}, viewer=viewer
        )
        error = refusal(result, "bookAppointment")
        assert (error["field"], error["code"]) == (["input", field], code), (extra, error)
    # the source is not an input at all
    result = await execute(
        BOOK,
        {"input": booking_input(practice, start="13:00", source="IMPORT")},
        viewer=practice.staff,
    )
    assert result.errors is not None
    assert result.data is None
    assert await database_state(engine) == before


async def test_created_planned_holds_its_slot_pinboard_and_unscheduled_do_not(engine, execute):
    practice = await make_practice(engine)
    planned = await book(execute, practice, status="PLANNED")
    assert planned["status"] == "PLANNED"
    # the planned visit holds 09:00-10:00: a booking there is a slot conflict
    result = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert refusal(result, "bookAppointment")["code"] == "SLOT_CONFLICT"
    # off the grid, the same time is only a wish and takes no slot
    for status in ("PINBOARD", "UNSCHEDULED"):
        parked = await book(execute, practice, status=status)
        assert parked["status"] == status
        changes = parked["history"]["edges"][0]["node"]["changes"]
        assert {"field": "status", "before": None, "after": status} in changes
    async with engine.connect() as connection:
        slots = await connection.scalar(text("SELECT count(*) FROM provider_slots"))
    assert slots == 1  # the planned visit's only


def details_input(ident: str, version: int, **fields: Any) -> dict[str, Any]:
    return {"input": {"appointmentId": ident, "baseVersion": version, **fields}}


async def test_update_details_changes_only_what_is_given_and_audits_it(engine, execute):
    practice = await make_practice(engine)
    appointment = await book(execute, practice, tags=["old"], colorOverride="#000000")
    result = await execute(
        DETAILS,
        details_input(
            appointment["id"], 1, askToArriveMinutes=10, tags=["a", "b"], modality="PHONE"
        ),
        viewer=practice.staff,
    )
    updated = payload(result, "updateAppointmentDetails")["appointment"]
    assert updated["version"] == 2
    assert (updated["askToArriveMinutes"], updated["tags"], updated["modality"]) == (
        10,
        ["a", "b"],
        "PHONE",
    )
    assert updated["colorOverride"] == "#000000"  # not given: stays
    assert updated["history"]["edges"][-1]["node"] == {
        "action": "UPDATED",
        "changes": [
            {"field": "askToArriveMinutes", "before": None, "after": 10},
            {"field": "tags", "before": ["old"], "after": ["a", "b"]},
            {"field": "modality", "before": "IN_PERSON", "after": "PHONE"},
        ],
    }
    # null clears the offset and the color, and empties the tags
    result = await execute(
        DETAILS,
        details_input(appointment["id"], 2, askToArriveMinutes=None, colorOverride=None, tags=None),
        viewer=practice.staff,
    )
    cleared = payload(result, "updateAppointmentDetails")["appointment"]
    assert (cleared["askToArriveAt"], cleared["colorOverride"], cleared["tags"]) == (None, None, [])
    # the same values again change nothing: no new version, no new history
    before = await database_state(engine)
    result = await execute(
        DETAILS, details_input(appointment["id"], 3, tags=[]), viewer=practice.staff
    )
    assert payload(result, "updateAppointmentDetails")["appointment"]["version"] == 3
    assert await database_state(engine) == before


async def test_update_details_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    appointment = await book(execute, practice)
    other = await make_practice(engine)
    before = await database_state(engine)
    ident = appointment["id"]
    cases: list[tuple[dict[str, Any], Viewer, list[str], str]] = [
        (details_input(ident, 2, tags=["x"]), practice.staff, ["baseVersion"], "VERSION_CONFLICT"),
        (details_input(ident, 1, modality=None), practice.staff, ["modality"], "VALIDATION"),
        (
            details_input(ident, 1, colorOverride="#12345"),
            practice.staff,
            ["colorOverride"],
            "VALIDATION",
        ),
        (details_input(ident, 1, tags=["x"]), other.staff, ["appointmentId"], "NOT_FOUND"),
        (details_input(ident, 1, tags=["x"]), practice.patient_viewer(), [], "FORBIDDEN"),
    ]
    for variables, viewer, field, code in cases:
        result = await execute(DETAILS, variables, viewer=viewer)
        error = refusal(result, "updateAppointmentDetails")
        expected = ["input", *field] if field else None  # the role table's refusal: no field
        assert (error["field"], error["code"]) == (expected, code), (variables, error)
    assert await database_state(engine) == before


async def test_a_move_keeps_its_reason_and_the_arrival_follows(engine, execute):
    practice = await make_practice(engine)
    appointment = await book(execute, practice, askToArriveMinutes=20)
    move = {
        "appointmentId": appointment["id"],
        "baseVersion": 1,
        "slot": {"date": "2030-01-07", "startTime": "11:00"},
    }
    before = await database_state(engine)
    too_long = await execute(MOVE, {"input": {**move, "reason": "x" * 501}}, viewer=practice.staff)
    assert refusal(too_long, "moveAppointment")["field"] == ["input", "reason"]
    assert await database_state(engine) == before
    result = await execute(
        MOVE, {"input": {**move, "reason": " patient asked "}}, viewer=practice.staff
    )
    moved = payload(result, "moveAppointment")["appointment"]
    assert moved["askToArriveAt"] == "2030-01-07T16:40:00+00:00"
    entry = moved["history"]["edges"][-1]["node"]
    assert entry["action"] == "MOVED"
    assert {"field": "moveReason", "before": None, "after": "patient asked"} in entry["changes"]


async def test_confirmed_at_and_cancelled_at_are_set_by_the_server(engine, execute):
    practice = await make_practice(engine)
    appointment = await book(execute, practice)
    status = global_id("ConfirmationStatus", practice.confirmation_status.id)
    result = await execute(
        CONFIRMATION,
        {
            "input": {
                "appointmentId": appointment["id"],
                "baseVersion": 1,
                "confirmationStatusId": status,
            }
        },
        viewer=practice.staff,
    )
    confirmed = payload(result, "setConfirmationStatus")["appointment"]
    assert confirmed["confirmedAt"] is not None
    result = await execute(
        CANCEL,
        {
            "input": {
                "appointmentId": appointment["id"],
                "baseVersion": 2,
                "cancelledBy": "PRACTICE",
            }
        },
        viewer=practice.staff,
    )
    cancelled = payload(result, "cancelAppointment")["appointment"]
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["cancelledAt"] is not None
    assert cancelled["confirmedAt"] == confirmed["confirmedAt"]
    # booked with a confirmed status: confirmed from the start
    again = await book(execute, practice, start="12:00", confirmationStatusId=status)
    assert again["confirmedAt"] is not None
