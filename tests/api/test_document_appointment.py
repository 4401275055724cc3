"""documentAppointment and pending documentation (seed 001) through the schema: completed
visits are pending until documented, once; every refusal leaves the database as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import global_id, make_appointment, make_practice
from tests.support.lifecycle_documents import database_state, refusal

START = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)

DOCUMENT = """
mutation ($input: DocumentAppointmentInput!) { documentAppointment(input: $input) {
  appointment { id version documentedBy documentationPending
                history { edges { node { action actor changes { field before } } } } }
  userErrors { field code message conflicts { reason } }
} }
"""
PENDING = """
query ($pending: Boolean) {
  appointments(filter: {pendingDocumentation: $pending}, first: 10) {
    totalCount edges { node { id status documentationPending documentedAt } }
  }
}
"""


async def _visits(engine, practice):
    """A complete visit, a later complete one and a scheduled one (ids by name)."""
    made = {}
    for name, hours, status in (
        ("first", 0, AppointmentStatus.COMPLETE),
        ("second", 2, AppointmentStatus.COMPLETE),
        ("scheduled", 4, AppointmentStatus.SCHEDULED),
    ):
        start = START + timedelta(hours=hours)
        row = await make_appointment(
            engine, practice, start_at=start, end_at=start + timedelta(minutes=30), status=status
        )
        made[name] = global_id("Appointment", row.id)
    return made


async def _pending(execute, practice, pending=True):
    result = await execute(PENDING, {"pending": pending}, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["appointments"]


async def test_complete_visits_are_pending_until_documented_once(engine, execute):
    practice = await make_practice(engine)
    visits = await _visits(engine, practice)
    pending = await _pending(execute, practice)
    assert pending["totalCount"] == 2
    assert [edge["node"]["id"] for edge in pending["edges"]] == [visits["first"], visits["second"]]
    assert all(edge["node"]["documentationPending"] for edge in pending["edges"])

    result = await execute(
        DOCUMENT,
        {"input": {"appointmentId": visits["first"], "baseVersion": 1}},
        viewer=practice.staff,
    )
    assert result.errors is None, result.errors
    payload = result.data["documentAppointment"]
    assert payload["userErrors"] == []
    appointment = payload["appointment"]
    assert appointment["version"] == 2
    assert appointment["documentedBy"] == "staff-test"
    assert appointment["documentationPending"] is False
    assert appointment["history"]["edges"][-1]["node"] == {
        "action": "DOCUMENTED",
        "actor": "staff-test",
        "changes": [{"field": "documentedAt", "before": None}],
    }
    pending = await _pending(execute, practice)
    assert [edge["node"]["id"] for edge in pending["edges"]] == [visits["second"]]
    others = await _pending(execute, practice, pending=False)
    assert {edge["node"]["id"] for edge in others["edges"]} == {
        visits["first"],
        visits["scheduled"],
    }
    documented = next(e["node"] for e in others["edges"] if e["node"]["id"] == visits["first"])
    assert documented["documentedAt"] is not None

    # Documenting again changes nothing: same version, no second entry.
    again = await execute(
        DOCUMENT,
        {"input": {"appointmentId": visits["first"], "baseVersion": 2}},
        viewer=practice.staff,
    )
    assert again.data["documentAppointment"]["appointment"]["version"] == 2
    assert len(again.data["documentAppointment"]["appointment"]["history"]["edges"]) == len(
        appointment["history"]["edges"]
    )


async def test_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    visits = await _visits(engine, practice)
    other = await make_practice(engine)
    before = await database_state(engine)
    cases = [
        (
            {"appointmentId": visits["scheduled"], "baseVersion": 1},
            practice.staff,
            refusal(
                "INVALID_TRANSITION",
                "A SCHEDULED appointment has no documentation to record: "
                "only a COMPLETE visit is documented",
            ),
        ),
        (
            {"appointmentId": visits["first"], "baseVersion": 7},
            practice.staff,
            refusal("VERSION_CONFLICT", "The appointment is at version 1, not 7", "baseVersion"),
        ),
        (
            {"appointmentId": visits["first"], "baseVersion": 1},
            other.staff,
            refusal("NOT_FOUND", "No appointment with this ID", "appointmentId"),
        ),
    ]
    for data, viewer, expected in cases:
        result = await execute(DOCUMENT, {"input": data}, viewer=viewer)
        assert result.errors is None, result.errors
        payload = result.data["documentAppointment"]
        assert {**payload, "userErrors": payload["userErrors"]} == {
            "appointment": None,
            "userErrors": [
                {**expected["userErrors"][0], "conflicts": []},
            ],
        }, data
    # A patient may not record documentation.
    result = await execute(
        DOCUMENT,
        {"input": {"appointmentId": visits["first"], "baseVersion": 1}},
        viewer=practice.patient_viewer(),
    )
    assert result.data["documentAppointment"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert await database_state(engine) == before
