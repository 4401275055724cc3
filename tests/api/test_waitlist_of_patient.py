"""waitlistEntries(filter: {patientId}): one patient's entries, at the same statements as the
whole list; another organization's or an unknown patient is NOT_FOUND."""

from __future__ import annotations

from tests.support.factories import global_id, make_appointment_type, make_patient, make_practice
from tests.support.waitlist_documents import add

LIST = """
query ($filter: WaitlistFilter, $first: Int) {
  waitlistEntries(filter: $filter, first: $first) {
    totalCount edges { node { id patient { lastName } appointmentType { name } } }
  }
}
"""


async def test_one_patients_entries(engine, execute, count_statements):
    practice = await make_practice(engine)
    cleaning = await make_appointment_type(engine, practice.org)
    jones = await make_patient(engine, practice.org, last_name="Jones")
    mine = [
        (await add(execute, practice))["id"],
        (await add(execute, practice, appointmentTypeId=global_id("AppointmentType", cleaning.id)))[
            "id"
        ],
    ]
    theirs = await add(execute, practice, patientId=global_id("Patient", jones.id))
    patient_filter = {"patientId": global_id("Patient", practice.patient.id)}
    with count_statements() as counter:
        result = await execute(LIST, {"filter": patient_filter}, viewer=practice.staff)
    assert result.errors is None
    page = result.data["waitlistEntries"]
    assert page["totalCount"] == 2
    assert sorted(edge["node"]["id"] for edge in page["edges"]) == sorted(mine)
    assert {edge["node"]["patient"]["lastName"] for edge in page["edges"]} == {"Smith"}
    # The patient (read once: the entries' patient field reuses it), the page, the count,
    # the appointment types in one batch.
    assert counter.count == 4, counter.statements
    jones_only = {"filter": {"patientId": global_id("Patient", jones.id)}}
    result = await execute(LIST, jones_only, viewer=practice.staff)
    assert [edge["node"]["id"] for edge in result.data["waitlistEntries"]["edges"]] == [
        theirs["id"]
    ]


async def test_patient_filter_refusals(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    await add(execute, practice)
    for patient, code in [
        (global_id("Patient", other.patient.id), "NOT_FOUND"),
        (global_id("Location", practice.location.id), "BAD_USER_INPUT"),
    ]:
        result = await execute(LIST, {"filter": {"patientId": patient}}, viewer=practice.staff)
        assert result.data is None
        assert [error.extensions["code"] for error in result.errors] == [code]
    mine = {"filter": {"patientId": global_id("Patient", practice.patient.id)}}
    refused = await execute(LIST, mine, viewer=practice.patient_viewer())
    assert [error.extensions["code"] for error in refused.errors] == ["FORBIDDEN"]
