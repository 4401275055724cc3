"""patientRecalls: the organization's recalls by type, status as of the request's date and
patient, earliest due first, paged at constant statements; refusals answer nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from resolvers.clock import FixedClock
from scheduling.appointment_status import AppointmentStatus
from tests.support.factories import (
    global_id,
    make_appointment,
    make_patient,
    make_practice,
)
from tests.support.graphql_errors import codes
from tests.support.production_documents import integration
from tests.support.recall_rows import make_recall, make_type

LIST = """
query ($filter: PatientRecallFilter, $first: Int, $after: String) {
  patientRecalls(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { node { id dueDate status disabled patient { firstName } recallType { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CLOCK = FixedClock(datetime(2030, 1, 10, 12, tzinfo=UTC))


async def recalls(engine):
    practice = await make_practice(engine)  # Ann
    bob = await make_patient(engine, practice.org, first_name="Bob")
    cara = await make_patient(engine, practice.org, first_name="Cara")
    dan = await make_patient(engine, practice.org, first_name="Dan")
    hygiene = await make_type(engine, practice, "Hygiene")
    perio = await make_type(engine, practice, "Perio", 3)
    start = datetime(2030, 1, 21, 15, tzinfo=UTC)
    booked = await make_appointment(
        engine, practice, start_at=start, end_at=start + timedelta(minutes=30), patient=dan,
        status=AppointmentStatus.SCHEDULED,
    )  # fmt: skip
    made = {
        "ann-h": await make_recall(engine, practice, hygiene, date(2030, 1, 5)),
        "bob-h": await make_recall(engine, practice, hygiene, date(2030, 1, 20), patient=bob),
        "cara-h": await make_recall(
            engine, practice, hygiene, date(2029, 12, 1), patient=cara, status="completed"
        ),
        "dan-h": await make_recall(
            engine,
            practice,
            hygiene,
            date(2030, 1, 8),
            patient=dan,
            status="scheduled",
            appointment=booked,
        ),
        "ann-p": await make_recall(engine, practice, perio, date(2030, 1, 15)),
        "bob-p": await make_recall(
            engine, practice, perio, date(2030, 2, 1), patient=bob, disabled=True
        ),
    }
    other = await make_practice(engine)
    await make_recall(engine, other, await make_type(engine, other), date(2030, 1, 1))
    ids = {label: global_id("PatientRecall", row.id) for label, row in made.items()}
    return practice, hygiene, perio, ids


def listed(result) -> list[tuple[str, str, str]]:
    return [
        (edge["node"]["id"], edge["node"]["status"], edge["node"]["recallType"]["name"])
        for edge in result.data["patientRecalls"]["edges"]
    ]


async def test_the_organizations_recalls_by_type_status_and_patient(engine, execute):
    practice, hygiene, _, ids = await recalls(engine)
    everything = await execute(LIST, {"first": 10}, viewer=practice.staff, clock=CLOCK)
    assert listed(everything) == [
        (ids["cara-h"], "COMPLETED", "Hygiene"),
        (ids["ann-h"], "OVERDUE", "Hygiene"),
        (ids["dan-h"], "SCHEDULED", "Hygiene"),
        (ids["ann-p"], "DUE", "Perio"),
        (ids["bob-h"], "DUE", "Hygiene"),
        (ids["bob-p"], "DUE", "Perio"),
    ]
    assert everything.data["patientRecalls"]["totalCount"] == 6
    hygiene_id = global_id("RecallType", hygiene.id)
    for filter, labels in [
        ({"recallTypeIds": [hygiene_id], "statuses": ["DUE", "OVERDUE"]}, ["ann-h", "bob-h"]),
        ({"statuses": ["SCHEDULED"]}, ["dan-h"]),
        ({"statuses": ["COMPLETED", "COMPLETED"]}, ["cara-h"]),
        ({"patientId": global_id("Patient", practice.patient.id)}, ["ann-h", "ann-p"]),
        ({"recallTypeIds": [], "statuses": []}, ["cara-h", "ann-h", "dan-h", "ann-p", "bob-h",
                                                 "bob-p"]),
    ]:  # fmt: skip
        result = await execute(
            LIST, {"filter": filter, "first": 10}, viewer=integration(practice), clock=CLOCK
        )
        assert [row[0] for row in listed(result)] == [ids[label] for label in labels], filter
        assert result.data["patientRecalls"]["totalCount"] == len(labels)


async def test_pages_cost_the_same_statements(engine, execute, count_statements):
    practice, hygiene, _, ids = await recalls(engine)
    filter = {"recallTypeIds": [global_id("RecallType", hygiene.id)]}
    seen, after, costs = [], None, set()
    while True:
        with count_statements() as counter:
            result = await execute(
                LIST, {"filter": filter, "first": 1, "after": after}, viewer=practice.staff,
                clock=CLOCK,
            )  # fmt: skip
        costs.add(counter.count)
        page = result.data["patientRecalls"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [ids[label] for label in ("cara-h", "ann-h", "dan-h", "bob-h")]
    assert costs == {4}  # the types' check, the page, the count, the patients


async def test_recall_list_refusals(engine, execute):
    practice, _, _, _ = await recalls(engine)
    other = await make_practice(engine)
    theirs = await make_type(engine, other, "Theirs")
    cases = [
        ({"recallTypeIds": [global_id("RecallType", theirs.id)]}, "NOT_FOUND"),
        ({"patientId": global_id("Patient", other.patient.id)}, "NOT_FOUND"),
        ({"patientId": global_id("RecallType", theirs.id)}, "BAD_USER_INPUT"),
    ]
    for filter, code in cases:
        result = await execute(LIST, {"filter": filter}, viewer=practice.staff)
        assert result.data is None
        assert codes(result) == [code], filter
    bad_cursor = await execute(LIST, {"after": "eyJsaXN0IjoieCJ9"}, viewer=practice.staff)
    assert codes(bad_cursor) == ["BAD_USER_INPUT"]
    patient = await execute(LIST, {}, viewer=practice.patient_viewer())
    assert codes(patient) == ["FORBIDDEN"]
