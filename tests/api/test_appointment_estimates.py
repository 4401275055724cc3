"""updateAppointmentDetails' estimated insurance and patient portions and the display order
among visits sharing a slot: exact data and history, null clears an estimate, refusals
change nothing, tenancy."""

from __future__ import annotations

from typing import Any

from tests.support.factories import make_practice
from tests.support.lifecycle_documents import booking_input, database_state

FIELDS = """id version estimatedInsurance estimatedPatientPortion displayOrder
  history { edges { node { action changes { field before after } } } }"""
BOOK = f"""mutation ($input: BookAppointmentInput!) {{ bookAppointment(input: $input) {{
  appointment {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
DETAILS = f"""mutation ($input: UpdateAppointmentDetailsInput!) {{
  updateAppointmentDetails(input: $input) {{
  appointment {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
READ = """query ($id: ID!) { node(id: $id) { ... on Appointment {
  estimatedInsurance estimatedPatientPortion displayOrder } } }"""


async def booked(execute, practice) -> dict[str, Any]:
    result = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["bookAppointment"]["appointment"]


async def details(execute, viewer, appointment_id: str, version: int, **fields: Any) -> Any:
    variables = {"input": {"appointmentId": appointment_id, "baseVersion": version, **fields}}
    return await execute(DETAILS, variables, viewer=viewer)


async def test_estimates_and_display_order_are_set_audited_and_cleared(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    assert (
        appointment["estimatedInsurance"],
        appointment["estimatedPatientPortion"],
        appointment["displayOrder"],
    ) == (None, None, 0)
    result = await details(
        execute,
        practice.staff,
        appointment["id"],
        1,
        estimatedInsurance="120.5",
        estimatedPatientPortion="29.50",
        displayOrder=2,
    )
    changed = result.data["updateAppointmentDetails"]["appointment"]
    assert (
        changed["version"],
        changed["estimatedInsurance"],
        changed["estimatedPatientPortion"],
        changed["displayOrder"],
    ) == (2, "120.50", "29.50", 2)
    last = changed["history"]["edges"][-1]["node"]
    assert last == {
        "action": "UPDATED",
        "changes": [
            {"field": "estimatedInsurance", "before": None, "after": "120.50"},
            {"field": "estimatedPatientPortion", "before": None, "after": "29.50"},
            {"field": "displayOrder", "before": 0, "after": 2},
        ],
    }
    # null clears an estimate; the rest stays
    cleared = await details(execute, practice.staff, appointment["id"], 2, estimatedInsurance=None)
    read = await execute(READ, {"id": appointment["id"]}, viewer=practice.staff)
    assert cleared.data["updateAppointmentDetails"]["userErrors"] == []
    assert read.data["node"] == {
        "estimatedInsurance": None,
        "estimatedPatientPortion": "29.50",
        "displayOrder": 2,
    }


async def test_bad_estimates_orders_and_callers_change_nothing(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    other = await make_practice(engine)
    before = await database_state(engine)
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"estimatedInsurance": "-1"}, "estimatedInsurance", "between 0 and 1000000"),
        ({"estimatedPatientPortion": "1000000.01"}, "estimatedPatientPortion", "between"),
        ({"estimatedInsurance": "1.001"}, "estimatedInsurance", "at most 2 decimal places"),
        ({"displayOrder": 1001}, "displayOrder", "between 0 and 1000"),
        ({"displayOrder": None}, "displayOrder", "cannot be null"),
    ]
    for fields, field, words in cases:
        result = await details(execute, practice.staff, appointment["id"], 1, **fields)
        [error] = result.data["updateAppointmentDetails"]["userErrors"]
        assert (error["field"], error["code"]) == (["input", field], "VALIDATION"), fields
        assert words in error["message"], error
    stale = await details(execute, practice.staff, appointment["id"], 5, displayOrder=1)
    assert stale.data["updateAppointmentDetails"]["userErrors"][0]["code"] == "VERSION_CONFLICT"
    elsewhere = await details(execute, other.staff, appointment["id"], 1, displayOrder=1)
    assert elsewhere.data["updateAppointmentDetails"]["userErrors"][0]["code"] == "NOT_FOUND"
    patient = await details(
        execute, practice.patient_viewer(), appointment["id"], 1, displayOrder=1
    )
    assert patient.data["updateAppointmentDetails"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert await database_state(engine) == before
