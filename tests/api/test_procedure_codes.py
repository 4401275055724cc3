"""Procedure codes on appointment types and appointments: booking, updating, refusing bad codes."""

from __future__ import annotations

from typing import Any

from tests.support.connections import changes, history
from tests.support.factories import global_id, make_appointment_type, make_practice
from tests.support.lifecycle_documents import BOOK, booking_input, database_state

BOOKED = """mutation ($input: BookAppointmentInput!) { bookAppointment(input: $input) {
  appointment { id version procedureCodes appointmentType { id procedureCodes }
                history { edges { node { action changes { field before after } } } } }
  userErrors { field code message } } }"""
UPDATE = """mutation ($input: UpdateAppointmentInput!) { updateAppointment(input: $input) {
  appointment { id version procedureCodes appointmentType { id }
                history { edges { node { action actor changes { field before after } } } } }
  userErrors { field code message } } }"""
TYPES = "{ appointmentTypes { id procedureCodes } }"


async def book(execute, practice, viewer=None, **extra) -> dict[str, Any]:
    variables = {"input": booking_input(practice, **extra)}
    result = await execute(BOOKED, variables, viewer=viewer or practice.staff)
    assert result.errors is None, result.errors
    return result.data["bookAppointment"]


async def update(execute, practice, ident: str, version: int, **fields) -> dict[str, Any]:
    variables = {"input": {"appointmentId": ident, "baseVersion": version, **fields}}
    result = await execute(UPDATE, variables, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["updateAppointment"]


def booked_changes(payload: dict[str, Any]) -> dict[str, Any]:
    (edge,) = payload["appointment"]["history"]["edges"]
    return changes(edge["node"])


async def test_a_booking_takes_its_types_codes_unless_it_names_others(engine, execute):
    # given a hygiene type that performs D1110 and D0274, and the practice's type without codes
    practice = await make_practice(engine)
    hygiene = await make_appointment_type(engine, practice.org, procedure_codes=("D1110", "D0274"))
    hygiene_id = global_id("AppointmentType", hygiene.id)
    types = await execute(TYPES, viewer=practice.staff)
    listed = {t["id"]: t["procedureCodes"] for t in types.data["appointmentTypes"]}
    assert listed == {
        global_id("AppointmentType", practice.appointment_type.id): [],
        hygiene_id: ["D1110", "D0274"],
    }
    # when visits are booked with that type, with the type and other codes, and without a type
    defaulted = await book(execute, practice, appointmentTypeId=hygiene_id)
    named = await book(
        execute, practice, start="11:00", appointmentTypeId=hygiene_id,
        procedureCodes=[" d0120 ", "D1110", "d0120"],
    )  # fmt: skip
    cleared = await book(
        execute, practice, start="13:00", appointmentTypeId=hygiene_id, procedureCodes=[]
    )
    untyped = await book(execute, practice, start="15:00", appointmentTypeId=None)
    # then the type's codes are the default, named codes are upper-cased once each, in order
    assert [p["userErrors"] for p in (defaulted, named, cleared, untyped)] == [[]] * 4
    assert defaulted["appointment"]["procedureCodes"] == ["D1110", "D0274"]
    assert defaulted["appointment"]["appointmentType"] == {
        "id": hygiene_id,
        "procedureCodes": ["D1110", "D0274"],
    }
    assert booked_changes(defaulted)["procedureCodes"] == {
        "before": None,
        "after": ["D1110", "D0274"],
    }
    assert named["appointment"]["procedureCodes"] == ["D0120", "D1110"]
    assert booked_changes(named)["procedureCodes"] == {"before": None, "after": ["D0120", "D1110"]}
    # and a visit without codes records none
    for payload in (cleared, untyped):
        assert payload["appointment"]["procedureCodes"] == []
        assert "procedureCodes" not in booked_changes(payload)


async def test_update_replaces_the_codes_and_a_new_type_keeps_them(engine, execute):
    # given a visit booked with D1110
    practice = await make_practice(engine)
    exam = await make_appointment_type(engine, practice.org, procedure_codes=("D0120",))
    appointment = (await book(execute, practice, procedureCodes=["D1110"]))["appointment"]
    ident = appointment["id"]
    # when staff replace the codes
    replaced = await update(execute, practice, ident, 1, procedureCodes=["d1110", "D0274"])
    # then the version is bumped and the history names the codes before and after
    assert replaced["userErrors"] == []
    assert (replaced["appointment"]["version"], replaced["appointment"]["procedureCodes"]) == (
        2, ["D1110", "D0274"])  # fmt: skip
    assert replaced["appointment"]["history"]["edges"][-1] == {
        "node": {
            "action": "UPDATED",
            "actor": "staff-test",
            "changes": [
                {"field": "procedureCodes", "before": ["D1110"], "after": ["D1110", "D0274"]},
            ],
        }
    }
    # when the same codes are sent again (as typed differently), nothing changes
    same = await update(execute, practice, ident, 2, procedureCodes=["D1110", " d0274", "D1110"])
    assert (same["appointment"]["version"], len(same["appointment"]["history"]["edges"])) == (2, 2)
    # when the type changes to one with other codes, the visit's codes stay
    retyped = await update(
        execute, practice, ident, 2, appointmentTypeId=global_id("AppointmentType", exam.id)
    )
    assert retyped["appointment"]["appointmentType"] == {
        "id": global_id("AppointmentType", exam.id)
    }
    assert (retyped["appointment"]["version"], retyped["appointment"]["procedureCodes"]) == (
        3, ["D1110", "D0274"])  # fmt: skip
    assert "procedureCodes" not in changes(history(retyped["appointment"])[-1])
    # when staff clear them
    cleared = await update(execute, practice, ident, 3, procedureCodes=[])
    assert (cleared["appointment"]["version"], cleared["appointment"]["procedureCodes"]) == (4, [])
    assert changes(history(cleared["appointment"])[-1]) == {
        "procedureCodes": {"before": ["D1110", "D0274"], "after": []}
    }


BAD_CODES = [
    ([""], "The procedure code must be 1 to 20 characters"),
    (["D1110", "   "], "The procedure code must be 1 to 20 characters"),
    (["X" * 21], "The procedure code must be 1 to 20 characters"),
    ([f"D{n:04d}" for n in range(21)], "At most 20 procedure codes"),
]


async def test_bad_codes_are_refused_and_change_nothing(engine, execute):
    # given a booked visit (20 distinct codes, as many as allowed, and duplicates beyond)
    practice = await make_practice(engine)
    codes = [f"D{n:04d}" for n in range(20)]
    payload = await book(execute, practice, procedureCodes=codes + codes[:5])
    assert payload["appointment"]["procedureCodes"] == codes
    ident = payload["appointment"]["id"]
    before = await database_state(engine)
    later = {"start": "11:00"}
    for bad, message in BAD_CODES:
        # when a booking or an update names bad codes
        booking = await book(execute, practice, procedureCodes=bad, **later)
        updating = await update(execute, practice, ident, 1, procedureCodes=bad, note="x")
        # then both are VALIDATION on procedureCodes and nothing changed
        for refused in (booking, updating):
            assert refused == {
                "appointment": None,
                "userErrors": [
                    {"field": ["input", "procedureCodes"], "code": "VALIDATION", "message": message}
                ],
            }, bad
        assert await database_state(engine) == before
    # patients book with their type's codes only
    variables = {"input": booking_input(practice, procedureCodes=["D1110"], **later)}
    result = await execute(BOOK, variables, viewer=practice.patient_viewer())
    (error,) = result.data["bookAppointment"]["userErrors"]
    assert (error["field"], error["code"], error["message"]) == (
        ["input", "procedureCodes"], "FORBIDDEN", "Only staff may record procedure codes")  # fmt: skip
    assert await database_state(engine) == before
