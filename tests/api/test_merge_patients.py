"""mergePatients: a duplicate's appointments, waitlist entries and recalls move to the patient
kept in one transaction (audited), or nothing changes and a typed userError says why; a merged
duplicate is no longer found or booked; opposite merges of one pair at once merge once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text
from strawberry.relay import GlobalID

from db.models import Appointment, Patient, PatientRecall, SetupChange, WaitlistEntry
from tests.support.factories import global_id, make_appointment, make_patient, make_practice
from tests.support.lifecycle_documents import BOOK, booking_input
from tests.support.recall_rows import make_recall, make_type, today
from tests.support.tokens import bearer
from tests.support.waitlist_documents import add

MERGE = """
mutation ($input: MergePatientsInput!) {
  mergePatients(input: $input) {
    patient { id chartNumber mergedInto { id } }
    mergedPatient { id version mergedInto { id } }
    movedAppointmentCount movedWaitlistEntryCount movedRecallCount
    userErrors { field code message }
  }
}
"""
TABLES = (Patient, Appointment, WaitlistEntry, PatientRecall, SetupChange)


async def state(engine):
    async with engine.connect() as connection:
        result = []
        for model in TABLES:
            table = model.__table__
            rows = await connection.execute(select(table).order_by(*table.primary_key))
            result.append(tuple(rows.all()))
        history = await connection.scalar(text("SELECT count(*) FROM appointment_history"))
    return (*result, history)


def at(days: int, hour: int) -> datetime:
    day = (datetime.now(UTC) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def merge_input(keep, duplicate, *, keep_version=1, duplicate_version=1, **extra) -> dict:
    return {
        "input": {
            "keepPatientId": global_id("Patient", keep.id),
            "keepBaseVersion": keep_version,
            "duplicatePatientId": global_id("Patient", duplicate.id),
            "duplicateBaseVersion": duplicate_version,
            **extra,
        }
    }


async def duplicate_with_records(engine, execute, practice):
    """A second record of the practice's patient with two visits, a waitlist entry and a
    recall."""
    duplicate = await make_patient(engine, practice.org, first_name="Anne")
    visits = [
        await make_appointment(
            engine, practice, start_at=at(days, 15), end_at=at(days, 16), patient=duplicate
        )
        for days in (3, 4)
    ]
    entry = await add(execute, practice, patientId=global_id("Patient", duplicate.id))
    recall = await make_recall(
        engine, practice, await make_type(engine, practice), today(), patient=duplicate
    )
    return duplicate, visits, entry, recall


async def test_a_merge_moves_everything_to_the_patient_kept(engine, execute, http):
    practice = await make_practice(engine)
    keep = practice.patient
    await make_appointment(engine, practice, start_at=at(3, 17), end_at=at(3, 18))
    duplicate, visits, entry, recall = await duplicate_with_records(engine, execute, practice)
    response = await http.post(
        "/graphql",
        json={"query": MERGE, "variables": merge_input(keep, duplicate, idempotencyKey="m-1")},
        headers=bearer(practice.staff),
    )
    merged = response.json()["data"]["mergePatients"]
    keep_id = global_id("Patient", keep.id)
    assert merged == {
        "patient": {"id": keep_id, "chartNumber": keep.chart_number, "mergedInto": None},
        "mergedPatient": {
            "id": global_id("Patient", duplicate.id),
            "version": 2,
            "mergedInto": {"id": keep_id},
        },
        "movedAppointmentCount": 2,
        "movedWaitlistEntryCount": 1,
        "movedRecallCount": 1,
        "userErrors": [],
    }
    async with engine.connect() as connection:
        owners = await connection.execute(
            text(
                "SELECT patient_id, version FROM appointments WHERE id = ANY(:a) "
                "UNION ALL SELECT patient_id, version FROM waitlist_entries WHERE id = :w "
                "UNION ALL SELECT patient_id, version FROM patient_recalls WHERE id = :r"
            ),
            {"a": [v.id for v in visits], "w": _uuid(entry["id"]), "r": recall.id},
        )
        assert sorted(owners.all()) == [(keep.id, 2)] * 4
        audit = await connection.execute(
            text("SELECT subject_id, action, changes FROM setup_changes ORDER BY action")
        )
        assert audit.all() == [
            (keep.id, "MERGED", {"merged_patient_id": str(duplicate.id), "appointments": 2,
                                 "waitlist_entries": 1, "patient_recalls": 1}),
            (duplicate.id, "UPDATED", {"fields": ["merged_into_id"]}),
        ]  # fmt: skip
    history = await execute(
        "query ($id: ID!) { node(id: $id) { ... on Appointment { patient { id } history "
        "{ edges { node { action changes { field before after } } } } } } }",
        {"id": global_id("Appointment", visits[0].id)},
        viewer=practice.staff,
    )
    node = history.data["node"]
    assert node["patient"] == {"id": keep_id}
    assert node["history"]["edges"][-1]["node"] == {
        "action": "UPDATED",
        "changes": [
            {"field": "patient", "before": global_id("Patient", duplicate.id), "after": keep_id}
        ],
    }
    # the duplicate is no longer found, booked, or merged again; a retry answers the same
    found = await execute(
        'query { patients(search: "Anne") { totalCount } }', viewer=practice.staff
    )
    assert found.data["patients"]["totalCount"] == 0
    booking = await execute(
        BOOK,
        {"input": booking_input(practice, patientId=global_id("Patient", duplicate.id))},
        viewer=practice.staff,
    )
    assert booking.data["bookAppointment"]["userErrors"][0]["message"] == (
        "This patient was merged into another; use the patient kept"
    )
    before = await state(engine)
    retry = await execute(
        MERGE, merge_input(keep, duplicate, idempotencyKey="m-1"), viewer=practice.staff
    )
    assert retry.data["mergePatients"]["movedAppointmentCount"] == 2
    again = await execute(MERGE, merge_input(keep, duplicate, duplicate_version=2),
                          viewer=practice.staff)  # fmt: skip
    assert again.data["mergePatients"]["userErrors"] == [
        {"field": ["input", "duplicatePatientId"], "code": "ALREADY_MERGED",
         "message": "This patient was merged into another already"}
    ]  # fmt: skip
    assert await state(engine) == before


async def test_merge_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    keep = practice.patient
    duplicate, _, _, _ = await duplicate_with_records(engine, execute, practice)
    third = await make_patient(engine, practice.org, first_name="Ann-Marie")
    # the third record overlaps the duplicate's first visit and shares its recall type
    await make_appointment(
        engine, practice, start_at=at(3, 15), end_at=at(3, 17), patient=third, allow_overlap=True
    )
    before = await state(engine)
    overlap_start = at(3, 15).isoformat()
    cases = [
        (merge_input(keep, keep), "duplicatePatientId", "VALIDATION",
         "A patient cannot be merged into themselves"),
        (merge_input(keep, other.patient), "duplicatePatientId", "NOT_FOUND",
         "No patient with this ID"),
        (merge_input(keep, duplicate, duplicate_version=3), "duplicateBaseVersion",
         "VERSION_CONFLICT",
         "This was changed meanwhile: it is at version 1, not 3; read it again and resend "
         "the change"),
        (merge_input(third, duplicate), "duplicatePatientId", "MERGE_CONFLICT",
         f"Both patients have a visit at {overlap_start}: cancel or move one first"),
    ]  # fmt: skip
    for variables, field, code, message in cases:
        result = await execute(MERGE, variables, viewer=practice.staff)
        assert result.data["mergePatients"]["userErrors"] == [
            {"field": ["input", field], "code": code, "message": message}
        ], variables
        assert result.data["mergePatients"]["patient"] is None
    patient = await execute(MERGE, merge_input(keep, duplicate), viewer=practice.patient_viewer())
    assert patient.data["mergePatients"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert await state(engine) == before


async def test_shared_recall_types_and_waitlist_entries_are_explained(engine, execute):
    practice = await make_practice(engine)
    keep = practice.patient
    duplicate = await make_patient(engine, practice.org, first_name="Anne")
    hygiene = await make_type(engine, practice)
    for patient in (keep, duplicate):
        await make_recall(engine, practice, hygiene, today(), patient=patient)
    before = await state(engine)
    result = await execute(MERGE, merge_input(keep, duplicate), viewer=practice.staff)
    assert result.data["mergePatients"]["userErrors"] == [
        {"field": ["input", "duplicatePatientId"], "code": "MERGE_CONFLICT",
         "message": "Both patients have a 'Hygiene' recall: remove one first"}
    ]  # fmt: skip
    assert await state(engine) == before
    other = await make_patient(engine, practice.org, first_name="Annie")
    for patient in (keep, other):
        await add(execute, practice, patientId=global_id("Patient", patient.id))
    before = await state(engine)
    result = await execute(MERGE, merge_input(keep, other), viewer=practice.staff)
    assert result.data["mergePatients"]["userErrors"][0]["message"] == (
        "Both patients wait on the waitlist for the same location and type: remove one entry first"
    )
    assert await state(engine) == before


async def test_opposite_merges_at_once_merge_once(engine, execute):
    practice = await make_practice(engine)
    first, second = practice.patient, await make_patient(engine, practice.org)
    results = await asyncio.gather(
        execute(MERGE, merge_input(first, second), viewer=practice.staff),
        execute(MERGE, merge_input(second, first), viewer=practice.staff),
    )
    codes = sorted(
        (r.data["mergePatients"]["userErrors"] or [{"code": "OK"}])[0]["code"] for r in results
    )
    assert codes == ["ALREADY_MERGED", "OK"]
    async with engine.connect() as connection:
        merged = await connection.scalar(
            text("SELECT count(*) FROM patients WHERE merged_into_id IS NOT NULL")
        )
    assert merged == 1


def _uuid(global_ident: str) -> str:
    return GlobalID.from_id(global_ident).node_id
