"""deleteAppointment: staff delete what never happened (the status machine's DELETABLE), the
row and its history go to the audit trail, booked recalls are let go; refusals change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, text

from db.models import SetupChange
from db.tables import table_of
from scheduling.appointment_status import DELETABLE, AppointmentStatus
from tests.support.factories import global_id, make_appointment, make_practice
from tests.support.lifecycle_documents import database_state
from tests.support.recall_rows import make_recall, make_type
from tests.support.waitlist_documents import add

DELETE = """mutation ($input: DeleteAppointmentInput!) { deleteAppointment(input: $input) {
  deletedAppointmentId userErrors { field code message } } }"""
START = datetime(2030, 1, 7, 15, tzinfo=UTC)


async def visit(engine, practice, status: AppointmentStatus, hours: int = 0) -> Any:
    begins = START + timedelta(hours=hours)
    return await make_appointment(
        engine, practice, start_at=begins, end_at=begins + timedelta(hours=1), status=status
    )


def delete_input(row: Any, version: int = 1, **extra: Any) -> dict[str, Any]:
    ident = global_id("Appointment", row.id)
    return {"input": {"appointmentId": ident, "baseVersion": version, **extra}}


async def audit_rows(engine) -> list[Any]:
    async with engine.connect() as connection:
        statement = select(table_of(SetupChange)).order_by(table_of(SetupChange).c.changed_at)
        return list((await connection.execute(statement)).all())


async def state(engine) -> tuple[Any, ...]:
    async with engine.connect() as connection:
        recalls = (
            await connection.execute(text("SELECT * FROM patient_recalls ORDER BY id"))
        ).all()
    return await database_state(engine), tuple(recalls), tuple(await audit_rows(engine))


async def test_a_cancelled_visit_is_deleted_and_kept_in_the_audit_trail(engine, execute):
    practice = await make_practice(engine)
    row = await visit(engine, practice, AppointmentStatus.CANCELLED)
    recall = await make_recall(
        engine, practice, await make_type(engine, practice), date(2030, 1, 1), appointment=row
    )
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO appointment_history (organization_id, appointment_id, actor, action, "
                "changes) VALUES (:org, :id, 'front-desk', 'cancelled', "
                """'{"status": {"before": "scheduled", "after": "cancelled"}}')"""
            ),
            {"org": practice.org.id, "id": row.id},
        )
    variables = delete_input(row, idempotencyKey="delete-1")
    result = await execute(DELETE, variables, viewer=practice.staff)
    assert result.errors is None, result.errors
    assert result.data["deleteAppointment"] == {
        "deletedAppointmentId": global_id("Appointment", row.id),
        "userErrors": [],
    }
    async with engine.connect() as connection:
        left = await connection.scalar(text("SELECT count(*) FROM appointments"))
        history = await connection.scalar(text("SELECT count(*) FROM appointment_history"))
        linked = (
            await connection.execute(
                text("SELECT appointment_id, version FROM patient_recalls WHERE id = :id"),
                {"id": recall.id},
            )
        ).one()
    assert (left, history, tuple(linked)) == (0, 0, (None, 2))
    [entry] = await audit_rows(engine)
    assert (entry.subject_table, entry.subject_id, entry.action, entry.actor) == (
        "appointments", row.id, "DELETED", "staff-test")  # fmt: skip
    assert entry.changes["row"]["status"] == "cancelled"
    assert entry.changes["row"]["id"] == str(row.id)
    assert [h["action"] for h in entry.changes["history"]] == ["cancelled"]
    assert entry.changes["unlinked_recall_ids"] == [str(recall.id)]
    # a retry with the key answers the same and deletes nothing more
    before = await state(engine)
    again = await execute(DELETE, variables, viewer=practice.staff)
    assert again.data == result.data
    assert await state(engine) == before


async def test_every_deletable_status_and_no_other(engine, execute):
    practice = await make_practice(engine)
    for n, status in enumerate(AppointmentStatus):
        if status is AppointmentStatus.HOLD:
            continue  # a hold needs an expiry: below
        row = await visit(engine, practice, status, hours=n)
        before = await state(engine)
        result = await execute(DELETE, delete_input(row), viewer=practice.staff)
        payload = result.data["deleteAppointment"]
        if status in DELETABLE:
            assert payload["userErrors"] == [], status
        else:
            assert payload["userErrors"][0]["code"] == "INVALID_TRANSITION", status
            assert payload["deletedAppointmentId"] is None
            assert await state(engine) == before
    # a live hold is not deletable; one whose time ran out reads EXPIRED and is
    for minutes, deletable in ((5, False), (-5, True)):
        row = await visit(engine, practice, AppointmentStatus.SCHEDULED, hours=20 + minutes)
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "UPDATE appointments SET status = 'hold', "
                    "hold_expires_at = now() + make_interval(mins => :m) WHERE id = :id"
                ),
                {"m": minutes, "id": row.id},
            )
        result = await execute(DELETE, delete_input(row), viewer=practice.staff)
        errors = result.data["deleteAppointment"]["userErrors"]
        assert (errors == []) is deletable, errors


async def test_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    row = await visit(engine, practice, AppointmentStatus.PINBOARD)
    linked = await visit(engine, practice, AppointmentStatus.CANCELLED, hours=2)
    entry = await add(execute, practice)
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE waitlist_entries SET linked_appointment_id = :id"), {"id": linked.id}
        )
    before = await state(engine)
    cases = [
        (
            delete_input(row, version=2),
            practice.staff,
            ["input", "baseVersion"],
            "VERSION_CONFLICT",
        ),
        (delete_input(row), other.staff, ["input", "appointmentId"], "NOT_FOUND"),
        (delete_input(row), practice.patient_viewer(), None, "FORBIDDEN"),
        (delete_input(linked), practice.staff, ["input", "appointmentId"], "VALIDATION"),
    ]
    for variables, viewer, field, code in cases:
        result = await execute(DELETE, variables, viewer=viewer)
        assert result.errors is None, result.errors
        [error] = result.data["deleteAppointment"]["userErrors"]
        assert (error["field"], error["code"]) == (field, code), (variables, error)
    assert await state(engine) == before
    assert entry["id"]
