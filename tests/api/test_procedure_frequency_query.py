"""procedureFrequency over HTTP: the procedure-frequency check by patient and code before
there is a visit (last done, allowed again, days since), the same rule as a visit's
procedures; patients see only themselves, other organizations nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import global_id, make_appointment, make_patient, make_practice
from tests.support.recall_rows import make_trigger, make_type
from tests.support.tokens import bearer

QUERY = """query ($patient: ID!, $code: String!, $on: Date!) {
  procedureFrequency(patientId: $patient, procedureCode: $code, on: $on) {
    procedureCode intervalMonths lastDoneOn allowedAgainOn allowed daysSince } }"""


async def ask(http, viewer, patient_id: str, code: str, on: str) -> dict[str, Any]:
    variables = {"patient": patient_id, "code": code, "on": on}
    response = await http.post(
        "/graphql", json={"query": QUERY, "variables": variables}, headers=bearer(viewer)
    )
    assert response.status_code == 200
    return response.json()


async def cleaned_on(engine, practice, *days: tuple[datetime, AppointmentStatus]) -> None:
    """Visits of the practice's patient that performed D1110."""
    for day, status in days:
        row = await make_appointment(
            engine, practice, start_at=day, end_at=day + timedelta(hours=1), status=status
        )
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE appointments SET procedure_codes = '{D1110}' WHERE id = :id"),
                {"id": row.id},
            )


async def test_last_done_allowed_again_and_days_since_before_a_visit(engine, http):
    # hygiene every 6 months, set by D1110; cleanings completed on 2029-08-31 and 2029-03-01,
    # one cancelled on 2029-10-01 (it does not count)
    practice = await make_practice(engine)
    await make_trigger(engine, practice, await make_type(engine, practice), "D1110")
    await cleaned_on(
        engine,
        practice,
        (datetime(2029, 8, 31, 15, tzinfo=UTC), AppointmentStatus.COMPLETE),
        (datetime(2029, 3, 1, 15, tzinfo=UTC), AppointmentStatus.COMPLETE),
        (datetime(2029, 10, 1, 15, tzinfo=UTC), AppointmentStatus.CANCELLED),
    )
    patient = global_id("Patient", practice.patient.id)
    early = await ask(http, practice.staff, patient, " d1110 ", "2030-02-27")
    assert early["data"] == {
        "procedureFrequency": {
            "procedureCode": "D1110",
            "intervalMonths": 6,
            "lastDoneOn": "2029-08-31",
            "allowedAgainOn": "2030-02-28",
            "allowed": False,
            "daysSince": 180,
        }
    }
    later = await ask(http, practice.staff, patient, "D1110", "2030-02-28")
    assert (later["data"]["procedureFrequency"]["allowed"], later["data"]["procedureFrequency"][
        "daysSince"]) == (True, 181)  # fmt: skip
    # a code without a recall has no limit; one never done has no dates
    unlimited = await ask(http, practice.staff, patient, "D0150", "2030-02-27")
    assert unlimited["data"]["procedureFrequency"] == {
        "procedureCode": "D0150",
        "intervalMonths": None,
        "lastDoneOn": None,
        "allowedAgainOn": None,
        "allowed": True,
        "daysSince": None,
    }
    # the patient may ask about themselves
    own = await ask(http, practice.patient_viewer(), patient, "D1110", "2030-02-27")
    assert own["data"]["procedureFrequency"]["lastDoneOn"] == "2029-08-31"


async def test_other_patients_organizations_and_bad_codes(engine, http):
    practice = await make_practice(engine)
    await make_trigger(engine, practice, await make_type(engine, practice), "D1110")
    await cleaned_on(
        engine, practice, (datetime(2029, 8, 31, 15, tzinfo=UTC), AppointmentStatus.COMPLETE)
    )
    patient = global_id("Patient", practice.patient.id)
    sibling = await make_patient(engine, practice.org)
    other = await make_practice(engine)
    # another patient, another organization's staff: nothing to see
    for viewer in (practice.patient_viewer(sibling), other.staff):
        answer = await ask(http, viewer, patient, "D1110", "2030-02-27")
        assert (answer["data"], "errors" in answer) == ({"procedureFrequency": None}, False)
    blank = await ask(http, practice.staff, patient, "  ", "2030-02-27")
    assert blank["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert blank["errors"][0]["message"] == "The procedure code must be 1 to 20 characters"
    wrong_kind = await ask(http, practice.staff, global_id("Provider", practice.provider.id),
                           "D1110", "2030-02-27")  # fmt: skip
    assert wrong_kind["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
