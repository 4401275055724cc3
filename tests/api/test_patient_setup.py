"""registerPatient and updatePatient: a patient registered by staff can be booked at once;
contact details change with the current version; refusals change nothing; the audit trail
names the changed fields, not their values."""

from __future__ import annotations

import asyncio

from strawberry.relay import GlobalID

from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import BOOK, booking_input, soon
from tests.support.setup_documents import REGISTER_PATIENT, UPDATE_PATIENT, audit_trail, setup_state

NEW = {
    "firstName": " Mia ",
    "lastName": "Okafor",
    "chartNumber": "C-1001",
    "dateOfBirth": "1990-04-02",
    "phone": "+1 555 0100",
    "email": "mia@example.test",
}


async def test_staff_register_a_patient_and_book_their_first_visit(engine, execute):
    practice = await make_practice(engine)
    registered = await execute(REGISTER_PATIENT, {"input": NEW}, viewer=practice.staff)
    body = registered.data["registerPatient"]
    assert body["userErrors"] == []
    ident = body["patient"].pop("id")
    assert body["patient"] == {
        "firstName": "Mia",
        "lastName": "Okafor",
        "chartNumber": "C-1001",
        "dateOfBirth": "1990-04-02",
        "phone": "+1 555 0100",
        "email": "mia@example.test",
        "version": 1,
    }
    booked = await execute(
        BOOK,
        {"input": booking_input(practice, date=soon(5), patientId=ident)},
        viewer=practice.staff,
    )
    assert booked.data["bookAppointment"]["userErrors"] == []
    changed = await execute(
        UPDATE_PATIENT,
        {"input": {"patientId": ident, "baseVersion": 1, "phone": "", "email": "mia@new.test"}},
        viewer=practice.staff,
    )
    patient = changed.data["updatePatient"]["patient"]
    assert (patient["phone"], patient["email"], patient["version"]) == (None, "mia@new.test", 2)
    trail = await audit_trail(engine, GlobalID.from_id(ident).node_id)
    assert [(action, changes) for action, _, changes in trail] == [
        (
            "CREATED",
            {
                "fields": [
                    "chart_number",
                    "date_of_birth",
                    "email",
                    "first_name",
                    "last_name",
                    "phone",
                ]
            },
        ),
        ("UPDATED", {"fields": ["email", "phone"]}),
    ]


async def test_patient_registration_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    before = await setup_state(engine)
    cases = [
        (
            {**NEW, "email": "not-an-address"},
            "email",
            "VALIDATION",
            "email is not an email address",
        ),
        (
            {**NEW, "dateOfBirth": soon(2)},
            "dateOfBirth",
            "VALIDATION",
            "dateOfBirth must be between 1900-01-01 and today",
        ),
        (
            {**NEW, "chartNumber": practice.patient.chart_number},
            "chartNumber",
            "DUPLICATE",
            "Another patient has this chart number",
        ),
    ]
    for variables, field, code, message in cases:
        result = await execute(REGISTER_PATIENT, {"input": variables}, viewer=practice.staff)
        assert result.data["registerPatient"] == {
            "patient": None,
            "userErrors": [{"field": ["input", field], "code": code, "message": message}],
        }
    assert await setup_state(engine) == before


async def test_patient_update_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    before = await setup_state(engine)
    foreign = await execute(
        UPDATE_PATIENT,
        {
            "input": {
                "patientId": global_id("Patient", other.patient.id),
                "baseVersion": 1,
                "lastName": "X",
            }
        },
        viewer=practice.staff,
    )
    assert foreign.data["updatePatient"]["userErrors"] == [
        {"field": ["input", "patientId"], "code": "NOT_FOUND", "message": "No patient with this ID"}
    ]
    own = global_id("Patient", practice.patient.id)
    stale = await execute(
        UPDATE_PATIENT,
        {"input": {"patientId": own, "baseVersion": 2, "lastName": "X"}},
        viewer=practice.staff,
    )
    assert stale.data["updatePatient"]["userErrors"][0]["code"] == "VERSION_CONFLICT"
    # a patient may not change even their own record through the staff mutation
    self_service = await execute(
        UPDATE_PATIENT,
        {"input": {"patientId": own, "baseVersion": 1, "lastName": "X"}},
        viewer=practice.patient_viewer(),
    )
    assert self_service.data["updatePatient"]["userErrors"] == [
        {"field": None, "code": "FORBIDDEN", "message": "Only staff may change the practice setup"}
    ]
    assert await setup_state(engine) == before


async def test_concurrent_updates_at_one_version_let_one_through(engine, execute):
    practice = await make_practice(engine)
    own = global_id("Patient", practice.patient.id)
    results = await asyncio.gather(
        *(
            execute(
                UPDATE_PATIENT,
                {"input": {"patientId": own, "baseVersion": 1, "lastName": f"Name{n}"}},
                viewer=practice.staff,
            )
            for n in range(3)
        )
    )
    payloads = [r.data["updatePatient"] for r in results]
    winners = [p["patient"] for p in payloads if p["patient"] is not None]
    assert [winner["version"] for winner in winners] == [2]
    assert (
        sorted(p["userErrors"][0]["code"] for p in payloads if p["patient"] is None)
        == ["VERSION_CONFLICT"] * 2
    )
