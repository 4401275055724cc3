"""setupChanges: the setup audit trail through the graph, in the history entries' typed form
(action enum, changes as GraphQL fields with global IDs), filtered by kind, row and time,
paged oldest first; patients' entries name the fields only; a deleted appointment's entry
holds its last values and its history."""

from __future__ import annotations

from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import CANCEL, booked
from tests.support.settings_documents import UPDATE_PREFERENCES
from tests.support.setup_documents import CREATE_PROVIDER, REGISTER_PATIENT, UPDATE_PROVIDER

CHANGES = """
query ($filter: SetupChangeFilter, $first: Int!, $after: String) {
  setupChanges(filter: $filter, first: $first, after: $after) {
    edges { cursor node { entityType entityId action actor occurredAt
                          changes { field before after } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
DELETE = """mutation ($input: DeleteAppointmentInput!) { deleteAppointment(input: $input) {
  deletedAppointmentId userErrors { field code message } } }"""


async def changes(execute, practice, first: int = 10, after=None, **filter_) -> dict:
    result = await execute(
        CHANGES, {"filter": filter_ or None, "first": first, "after": after}, viewer=practice.staff
    )
    assert result.errors is None, result.errors
    return result.data["setupChanges"]


def entries(page: dict) -> list[dict]:
    return [{k: v for k, v in edge["node"].items() if k != "occurredAt"} for edge in page["edges"]]


async def a_provider_changed(execute, practice) -> str:
    created = await execute(
        CREATE_PROVIDER,
        {
            "input": {
                "firstName": "Ana",
                "lastName": "Ruiz",
                "abbreviation": "AR",
                "color": "#aa3300",
                "kind": "HYGIENIST",
            }
        },
        viewer=practice.staff,
    )
    ident: str = created.data["createProvider"]["provider"]["id"]
    updated = await execute(
        UPDATE_PROVIDER,
        {
            "input": {
                "providerId": ident,
                "baseVersion": 1,
                "kind": "DENTIST",
                "locationIds": [global_id("Location", practice.location.id)],
            }
        },
        viewer=practice.staff,
    )
    assert updated.data["updateProvider"]["userErrors"] == []
    return ident


async def test_a_providers_changes_read_as_its_fields_with_global_ids(engine, execute):
    practice = await make_practice(engine)
    provider = await a_provider_changed(execute, practice)
    page = await changes(execute, practice, entityId=provider)
    assert entries(page) == [
        {
            "entityType": "PROVIDER",
            "entityId": provider,
            "action": "CREATED",
            "actor": "staff-test",
            "changes": [
                {"field": "abbreviation", "before": None, "after": "AR"},
                {"field": "active", "before": None, "after": True},
                {"field": "color", "before": None, "after": "#aa3300"},
                {"field": "firstName", "before": None, "after": "Ana"},
                {"field": "kind", "before": None, "after": "HYGIENIST"},
                {"field": "lastName", "before": None, "after": "Ruiz"},
            ],
        },
        {
            "entityType": "PROVIDER",
            "entityId": provider,
            "action": "UPDATED",
            "actor": "staff-test",
            "changes": [
                {
                    "field": "locations",
                    "before": None,
                    "after": [global_id("Location", practice.location.id)],
                },
                {"field": "kind", "before": None, "after": "DENTIST"},
            ],
        },
    ]
    assert page["pageInfo"]["hasNextPage"] is False
    # the same two by kind; none of another kind
    assert entries(await changes(execute, practice, entityType="PROVIDER")) == entries(page)
    assert (await changes(execute, practice, entityType="OPERATORY"))["edges"] == []


async def test_pages_and_time_bounds(engine, execute):
    practice = await make_practice(engine)
    provider = await a_provider_changed(execute, practice)
    first = await changes(execute, practice, first=1, entityId=provider)
    assert [edge["node"]["action"] for edge in first["edges"]] == ["CREATED"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = await changes(
        execute, practice, first=1, after=first["pageInfo"]["endCursor"], entityId=provider
    )
    assert [edge["node"]["action"] for edge in rest["edges"]] == ["UPDATED"]
    assert rest["pageInfo"] == {"hasNextPage": False, "endCursor": rest["edges"][0]["cursor"]}
    created_at = first["edges"][0]["node"]["occurredAt"]
    updated_at = rest["edges"][0]["node"]["occurredAt"]
    assert created_at < updated_at
    # from is inclusive, to exclusive
    since = await changes(execute, practice, entityId=provider, **{"from": updated_at})
    assert [edge["node"]["action"] for edge in since["edges"]] == ["UPDATED"]
    until = await changes(execute, practice, entityId=provider, to=updated_at)
    assert [edge["node"]["action"] for edge in until["edges"]] == ["CREATED"]
    bad = await execute(
        CHANGES,
        {"filter": {"from": updated_at, "to": created_at}, "first": 5},
        viewer=practice.staff,
    )
    assert [(e.message, e.extensions) for e in bad.errors] == [
        (
            "filter.to must be after filter.from",
            {"code": "BAD_USER_INPUT", "field": "filter.to"},
        )
    ]
    wrong_kind = await execute(
        CHANGES,
        {"filter": {"entityType": "OPERATORY", "entityId": provider}, "first": 5},
        viewer=practice.staff,
    )
    assert wrong_kind.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": "filter.entityId"}


async def test_a_patients_entries_name_the_fields_only(engine, execute):
    practice = await make_practice(engine)
    registered = await execute(
        REGISTER_PATIENT,
        {
            "input": {
                "firstName": "Mia",
                "lastName": "Okafor",
                "chartNumber": "C-1001",
                "phone": "+1 555 0100",
            }
        },
        viewer=practice.staff,
    )
    patient = registered.data["registerPatient"]["patient"]["id"]
    page = await changes(execute, practice, entityId=patient)
    assert entries(page) == [
        {
            "entityType": "PATIENT",
            "entityId": patient,
            "action": "CREATED",
            "actor": "staff-test",
            "changes": [
                {"field": name, "before": None, "after": None}
                for name in ("chartNumber", "firstName", "lastName", "phone")
            ],
        }
    ]


async def test_a_deleted_appointment_keeps_its_last_values_and_history(engine, execute):
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    cancelled = await execute(
        CANCEL,
        {
            "input": {
                "appointmentId": appointment["id"],
                "baseVersion": 1,
                "cancelledBy": "PRACTICE",
            }
        },
        viewer=practice.staff,
    )
    assert cancelled.errors is None, cancelled.errors
    assert cancelled.data["cancelAppointment"]["userErrors"] == []
    deleted = await execute(
        DELETE,
        {"input": {"appointmentId": appointment["id"], "baseVersion": 2}},
        viewer=practice.staff,
    )
    assert deleted.data["deleteAppointment"]["userErrors"] == []
    [entry] = entries(await changes(execute, practice, entityType="APPOINTMENT"))
    assert (entry["entityType"], entry["entityId"], entry["action"], entry["actor"]) == (
        "APPOINTMENT", appointment["id"], "DELETED", "staff-test")  # fmt: skip
    last = {change["field"]: change for change in entry["changes"]}
    assert {field: last[field]["before"] for field in ("status", "startAt", "operatory")} == {
        "status": "CANCELLED",
        "startAt": "2030-01-07T15:00:00+00:00",
        "operatory": global_id("Operatory", practice.operatory.id),
    }
    assert {change["after"] for change in entry["changes"]} == {None}
    history = last["history"]["before"]
    assert [(h["action"], h["actor"]) for h in history] == [
        ("BOOKED", "staff-test"),
        ("CANCELLED", "staff-test"),
    ]
    assert {"field": "status", "before": "SCHEDULED", "after": "CANCELLED"} in history[1]["changes"]
    assert "id" not in last
    assert "blocksSlot" not in last


async def test_preferences_days_read_as_the_fields_day_names(engine, execute):
    # given preferences saved with two days (stored as ISO numbers)
    practice = await make_practice(engine)
    patient = global_id("Patient", practice.patient.id)
    values = {"patientId": patient, "daysOfWeek": ["SUNDAY", "MONDAY"], "notes": "Mornings"}
    saved = await execute(UPDATE_PREFERENCES, {"input": values}, viewer=practice.staff)
    assert saved.errors is None, saved.errors
    # then the trail shows them as daysOfWeek does: DayOfWeek names, Monday first
    page = await changes(execute, practice, entityType="SCHEDULING_PREFERENCES")
    assert [(e["entityId"], e["action"]) for e in entries(page)] == [(patient, "CREATED")]
    days = [c for c in entries(page)[0]["changes"] if c["field"] == "daysOfWeek"]
    assert days == [{"field": "daysOfWeek", "before": None, "after": ["MONDAY", "SUNDAY"]}]
