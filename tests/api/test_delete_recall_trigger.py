"""deleteRecallTrigger: staff remove a procedure code's trigger, audited with what it was; the
recalls it set stay; refusals (unknown, another organization's, other roles) change nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import PatientRecall, RecallTrigger, SetupChange
from db.tables import table_of
from tests.support.factories import global_id, make_practice
from tests.support.production_documents import integration
from tests.support.recall_rows import make_recall, make_trigger, make_type

DELETE = """mutation ($input: DeleteRecallTriggerInput!) {
  deleteRecallTrigger(input: $input) { deletedId userErrors { field code message } } }"""
LIST = "{ recallTriggers { procedureCode } }"


async def rows(engine: AsyncEngine, model: Any) -> list[tuple[Any, ...]]:
    table = table_of(model)
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(select(table).order_by(table.c.id))]


async def test_staff_delete_a_trigger(engine, execute):
    practice = await make_practice(engine)
    hygiene = await make_type(engine, practice)
    cleaning = await make_trigger(engine, practice, hygiene, "D1110")
    await make_trigger(engine, practice, hygiene, "D1120")
    await make_recall(engine, practice, hygiene, date(2030, 1, 7))
    recalls = await rows(engine, PatientRecall)
    ident = global_id("RecallTrigger", cleaning.id)
    variables = {"input": {"recallTriggerId": ident, "idempotencyKey": "drop-d1110"}}
    result = await execute(DELETE, variables, viewer=practice.staff)
    assert result.data == {"deleteRecallTrigger": {"deletedId": ident, "userErrors": []}}
    listed = await execute(LIST, viewer=practice.staff)
    assert listed.data == {"recallTriggers": [{"procedureCode": "D1120"}]}
    assert await rows(engine, PatientRecall) == recalls
    async with engine.connect() as connection:
        audit = (await connection.execute(select(table_of(SetupChange)))).all()
    assert [(a.subject_table, a.subject_id, a.action, a.actor, a.changes) for a in audit] == [
        ("recall_triggers", cleaning.id, "DELETED", "staff-test",
         {"recall_type_id": str(hygiene.id), "procedure_code": "D1110"}),
    ]  # fmt: skip
    replay = await execute(DELETE, variables, viewer=practice.staff)
    assert replay.data == result.data  # the same key answers the first outcome again


async def test_delete_trigger_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    mine = await make_trigger(engine, practice, await make_type(engine, practice), "D0120")
    theirs = await make_trigger(engine, other, await make_type(engine, other), "D0120")
    before = await rows(engine, RecallTrigger)
    cases = [
        (global_id("RecallTrigger", theirs.id), practice.staff, "NOT_FOUND",
         ["input", "recallTriggerId"], "No such recall trigger"),
        (global_id("RecallTrigger", "5f0e8ae4-6a9c-4d25-9d1c-000000000000"), practice.staff,
         "NOT_FOUND", ["input", "recallTriggerId"], "No such recall trigger"),
        (global_id("RecallType", mine.recall_type_id), practice.staff, "VALIDATION",
         ["input", "recallTriggerId"],
         "Expected an ID of a RecallTrigger, got one of a RecallType"),
        (global_id("RecallTrigger", mine.id), integration(practice), "FORBIDDEN", None,
         "Only staff may delete recall triggers"),
        (global_id("RecallTrigger", mine.id), practice.patient_viewer(), "FORBIDDEN", None,
         "Only staff may delete recall triggers"),
    ]  # fmt: skip
    for ident, viewer, code, field, message in cases:
        result = await execute(DELETE, {"input": {"recallTriggerId": ident}}, viewer=viewer)
        assert result.data == {
            "deleteRecallTrigger": {
                "deletedId": None,
                "userErrors": [{"field": field, "code": code, "message": message}],
            }
        }, ident
    assert await rows(engine, RecallTrigger) == before
    assert await rows(engine, SetupChange) == []
