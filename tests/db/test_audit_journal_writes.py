"""The mutation runner writes the audit entries a mutation's work recorded on its journal: in
the same transaction, in the order recorded, one insert per trail; an attempt PostgreSQL
aborted or the work refused leaves none, and a replayed idempotency key writes none."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.audit_journal import AppointmentAudit, SetupAudit, WaitlistAudit
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.outcomes import Written
from resolvers.waitlist.common import EntryFields
from resolvers.waitlist.entries import NewEntry, add_entry
from tests.support.factories import Practice, make_appointment, make_practice

# A real serialization failure (SQLSTATE 40001) raised by PostgreSQL: the runner retries it.
SERIALIZATION_FAILURE = text(
    "DO $$ BEGIN RAISE EXCEPTION 'provoked' USING ERRCODE = 'serialization_failure'; END $$"
)
SETUP_ROWS = text(
    "SELECT organization_id, subject_table, action, actor, changes FROM setup_changes "
    "WHERE subject_id = :id ORDER BY changed_at, id"
)
APPOINTMENT_ROWS = text(
    "SELECT organization_id, actor, action, changes FROM appointment_history "
    "WHERE appointment_id = :id ORDER BY id"
)
WAITLIST_ROWS = text(
    "SELECT actor, action, before, after FROM waitlist_history "
    "WHERE entry_id = :id ORDER BY occurred_at, id"
)


async def rows(engine: AsyncEngine, statement: Any, ident: uuid.UUID) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(statement, {"id": ident})]


def run(practice: Practice, engine: AsyncEngine, work: Any, *, key: str | None = None) -> Any:
    return run_mutation(
        RequestContext.create(engine, practice.staff),
        work,
        name="testAudit",
        outcome=Written,
        idempotency_key=key,
        request={},
    )


async def test_a_retried_attempt_leaves_only_the_last_attempts_entries(engine):
    practice = await make_practice(engine)
    location = practice.location.id
    attempts: Counter[str] = Counter()

    async def work(tx: Transaction) -> Written:
        attempts["work"] += 1
        tx.journal.record(SetupAudit("locations", location, "UPDATED", {"try": attempts["work"]}))
        if attempts["work"] == 1:
            await tx.connection.execute(SERIALIZATION_FAILURE)
        return Written(location)

    assert await run(practice, engine, work) == Written(location)
    assert attempts["work"] == 2
    assert await rows(engine, SETUP_ROWS, location) == [
        (practice.org.id, "locations", "UPDATED", "staff-test", {"try": 2})
    ]


async def test_a_refused_mutation_leaves_no_entries(engine):
    practice = await make_practice(engine)
    location = practice.location.id

    async def work(tx: Transaction) -> Written:
        tx.journal.record(SetupAudit("locations", location, "UPDATED", {"name": "x"}))
        raise Validation("refused after recording", field="name")

    with pytest.raises(Validation):
        await run(practice, engine, work)
    assert await rows(engine, SETUP_ROWS, location) == []


async def test_a_replayed_key_writes_no_entries(engine):
    practice = await make_practice(engine)
    location = practice.location.id
    attempts: Counter[str] = Counter()

    async def work(tx: Transaction) -> Written:
        attempts["work"] += 1
        tx.journal.record(SetupAudit("locations", location, "UPDATED", {"name": "x"}))
        return Written(location)

    first = await run(practice, engine, work, key="audit-replay")
    replayed = await run(practice, engine, work, key="audit-replay")
    assert first == replayed == Written(location)
    assert attempts["work"] == 1
    assert await rows(engine, SETUP_ROWS, location) == [
        (practice.org.id, "locations", "UPDATED", "staff-test", {"name": "x"})
    ]


async def test_entries_are_written_in_the_order_recorded_one_insert_per_trail(
    engine, count_statements
):
    practice = await make_practice(engine)
    start = datetime(2031, 3, 4, 15, tzinfo=UTC)
    appointment = await make_appointment(
        engine, practice, start_at=start, end_at=start.replace(hour=16)
    )
    ctx = RequestContext.create(engine, practice.staff)
    new = NewEntry(practice.patient.id, practice.location.id, EntryFields())
    entry = await add_entry(ctx, new, idempotency_key=None)
    location = practice.location.id

    async def work(tx: Transaction) -> Written:
        for n in range(3):
            tx.journal.record(AppointmentAudit(appointment.id, f"step_{n}", {"n": n}))
            tx.journal.record(SetupAudit("locations", location, "UPDATED", {"n": n}))
        tx.journal.record(WaitlistAudit(entry, "first", None, {"n": 0}))
        tx.journal.record(WaitlistAudit(entry, "second", {"n": 0}, {"n": 1}))
        return Written(location)

    with count_statements() as counter:
        await run(practice, engine, work)
    inserts = Counter(
        table
        for statement in counter.statements
        for table in ("appointment_history", "waitlist_history", "setup_changes")
        if statement.startswith(f"INSERT INTO {table}")
    )
    assert inserts == {"appointment_history": 1, "waitlist_history": 1, "setup_changes": 1}
    org = practice.org.id
    assert await rows(engine, APPOINTMENT_ROWS, appointment.id) == [
        (org, "staff-test", f"step_{n}", {"n": n}) for n in range(3)
    ]
    waitlist = await rows(engine, WAITLIST_ROWS, entry)
    assert [row[1:] for row in waitlist] == [
        ("added", None, waitlist[0][3]),
        ("first", None, {"n": 0}),
        ("second", {"n": 0}, {"n": 1}),
    ]
    assert {row[0] for row in waitlist} == {"staff-test"}
    # setup_changes rows share the transaction's instant: their order is not stored, the set is.
    setup = await rows(engine, SETUP_ROWS, location)
    assert sorted(row[4]["n"] for row in setup) == [0, 1, 2]
