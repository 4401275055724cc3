"""The change log (migration 0015): what the triggers record, number and announce."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest
from sqlalchemy import Integer, text
from sqlalchemy.exc import DBAPIError

from db.change_listener import CHANNEL
from db.queries.changes import change_from_payload
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from scheduling.live_changes import Entity, Operation
from server.live_socket import listen_dsn
from tests.support.factories import make_appointment, make_location, make_practice, make_provider
from tests.support.live_documents import at, insert_appointment

LOG = text(
    "SELECT change_id, entity, operation, status, previous_status, moved, providers_changed"
    " FROM change_log WHERE organization_id = :org ORDER BY change_id"
)


async def _log(engine, organization_id) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(LOG, {"org": organization_id})]


async def test_writes_of_one_transaction_fold_into_one_change_per_row(engine):
    practice = await make_practice(engine)
    assistant = await make_provider(engine, practice.org)
    row = await make_appointment(engine, practice, start_at=at(8, 15), end_at=at(8, 16))
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE appointments SET note = 'a' WHERE id = :id"), {"id": row.id}
        )
        await connection.execute(
            text("UPDATE appointments SET start_at = :s, end_at = :e WHERE id = :id"),
            {"id": row.id, "s": at(8, 17), "e": at(8, 18)},
        )
        await connection.execute(
            text(
                "INSERT INTO appointment_providers (organization_id, appointment_id, provider_id,"
                " position) VALUES (:org, :id, :p, 0)"
            ),
            {"org": practice.org.id, "id": row.id, "p": assistant.id},
        )
    # a row inserted and deleted in one transaction: nothing happened
    async with engine.begin() as connection:
        await connection.execute(
            text("DELETE FROM appointments WHERE id = :id"),
            {"id": await insert_appointment(connection, practice, at(20, 15), at(20, 16))},
        )
    async with engine.begin() as connection:
        await connection.execute(text("DELETE FROM appointments WHERE id = :id"), {"id": row.id})
    assert await _log(engine, practice.org.id) == [
        (1, "appointment", "insert", "scheduled", None, False, False),
        (2, "appointment", "update", "scheduled", "scheduled", True, True),
        (3, "appointment", "delete", None, "scheduled", False, False),
    ]


async def test_ids_are_per_organization_and_only_commits_are_announced(engine, database_url):
    ours = await make_practice(engine)
    theirs = await make_practice(engine)
    heard: list[str] = []
    listener = await asyncpg.connect(listen_dsn(database_url))
    await listener.add_listener(CHANNEL, lambda *args: heard.append(args[3]))
    try:
        await make_appointment(engine, ours, start_at=at(8, 15), end_at=at(8, 16))
        await make_appointment(engine, theirs, start_at=at(8, 15), end_at=at(8, 16))
        # a transaction that rolls back leaves nothing and says nothing
        async with engine.connect() as connection:
            await insert_appointment(connection, ours, at(20, 15), at(20, 16))
            await connection.rollback()
        last = await make_appointment(engine, ours, start_at=at(8, 17), end_at=at(8, 18))
        async with asyncio.timeout(15):
            while len(heard) < 3:  # noqa: ASYNC110  (asyncpg calls back; nothing to await on)
                await asyncio.sleep(0.01)
    finally:
        await listener.close()
    changes = [change_from_payload(payload) for payload in heard]
    assert [(c.organization_id, c.change_id) for c in changes] == [
        (ours.org.id, 1),
        (theirs.org.id, 1),
        (ours.org.id, 2),
    ]
    final = changes[2]
    assert (final.entity, final.entity_id, final.operation) == (
        Entity.APPOINTMENT,
        last.id,
        Operation.INSERT,
    )
    assert (final.location_id, final.patient_id, final.starts_at, final.ends_at) == (
        ours.location.id,
        ours.patient.id,
        at(8, 17),
        at(8, 18),
    )
    # the payload carries ids, times and statuses: no names, notes or phone numbers
    assert ours.patient.first_name not in heard[2]


async def test_requests_see_and_write_only_their_organizations_changes(engine):
    ours = await make_practice(engine)
    theirs = await make_practice(engine)
    await make_appointment(engine, theirs, start_at=at(8, 15), end_at=at(8, 16))
    db = RequestDatabase(engine, ours.org.id)
    try:
        for table in ("change_log", "change_counters"):
            statement = text(f"SELECT count(*) FROM {table}").columns(count=Integer)
            assert [row.count for row in await db.fetch_all(statement, shape=CountRow)] == [0]
    finally:
        await db.close()
    # a request's own write is logged in its organization, under its policies
    async with db.transaction() as connection:
        await insert_appointment(connection, ours, at(20, 15), at(20, 16))
    assert [row[:3] for row in await _log(engine, ours.org.id)] == [(1, "appointment", "insert")]
    with pytest.raises(DBAPIError, match="row-level security"):
        async with db.transaction() as connection:
            await connection.execute(
                text(
                    "INSERT INTO change_counters (organization_id, last_change_id)"
                    " VALUES (:org, 99)"
                ),
                {"org": theirs.org.id},
            )


async def test_deleting_an_organization_deletes_its_log(engine):
    practice = await make_practice(engine)
    await make_appointment(engine, practice, start_at=at(8, 15), end_at=at(8, 16))
    async with engine.begin() as connection:
        await connection.execute(
            text("DELETE FROM organizations WHERE id = :org"), {"org": practice.org.id}
        )
    assert await _log(engine, practice.org.id) == []


async def test_the_log_keeps_an_organizations_last_10000_changes(engine):
    practice = await make_practice(engine)
    # 11,000 changes numbered at once: one transaction, one change per new appointment
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO appointments (organization_id, location_id, operatory_id,"
                " patient_id, primary_provider_id, start_at, end_at, status, priority,"
                " production_amount, is_new_patient, is_time_locked, version)"
                " SELECT :org, :loc, :op, :patient, :provider,"
                " CAST(:s AS timestamptz) + n * interval '1 hour',"
                " CAST(:s AS timestamptz) + n * interval '1 hour' + interval '30 minutes',"
                " 'scheduled', 0, 0, false, false, 1 FROM generate_series(1, 11000) AS n"
            ),
            {
                "org": practice.org.id,
                "loc": practice.location.id,
                "op": practice.operatory.id,
                "patient": practice.patient.id,
                "provider": practice.provider.id,
                "s": at(1, 0),
            },
        )
    async with engine.connect() as connection:
        kept = (
            await connection.execute(
                text(
                    "SELECT min(change_id), max(change_id), count(*) FROM change_log"
                    " WHERE organization_id = :org"
                ),
                {"org": practice.org.id},
            )
        ).one()
    # pruned at change 11,000: up to 1,000 and every change up to 10,000 before it
    assert tuple(kept) == (1001, 11000, 10000)


SCOPES = text(
    "SELECT operation, previous_location_scope, previous_additional_location_ids,"
    " location_scope, additional_location_ids FROM change_log"
    " WHERE organization_id = :org AND entity = 'waitlist_entry' ORDER BY change_id"
)


async def test_a_waitlist_entrys_scope_is_logged_before_and_after(engine):
    # (migration 0023) given an entry accepting any location
    practice = await make_practice(engine)
    other = await make_location(engine, practice.org)
    insert = text(
        "INSERT INTO waitlist_entries (organization_id, patient_id, home_location_id,"
        " location_scope, urgency, source, status) VALUES (:org, :patient, :home, 'any',"
        " 'soon', 'manual', 'waiting') RETURNING id"
    )
    scope = "UPDATE waitlist_entries SET location_scope = :s, additional_location_ids = :ids"
    async with engine.begin() as connection:
        entry = await connection.scalar(
            insert,
            {"org": practice.org.id, "patient": practice.patient.id, "home": practice.location.id},
        )
    # when two writes of one transaction change its scope, then it is deleted
    async with engine.begin() as connection:
        for value, ids in (("selected", [other.id]), ("home_only", [])):
            statement = text(f"{scope} WHERE id = :id")
            await connection.execute(statement, {"s": value, "ids": ids, "id": entry})
    async with engine.begin() as connection:
        await connection.execute(text("DELETE FROM waitlist_entries WHERE id = :id"), {"id": entry})
    # then each change holds the scope before its transaction and after it
    async with engine.connect() as connection:
        rows = [tuple(row) for row in await connection.execute(SCOPES, {"org": practice.org.id})]
    assert rows == [
        ("insert", None, None, "any", []),
        ("update", "any", [], "home_only", []),
        ("delete", "home_only", [], None, None),
    ]
