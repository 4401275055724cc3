"""The demo's procedure codes: types and visits carry them, and a completed hygiene visit fires."""

from __future__ import annotations

from db.demo import REFERENCE_ANCHOR, build_demo_practice, seed_demo_data
from db.demo.ids import DEMO_ORG_ID, MAIN_LOCATION_ID, MAIN_TIME_ZONE, demo_id
from db.demo.recalls import TRIGGERS
from resolvers.viewer import Role, Viewer
from scheduling.appointment_status import AppointmentStatus
from scheduling.local_time import zone_named
from scheduling.recalls import add_months
from server.operation_manifest import operation_document
from tests.support.factories import global_id
from tests.support.recall_rows import today

RECALL_EXAM_AND_CLEAN = demo_id("appointment-type", 6)
HYGIENE = demo_id("recall-type", "hygiene")


def test_demo_types_and_visits_carry_procedure_codes() -> None:
    practice = build_demo_practice(REFERENCE_ANCHOR)
    codes = {t["abbreviation"]: t["procedure_codes"] for t in practice.appointment_types}
    assert codes == {
        "NPE": ["D0150", "D0210"], "EXAM": ["D0120"], "FILL": ["D2391"], "CRN": ["D2740"],
        "EMRG": ["D0140"], "RCL": ["D1110", "D0274"], "SEAL": ["D1351", "D1206"], "WHT": [],
        "CHK": ["D0120"],  # Other Practice's checkup: the demo's D0120 trigger is not theirs
    }  # fmt: skip
    # every demo trigger is performed by one of the demo's types
    performed = {code for t in practice.appointment_types for code in t["procedure_codes"]}
    assert {code for code, _ in TRIGGERS} <= performed
    # and every visit performs its type's codes
    by_type = {t["id"]: t["procedure_codes"] for t in practice.appointment_types}
    assert all(
        a["procedure_codes"] == by_type[a["appointment_type_id"]] for a in practice.appointments
    )


async def test_completing_a_demo_hygiene_visit_fires_the_hygiene_recall(engine, execute):
    # given the demo practice and its first scheduled hygiene visit at Riverside Main for a
    # patient without a hygiene recall
    practice = build_demo_practice(REFERENCE_ANCHOR)
    async with engine.begin() as connection:
        await seed_demo_data(connection, REFERENCE_ANCHOR)
    recalled = {r["patient_id"] for r in practice.patient_recalls if r["recall_type_id"] == HYGIENE}
    visit = min(
        (a for a in practice.appointments
         if a["appointment_type_id"] == RECALL_EXAM_AND_CLEAN
         and a["status"] is AppointmentStatus.SCHEDULED and a["location_id"] == MAIN_LOCATION_ID
         and a["patient_id"] not in recalled),
        key=lambda a: (a["start_at"], str(a["id"])),
    )  # fmt: skip
    done_on = visit["start_at"].astimezone(zone_named(MAIN_TIME_ZONE)).date()
    # when the front desk completes it with the shared operation
    staff = Viewer(organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="demo-front-desk")
    variables = {
        "input": {
            "appointmentId": global_id("Appointment", visit["id"]),
            "baseVersion": 1,
            "status": "COMPLETE",
        }
    }
    document = operation_document("TransitionAppointment")
    result = await execute(document, variables, viewer=staff)
    # then the visit performed D1110 and the patient has a hygiene recall six months on
    assert result.errors is None, result.errors
    payload = result.data["transitionAppointment"]
    assert payload["userErrors"] == []
    appointment = payload["appointment"]
    assert (appointment["status"], appointment["procedureCodes"]) == (
        "COMPLETE", ["D1110", "D0274"])  # fmt: skip
    (recall,) = appointment["patient"]["recalls"]
    assert (recall["recallType"], recall["previousDate"], recall["dueDate"]) == (
        {"name": "Hygiene"}, done_on.isoformat(), add_months(done_on, 6).isoformat())  # fmt: skip
    assert recall["status"] == ("DUE" if add_months(done_on, 6) >= today() else "OVERDUE")
