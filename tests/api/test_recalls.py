"""Recalls through the schema: due list, each mutation, tenancy and roles."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import PatientRecall, RecallTrigger, RecallType
from db.tables import table_of
from tests.support.connections import nodes
from tests.support.factories import global_id, make_appointment, make_patient, make_practice
from tests.support.production_documents import integration
from tests.support.recall_rows import make_recall, make_type, today

ERRORS = "userErrors { field code message }"
RECALL = (
    "id dueDate previousDate intervalMonths status daysOverdue disabled note version "
    "patient { id } recallType { id name }"
)
DUE = f"""query ($dueOn: Date!, $locationId: ID, $first: Int, $after: String) {{
  dueRecalls(dueOn: $dueOn, locationId: $locationId, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {RECALL} }} }} }} }}"""
CREATE_TYPE = f"""mutation ($input: CreateRecallTypeInput!) {{
  createRecallType(input: $input) {{ recallType {{ id name defaultIntervalMonths active sortOrder }}
  {ERRORS} }} }}"""
UPDATE_TYPE = f"""mutation ($input: UpdateRecallTypeInput!) {{
  updateRecallType(input: $input) {{ recallType {{ id name defaultIntervalMonths active sortOrder }}
  {ERRORS} }} }}"""
CREATE_TRIGGER = f"""mutation ($input: CreateRecallTriggerInput!) {{
  createRecallTrigger(input: $input) {{ recallTrigger {{ id procedureCode recallType {{ id }} }}
  {ERRORS} }} }}"""
CREATE_RECALL = f"""mutation ($input: CreatePatientRecallInput!) {{
  createPatientRecall(input: $input) {{ patientRecall {{ {RECALL} }} {ERRORS} }} }}"""
UPDATE_RECALL = f"""mutation ($input: UpdatePatientRecallInput!) {{
  updatePatientRecall(input: $input) {{ patientRecall {{ {RECALL} }} {ERRORS} }} }}"""
COMPLETE_RECALL = f"""mutation ($input: CompletePatientRecallInput!) {{
  completePatientRecall(input: $input) {{ patientRecall {{ {RECALL} }} {ERRORS} }} }}"""
LISTS = """{ recallTypes { id name } recallTriggers { id procedureCode } }"""


async def table_rows(engine: AsyncEngine, model: Any) -> list[tuple[Any, ...]]:
    table = table_of(model)
    async with engine.connect() as connection:
        rows = (await connection.execute(select(table).order_by(table.c.id))).all()
    return [tuple(row) for row in rows]


def data(result: Any, field: str) -> Any:
    assert result.errors is None, result.errors
    return result.data[field]


def codes(payload: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


def soon_at() -> datetime:
    """Noon UTC a week from now, whole hours (a live future visit)."""
    return datetime.combine(today() + timedelta(days=7), time(12), tzinfo=UTC)


def rid(row: Row[Any]) -> str:
    return global_id("PatientRecall", row.id)


async def test_due_recalls_most_overdue_first_with_status_at_read_time(engine, execute):
    practice = await make_practice(engine)
    hygiene = await make_type(engine, practice)
    exam = await make_type(engine, practice, "Periodic exam", 12)
    others = [await make_patient(engine, practice.org) for _ in range(4)]
    now = today()
    late = await make_recall(engine, practice, hygiene, now - timedelta(days=30))
    later = await make_recall(engine, practice, exam, now - timedelta(days=90))
    on_day = await make_recall(engine, practice, hygiene, now, patient=others[0])
    soon = await make_recall(engine, practice, hygiene, now + timedelta(days=5), patient=others[1])
    # excluded: disabled, completed, and due after dueOn
    await make_recall(engine, practice, exam, now - timedelta(days=400), patient=others[0],
                      disabled=True)  # fmt: skip
    await make_recall(engine, practice, hygiene, now - timedelta(days=10), patient=others[2],
                      status="completed")  # fmt: skip
    await make_recall(engine, practice, hygiene, now + timedelta(days=6), patient=others[3])
    # excluded: booked by a live appointment
    visit = await make_appointment(engine, practice, patient=others[2], start_at=soon_at(),
                                   end_at=soon_at() + timedelta(hours=1))  # fmt: skip
    await make_recall(engine, practice, exam, now - timedelta(days=20), patient=others[2],
                      status="scheduled", appointment=visit)  # fmt: skip
    # stored as "scheduled" without a live appointment: open again, listed as overdue
    stale = await make_recall(engine, practice, exam, now - timedelta(days=60),
                              patient=others[1], status="scheduled")  # fmt: skip
    due_on = (now + timedelta(days=5)).isoformat()
    page = data(await execute(DUE, {"dueOn": due_on}, viewer=practice.staff), "dueRecalls")
    listed = nodes(page)
    assert [(r["id"], r["status"], r["daysOverdue"]) for r in listed] == [
        (rid(later), "OVERDUE", 90),
        (rid(stale), "OVERDUE", 60),
        (rid(late), "OVERDUE", 30),
        (rid(on_day), "DUE", 0),
        (rid(soon), "DUE", 0),
    ]
    assert listed[0]["recallType"] == {
        "id": global_id("RecallType", exam.id),
        "name": "Periodic exam",
    }
    assert listed[0]["patient"] == {"id": global_id("Patient", practice.patient.id)}
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (5, False)
    # pages of two walk the same order, the last one short
    first_two = data(await execute(DUE, {"dueOn": due_on, "first": 2}, viewer=practice.staff),
                     "dueRecalls")  # fmt: skip
    assert [r["id"] for r in nodes(first_two)] == [rid(later), rid(stale)]
    assert (first_two["totalCount"], first_two["pageInfo"]["hasNextPage"]) == (5, True)
    after = {"dueOn": due_on, "first": 2, "after": first_two["pageInfo"]["endCursor"]}
    rest = data(await execute(DUE, after, viewer=practice.staff), "dueRecalls")
    assert [r["id"] for r in nodes(rest)] == [rid(late), rid(on_day)]
    # a location filter keeps patients seen there: only others[2] has an appointment
    at_site = await execute(
        DUE,
        {"dueOn": due_on, "locationId": global_id("Location", practice.location.id)},
        viewer=practice.staff,
    )
    assert nodes(data(at_site, "dueRecalls")) == []


async def test_due_recalls_are_scoped_and_not_for_patients(engine, execute):
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    await make_recall(engine, stranger, await make_type(engine, stranger), date(2026, 1, 1))
    mine = await make_recall(engine, practice, await make_type(engine, practice), date(2026, 1, 1))
    listed = data(await execute(DUE, {"dueOn": "2026-12-31"}, viewer=practice.staff), "dueRecalls")
    assert [r["id"] for r in nodes(listed)] == [rid(mine)]
    via_integration = await execute(DUE, {"dueOn": "2026-12-31"}, viewer=integration(practice))
    assert [r["id"] for r in nodes(data(via_integration, "dueRecalls"))] == [rid(mine)]
    denied = await execute(DUE, {"dueOn": "2026-12-31"}, viewer=practice.patient_viewer())
    assert denied.data is None or denied.data.get("dueRecalls") is None
    assert [e.extensions["code"] for e in denied.errors] == ["FORBIDDEN"]
    node = await execute(
        "query ($id: ID!) { node(id: $id) { id } }", {"id": rid(mine)}, viewer=stranger.staff
    )
    assert node.data == {"node": None}


async def test_create_and_update_recall_type(engine, execute):
    practice = await make_practice(engine)
    created = data(
        await execute(
            CREATE_TYPE,
            {"input": {"name": " Hygiene ", "defaultIntervalMonths": 6, "sortOrder": 2}},
            viewer=practice.staff,
        ),
        "createRecallType",
    )
    assert created["userErrors"] == []
    [row] = await table_rows(engine, RecallType)
    assert created["recallType"] == {
        "id": global_id("RecallType", row[0]), "name": "Hygiene",
        "defaultIntervalMonths": 6, "active": True, "sortOrder": 2,
    }  # fmt: skip
    again = data(
        await execute(
            CREATE_TYPE, {"input": {"name": "Hygiene", "defaultIntervalMonths": 3}},
            viewer=integration(practice),
        ),
        "createRecallType",
    )  # fmt: skip
    assert (again["recallType"], codes(again)) == (None, [("DUPLICATE", ["input", "name"])])
    updated = data(
        await execute(
            UPDATE_TYPE,
            {"input": {"recallTypeId": created["recallType"]["id"], "defaultIntervalMonths": 4,
                       "active": False}},
            viewer=practice.staff,
        ),
        "updateRecallType",
    )  # fmt: skip
    assert updated["recallType"] == {**created["recallType"], "defaultIntervalMonths": 4,
                                     "active": False}  # fmt: skip
    before = await table_rows(engine, RecallType)
    bad = data(
        await execute(
            UPDATE_TYPE,
            {"input": {"recallTypeId": created["recallType"]["id"], "defaultIntervalMonths": 0}},
            viewer=practice.staff,
        ),
        "updateRecallType",
    )
    assert codes(bad) == [("VALIDATION", ["input", "defaultIntervalMonths"])]
    assert await table_rows(engine, RecallType) == before
    lists = await execute(LISTS, viewer=practice.staff)
    assert lists.data == {"recallTypes": [], "recallTriggers": []}  # inactive types hidden


async def test_create_trigger_and_duplicate_code(engine, execute):
    practice = await make_practice(engine)
    hygiene = await make_type(engine, practice)
    exam = await make_type(engine, practice, "Periodic exam", 12)
    variables = {"recallTypeId": global_id("RecallType", hygiene.id), "procedureCode": "d1110"}
    created = data(
        await execute(CREATE_TRIGGER, {"input": variables}, viewer=practice.staff),
        "createRecallTrigger",
    )
    assert created["userErrors"] == []
    [row] = await table_rows(engine, RecallTrigger)
    assert created["recallTrigger"] == {
        "id": global_id("RecallTrigger", row[0]),
        "procedureCode": "D1110",
        "recallType": {"id": global_id("RecallType", hygiene.id)},
    }
    before = await table_rows(engine, RecallTrigger)
    duplicate = data(
        await execute(
            CREATE_TRIGGER,
            {"input": {"recallTypeId": global_id("RecallType", exam.id), "procedureCode": "D1110"}},
            viewer=practice.staff,
        ),
        "createRecallTrigger",
    )
    assert (duplicate["recallTrigger"], codes(duplicate)) == (
        None, [("DUPLICATE", ["input", "procedureCode"])]
    )  # fmt: skip
    assert await table_rows(engine, RecallTrigger) == before
    lists = await execute(LISTS, viewer=practice.staff)
    assert lists.data == {
        "recallTypes": [{"id": global_id("RecallType", hygiene.id), "name": "Hygiene"},
                        {"id": global_id("RecallType", exam.id), "name": "Periodic exam"}],
        "recallTriggers": [{"id": global_id("RecallTrigger", row[0]), "procedureCode": "D1110"}],
    }  # fmt: skip


async def test_create_patient_recall(engine, execute):
    practice = await make_practice(engine)
    hygiene = await make_type(engine, practice)
    variables = {
        "patientId": global_id("Patient", practice.patient.id),
        "recallTypeId": global_id("RecallType", hygiene.id),
        "dueDate": "2099-03-31",
        "note": "Prefers mornings",
        "idempotencyKey": "recall-1",
    }
    created = data(
        await execute(CREATE_RECALL, {"input": variables}, viewer=practice.staff),
        "createPatientRecall",
    )
    [row] = await table_rows(engine, PatientRecall)
    assert created == {
        "patientRecall": {
            "id": global_id("PatientRecall", row[0]), "dueDate": "2099-03-31",
            "previousDate": None, "intervalMonths": 6, "status": "DUE", "daysOverdue": 0,
            "disabled": False, "note": "Prefers mornings", "version": 1,
            "patient": {"id": global_id("Patient", practice.patient.id)},
            "recallType": {"id": global_id("RecallType", hygiene.id), "name": "Hygiene"},
        },
        "userErrors": [],
    }  # fmt: skip
    retry = await execute(CREATE_RECALL, {"input": variables}, viewer=practice.staff)
    assert data(retry, "createPatientRecall") == created
    duplicate = data(
        await execute(
            CREATE_RECALL, {"input": {**variables, "idempotencyKey": None}}, viewer=practice.staff
        ),
        "createPatientRecall",
    )
    assert codes(duplicate) == [("DUPLICATE", ["input", "recallTypeId"])]
    bad = await execute(
        CREATE_RECALL, {"input": {**variables, "idempotencyKey": None, "intervalMonths": 200}},
        viewer=practice.staff,
    )  # fmt: skip
    assert codes(data(bad, "createPatientRecall")) == [("VALIDATION", ["input", "intervalMonths"])]
    assert len(await table_rows(engine, PatientRecall)) == 1


async def test_other_organizations_ids_are_not_found(engine, execute):
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    mine = await make_type(engine, practice)
    theirs = await make_type(engine, stranger)
    their_recall = await make_recall(engine, stranger, theirs, date(2026, 1, 1))
    cases = [
        (CREATE_RECALL, "createPatientRecall",
         {"patientId": global_id("Patient", stranger.patient.id),
          "recallTypeId": global_id("RecallType", mine.id), "dueDate": "2026-01-01"},
         "patientId"),
        (CREATE_RECALL, "createPatientRecall",
         {"patientId": global_id("Patient", practice.patient.id),
          "recallTypeId": global_id("RecallType", theirs.id), "dueDate": "2026-01-01"},
         "recallTypeId"),
        (CREATE_TRIGGER, "createRecallTrigger",
         {"recallTypeId": global_id("RecallType", theirs.id), "procedureCode": "D0120"},
         "recallTypeId"),
        (UPDATE_TYPE, "updateRecallType",
         {"recallTypeId": global_id("RecallType", theirs.id), "name": "Mine now"},
         "recallTypeId"),
        (UPDATE_RECALL, "updatePatientRecall",
         {"patientRecallId": rid(their_recall), "baseVersion": 1, "disabled": True},
         "patientRecallId"),
        (COMPLETE_RECALL, "completePatientRecall",
         {"patientRecallId": rid(their_recall), "completedOn": "2026-02-01"},
         "patientRecallId"),
    ]  # fmt: skip
    before = [await table_rows(engine, m) for m in (RecallType, RecallTrigger, PatientRecall)]
    for document, field, variables, at_fault in cases:
        payload = data(await execute(document, {"input": variables}, viewer=practice.staff), field)
        assert codes(payload) == [("NOT_FOUND", ["input", at_fault])], field
    after = [await table_rows(engine, m) for m in (RecallType, RecallTrigger, PatientRecall)]
    assert after == before


async def test_update_patient_recall_with_base_version(engine, execute):
    practice = await make_practice(engine)
    recall = await make_recall(
        engine, practice, await make_type(engine, practice), date(2026, 1, 1)
    )
    changes = {"patientRecallId": rid(recall), "baseVersion": 1, "dueDate": "2099-05-31",
               "intervalMonths": 3, "disabled": True, "note": "Moved away"}  # fmt: skip
    updated = data(
        await execute(UPDATE_RECALL, {"input": changes}, viewer=practice.staff),
        "updatePatientRecall",
    )["patientRecall"]
    assert {k: updated[k] for k in ("dueDate", "intervalMonths", "disabled", "note", "version",
                                    "status")} == {
        "dueDate": "2099-05-31", "intervalMonths": 3, "disabled": True, "note": "Moved away",
        "version": 2, "status": "DUE",
    }  # fmt: skip
    before = await table_rows(engine, PatientRecall)
    stale = data(
        await execute(
            UPDATE_RECALL, {"input": {**changes, "disabled": False}}, viewer=practice.staff
        ),
        "updatePatientRecall",
    )
    assert (stale["patientRecall"], codes(stale)) == (
        None, [("VERSION_CONFLICT", ["input", "baseVersion"])]
    )  # fmt: skip
    assert await table_rows(engine, PatientRecall) == before
    cleared = data(
        await execute(
            UPDATE_RECALL,
            {"input": {"patientRecallId": rid(recall), "baseVersion": 2, "note": None}},
            viewer=integration(practice),
        ),
        "updatePatientRecall",
    )["patientRecall"]
    assert (cleared["note"], cleared["disabled"], cleared["version"]) == (None, True, 3)


async def test_complete_patient_recall_rolls_to_next_due_date(engine, execute):
    practice = await make_practice(engine)
    recall = await make_recall(
        engine, practice, await make_type(engine, practice), date(2026, 8, 1), status="scheduled"
    )
    done = data(
        await execute(
            COMPLETE_RECALL,
            {"input": {"patientRecallId": rid(recall), "completedOn": "2099-08-31",
                       "baseVersion": 1}},
            viewer=practice.staff,
        ),
        "completePatientRecall",
    )  # fmt: skip
    assert done["userErrors"] == []
    got = done["patientRecall"]
    assert (got["previousDate"], got["dueDate"], got["status"], got["version"]) == (
        "2099-08-31", "2100-02-28", "DUE", 2
    )  # fmt: skip
    before = await table_rows(engine, PatientRecall)
    stale = data(
        await execute(
            COMPLETE_RECALL,
            {"input": {"patientRecallId": rid(recall), "completedOn": "2099-09-01",
                       "baseVersion": 1}},
            viewer=practice.staff,
        ),
        "completePatientRecall",
    )  # fmt: skip
    assert codes(stale) == [("VERSION_CONFLICT", ["input", "baseVersion"])]
    assert await table_rows(engine, PatientRecall) == before


async def test_patients_may_not_change_recalls(engine, execute):
    practice = await make_practice(engine)
    hygiene = await make_type(engine, practice)
    recall = await make_recall(engine, practice, hygiene, date(2026, 1, 1))
    viewer = practice.patient_viewer()
    cases = [
        (CREATE_TYPE, "createRecallType", {"name": "X", "defaultIntervalMonths": 6}),
        (UPDATE_TYPE, "updateRecallType",
         {"recallTypeId": global_id("RecallType", hygiene.id), "name": "Y"}),
        (CREATE_TRIGGER, "createRecallTrigger",
         {"recallTypeId": global_id("RecallType", hygiene.id), "procedureCode": "D1110"}),
        (CREATE_RECALL, "createPatientRecall",
         {"patientId": global_id("Patient", practice.patient.id),
          "recallTypeId": global_id("RecallType", hygiene.id), "dueDate": "2026-01-01"}),
        (UPDATE_RECALL, "updatePatientRecall",
         {"patientRecallId": rid(recall), "baseVersion": 1, "disabled": True}),
        (COMPLETE_RECALL, "completePatientRecall",
         {"patientRecallId": rid(recall), "completedOn": "2026-02-01"}),
    ]  # fmt: skip
    before = [await table_rows(engine, m) for m in (RecallType, RecallTrigger, PatientRecall)]
    for document, field, variables in cases:
        payload = data(await execute(document, {"input": variables}, viewer=viewer), field)
        assert [e["code"] for e in payload["userErrors"]] == ["FORBIDDEN"], field
    after = [await table_rows(engine, m) for m in (RecallType, RecallTrigger, PatientRecall)]
    assert after == before
    node = await execute("query ($id: ID!) { node(id: $id) { id } }", {"id": rid(recall)},
                         viewer=viewer)  # fmt: skip
    assert node.data == {"node": None}
    for document in ("{ recallTypes { id } }", "{ recallTriggers { id } }"):
        denied = await execute(document, viewer=viewer)
        assert [e.extensions["code"] for e in denied.errors] == ["FORBIDDEN"]
