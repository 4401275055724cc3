"""The managed lists (confirmation statuses, patient flow statuses, cancellation and no-show
reasons): exact data, archive, refusals that change nothing, tenancy, versions, duplicate
names also under concurrency, and archived entries refused where they are used."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from strawberry.relay import GlobalID

from tests.support.catalog_documents import (
    ARCHIVE_FLOW,
    ARCHIVE_REASON,
    ARCHIVE_STATUS,
    CREATE_FLOW,
    CREATE_REASON,
    CREATE_STATUS,
    UPDATE_FLOW,
    UPDATE_REASON,
    UPDATE_STATUS,
    catalog_state,
)
from tests.support.factories import global_id, make_appointment, make_practice
from tests.support.setup_documents import audit_trail
from tests.support.tokens import bearer

STATUS = {"name": "Texted twice", "abbreviation": "TX2", "color": "#03A9F4", "sortOrder": 3}
LISTS = """
query ($all: Boolean!) {
  confirmationStatuses(includeInactive: $all) { name active }
  patientFlowStatuses(includeInactive: $all) { name active }
  cancellations: appointmentReasons(kind: CANCELLATION, includeInactive: $all) { name active }
  noShows: appointmentReasons(kind: NO_SHOW, includeInactive: $all) { name active }
}
"""
SET_STATUS = """
mutation ($input: SetConfirmationStatusInput!) {
  setConfirmationStatus(input: $input) { appointment { version } userErrors { field code message } }
}
"""


async def test_confirmation_status_create_update_archive(engine, execute):
    practice = await make_practice(engine)
    created = await execute(CREATE_STATUS, {"input": STATUS}, viewer=practice.staff)
    body = created.data["createConfirmationStatus"]
    assert body["userErrors"] == []
    ident = body["confirmationStatus"].pop("id")
    assert body["confirmationStatus"] == {
        "name": "Texted twice",
        "abbreviation": "TX2",
        "color": "#03a9f4",
        "isConfirmed": False,
        "sortOrder": 3,
        "active": True,
        "version": 1,
    }
    updated = await execute(
        UPDATE_STATUS,
        {"input": {"confirmationStatusId": ident, "baseVersion": 1, "isConfirmed": True}},
        viewer=practice.staff,
    )
    changed = updated.data["updateConfirmationStatus"]["confirmationStatus"]
    assert (changed["isConfirmed"], changed["version"]) == (True, 2)
    archived = await execute(
        ARCHIVE_STATUS,
        {"input": {"confirmationStatusId": ident, "baseVersion": 2}},
        viewer=practice.staff,
    )
    gone = archived.data["archiveConfirmationStatus"]["confirmationStatus"]
    assert (gone["active"], gone["version"]) == (False, 3)
    trail = await audit_trail(engine, GlobalID.from_id(ident).node_id)
    assert [(action, changes) for action, _, changes in trail] == [
        (
            "CREATED",
            {
                "name": "Texted twice",
                "abbreviation": "TX2",
                "color": "#03a9f4",
                "is_confirmed": False,
                "sort_order": 3,
            },
        ),
        ("UPDATED", {"is_confirmed": True}),
        ("UPDATED", {"active": False}),
    ]
    # archived: out of the pick list unless asked for, still on the visits that have it
    lists = await execute(LISTS, {"all": False}, viewer=practice.staff)
    assert lists.data["confirmationStatuses"] == [{"name": "Confirmed", "active": True}]
    everything = await execute(LISTS, {"all": True}, viewer=practice.staff)
    assert everything.data["confirmationStatuses"] == [
        {"name": "Confirmed", "active": True},
        {"name": "Texted twice", "active": False},
    ]


async def test_an_archived_confirmation_status_cannot_be_set(engine, execute):
    practice = await make_practice(engine)
    status = practice.confirmation_status
    visit = await make_appointment(engine, practice, start_at=_instant(9), end_at=_instant(10))
    archived = await execute(
        ARCHIVE_STATUS,
        {"input": {"confirmationStatusId": global_id("ConfirmationStatus", status.id),
                   "baseVersion": 1}},
        viewer=practice.staff,
    )  # fmt: skip
    assert archived.data["archiveConfirmationStatus"]["userErrors"] == []
    before = await catalog_state(engine)
    refused = await execute(
        SET_STATUS,
        {
            "input": {
                "appointmentId": global_id("Appointment", visit.id),
                "baseVersion": 1,
                "confirmationStatusId": global_id("ConfirmationStatus", status.id),
            }
        },
        viewer=practice.staff,
    )
    assert refused.data["setConfirmationStatus"] == {
        "appointment": None,
        "userErrors": [
            {
                "field": ["input", "confirmationStatusId"],
                "code": "VALIDATION",
                "message": "The confirmation status 'Confirmed' is archived",
            }
        ],
    }
    assert await catalog_state(engine) == before
    # the visit still shows it
    shown = await execute(
        "query ($id: ID!) { node(id: $id) { ... on Appointment { confirmationStatus "
        "{ name active } } } }",
        {"id": global_id("Appointment", visit.id)},
        viewer=practice.staff,
    )
    assert shown.data["node"]["confirmationStatus"] == {"name": "Confirmed", "active": False}


async def test_list_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    status_id = global_id("ConfirmationStatus", practice.confirmation_status.id)
    foreign_id = global_id("ConfirmationStatus", other.confirmation_status.id)
    before = await catalog_state(engine)
    cases = [
        (CREATE_STATUS, {**STATUS, "name": "Confirmed"}, "name", "DUPLICATE",
         "A confirmation status named 'Confirmed' exists"),
        (CREATE_STATUS, {**STATUS, "color": "teal"}, "color", "VALIDATION",
         "color must be #rrggbb"),
        (CREATE_STATUS, {**STATUS, "name": "   "}, "name", "VALIDATION",
         "name must be 1 to 100 characters"),
        (UPDATE_STATUS, {"confirmationStatusId": status_id, "baseVersion": 4, "name": "X"},
         "baseVersion", "VERSION_CONFLICT",
         "This was changed meanwhile: it is at version 1, not 4; read it again and resend "
         "the change"),
        (UPDATE_STATUS, {"confirmationStatusId": foreign_id, "baseVersion": 1, "name": "X"},
         "confirmationStatusId", "NOT_FOUND", "No confirmation status with this ID"),
        (ARCHIVE_STATUS, {"confirmationStatusId": foreign_id, "baseVersion": 1},
         "confirmationStatusId", "NOT_FOUND", "No confirmation status with this ID"),
        (UPDATE_FLOW, {"flowStatusId": foreign_id, "baseVersion": 1},
         "flowStatusId", "VALIDATION",
         "Expected an ID of a PatientFlowStatus, got one of a ConfirmationStatus"),
        (CREATE_REASON, {"kind": "NO_SHOW", "name": "x" * 101}, "name", "VALIDATION",
         "name must be 1 to 100 characters"),
    ]  # fmt: skip
    for document, variables, field, code, message in cases:
        result = await execute(document, {"input": variables}, viewer=practice.staff)
        (payload,) = result.data.values()
        assert payload["userErrors"] == [
            {"field": ["input", field], "code": code, "message": message}
        ], variables
        assert next(value for value in payload.values() if not isinstance(value, list)) is None
    patient = await execute(CREATE_STATUS, {"input": STATUS}, viewer=practice.patient_viewer())
    assert patient.data["createConfirmationStatus"]["userErrors"] == [
        {"field": None, "code": "FORBIDDEN", "message": "Only staff may change the practice setup"}
    ]
    assert await catalog_state(engine) == before


async def test_renaming_onto_a_taken_name_and_archiving_twice_are_refused(engine, execute):
    practice = await make_practice(engine)
    first = await _reason(execute, practice, "CANCELLATION", "Feeling unwell")
    second = await _reason(execute, practice, "CANCELLATION", "Weather")
    # the same name in the other list is another reason
    await _reason(execute, practice, "NO_SHOW", "Weather")
    await execute(ARCHIVE_REASON, {"input": {"reasonId": first, "baseVersion": 1}},
                  viewer=practice.staff)  # fmt: skip
    before = await catalog_state(engine)
    renamed = await execute(
        UPDATE_REASON,
        {"input": {"reasonId": second, "baseVersion": 1, "name": "Feeling unwell"}},
        viewer=practice.staff,
    )
    assert renamed.data["updateAppointmentReason"]["userErrors"] == [
        {"field": ["input", "name"], "code": "DUPLICATE",
         "message": "A reason named 'Feeling unwell' exists"}
    ]  # fmt: skip
    again = await execute(
        ARCHIVE_REASON, {"input": {"reasonId": first, "baseVersion": 2}}, viewer=practice.staff
    )
    assert again.data["archiveAppointmentReason"]["userErrors"] == [
        {"field": ["input", "reasonId"], "code": "VALIDATION",
         "message": "This reason is archived already"}
    ]  # fmt: skip
    assert await catalog_state(engine) == before
    # reactivating brings it back to the pick list
    restored = await execute(
        UPDATE_REASON,
        {"input": {"reasonId": first, "baseVersion": 2, "active": True}},
        viewer=practice.staff,
    )
    assert restored.data["updateAppointmentReason"]["reason"]["active"] is True
    lists = await execute(LISTS, {"all": False}, viewer=practice.staff)
    assert lists.data["cancellations"] == [
        {"name": "Feeling unwell", "active": True},
        {"name": "Weather", "active": True},
    ]
    assert lists.data["noShows"] == [{"name": "Weather", "active": True}]


async def test_concurrent_entries_of_one_name_make_one(engine, execute):
    practice = await make_practice(engine)
    documents = [
        (CREATE_STATUS, STATUS),
        (CREATE_FLOW, {"name": "Seated", "abbreviation": "ST", "color": "#9c27b0"}),
        (CREATE_REASON, {"kind": "NO_SHOW", "name": "Forgot"}),
    ]
    for document, variables in documents:
        results = await asyncio.gather(
            *(execute(document, {"input": variables}, viewer=practice.staff) for _ in range(4))
        )
        payloads = [next(iter(result.data.values())) for result in results]
        codes = sorted(p["userErrors"][0]["code"] if p["userErrors"] else "OK" for p in payloads)
        assert codes == ["DUPLICATE", "DUPLICATE", "DUPLICATE", "OK"], document
    lists = await execute(LISTS, {"all": True}, viewer=practice.staff)
    assert [s["name"] for s in lists.data["confirmationStatuses"]] == ["Confirmed", "Texted twice"]
    assert [s["name"] for s in lists.data["patientFlowStatuses"]] == ["Seated"]
    assert [s["name"] for s in lists.data["noShows"]] == ["Forgot"]


async def test_flow_status_lifecycle_over_http(engine, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    flow = {"name": "Checked in", "abbreviation": "IN", "color": "#2196f3", "sortOrder": 1}
    created = await http.post(
        "/graphql",
        json={"query": CREATE_FLOW, "variables": {"input": flow}},
        headers=headers,
    )
    status = created.json()["data"]["createPatientFlowStatus"]["flowStatus"]
    assert (status["name"], status["isTerminal"], status["version"]) == ("Checked in", False, 1)
    renamed = await http.post(
        "/graphql",
        json={
            "query": UPDATE_FLOW,
            "variables": {
                "input": {"flowStatusId": status["id"], "baseVersion": 1, "isTerminal": True}
            },
        },
        headers=headers,
    )
    assert renamed.json()["data"]["updatePatientFlowStatus"]["flowStatus"]["isTerminal"] is True
    archived = await http.post(
        "/graphql",
        json={
            "query": ARCHIVE_FLOW,
            "variables": {"input": {"flowStatusId": status["id"], "baseVersion": 2}},
        },
        headers=headers,
    )
    body = archived.json()["data"]["archivePatientFlowStatus"]
    assert (body["flowStatus"]["active"], body["userErrors"]) == (False, [])


async def _reason(execute, practice, kind: str, name: str) -> str:
    result = await execute(
        CREATE_REASON, {"input": {"kind": kind, "name": name}}, viewer=practice.staff
    )
    assert result.data["createAppointmentReason"]["userErrors"] == []
    return result.data["createAppointmentReason"]["reason"]["id"]


def _instant(hour: int) -> datetime:
    day = (datetime.now(UTC) + timedelta(days=7)).date()
    return datetime(day.year, day.month, day.day, hour + 6, tzinfo=UTC)
