"""A request's reads enter its organization on the connection's session, kept between
requests of the same organization and never carried into the pool (db/read_scope.py)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Protocol

import pytest
from asyncpg.exceptions import DivisionByZeroError
from sqlalchemy import literal, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine
from db.models.practice import Patient
from db.read_scope import STAMP
from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from db.warm_connections import KEPT, warm_connections
from tests.support.factories import make_practice

WHO = "SELECT pg_backend_pid() AS pid, current_user AS role, current_setting('slotgraph.organization_id', true) AS org"


class IdRow(Protocol):
    id: uuid.UUID


class NumberRow(Protocol):
    n: int


PATIENTS = ReadStatement(select(Patient.id).order_by(Patient.id), IdRow)
SLOW = ReadStatement(
    select(literal(1).label("n")).where(text("pg_sleep(5) IS NOT NULL")), NumberRow
)
FAILING = ReadStatement(select((literal(1) / literal(0)).label("n")), NumberRow)


@pytest.fixture
async def own_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine of this test's own, with a pool of five."""
    engine = create_engine(database_url, pool_size=5)
    yield engine
    await engine.dispose()


async def _who(db: RequestDatabase) -> tuple[int, str, str]:
    driver = await db._read_connection()
    found = await driver.fetchrow(WHO)
    assert found is not None
    return found["pid"], found["role"], found["org"]


async def _patients(engine: AsyncEngine, org: uuid.UUID) -> tuple[int, list[uuid.UUID]]:
    """One request's read of every patient it may see, and the backend that served it."""
    db = RequestDatabase(engine, org)
    try:
        rows = await db.fetch_all(PATIENTS)
        pid, _, _ = await _who(db)
        return pid, [row.id for row in rows]
    finally:
        await db.close()


async def test_organizations_taking_turns_on_one_connection_see_only_their_own(own_engine, engine):
    ours = await make_practice(engine)
    theirs = await make_practice(engine)

    first, mine = await _patients(own_engine, ours.org.id)
    second, yours = await _patients(own_engine, theirs.org.id)
    third, mine_again = await _patients(own_engine, ours.org.id)

    assert first == second == third  # the same kept connection served all three
    assert mine == mine_again == [ours.patient.id]
    assert yours == [theirs.patient.id]


async def test_the_same_organization_again_sends_nothing_before_its_reads(own_engine, engine):
    ours = await make_practice(engine)
    await _patients(own_engine, ours.org.id)
    pooled = warm_connections(own_engine).take()
    assert pooled is not None
    driver = pooled.driver_connection
    assert driver is not None
    sent: list[str] = []
    driver.add_query_logger(lambda record: sent.append(record.query))
    warm_connections(own_engine).give(pooled)

    _, patients = await _patients(own_engine, ours.org.id)
    _, none = await _patients(own_engine, uuid.uuid4())

    assert patients == [ours.patient.id]
    assert none == []
    settings = [query for query in sent if "SET ROLE" in query]
    assert len(settings) == 1  # only the other organization's
    assert str(ours.org.id) not in settings[0]


async def test_connections_back_in_the_pool_carry_no_organization(own_engine):
    orgs = [uuid.uuid4() for _ in range(5)]
    dbs = [RequestDatabase(own_engine, org) for org in orgs]
    pids = {(await _who(db))[0] for db in dbs}  # five requests side by side
    for db in dbs:  # all but KEPT go back to the pool
        await db.close()
    assert len(warm_connections(own_engine)) == KEPT

    held = [await own_engine.connect() for _ in range(5 - KEPT)]
    try:
        for connection in held:
            row = (await connection.execute(text(WHO))).one()
            assert row.pid in pids  # reset, not replaced
            assert row.role != "slotgraph_request"
            assert row.org in (None, "")
            assert STAMP not in (await connection.get_raw_connection()).info
    finally:
        for connection in held:
            await connection.close()


async def test_a_connection_pooled_with_its_organization_set_is_never_handed_out(own_engine):
    db = RequestDatabase(own_engine, uuid.uuid4())
    pid, role, _ = await _who(db)
    assert role == "slotgraph_request"
    assert db._read is not None
    pooled = db._read.pooled
    assert pooled is not None
    db._read = None
    pooled.close()  # straight back to the pool, settings and all (a bug this guards against)

    async with own_engine.connect() as connection:
        row = (await connection.execute(text(WHO))).one()

    assert row.pid != pid  # that connection was closed and another one opened
    assert row.role != "slotgraph_request"


async def _slow_read(
    engine: AsyncEngine, org: uuid.UUID
) -> tuple[RequestDatabase, int, asyncio.Task[list[NumberRow]]]:
    """A request whose read (pg_sleep) is under way, and the backend it runs on."""
    db = RequestDatabase(engine, org)
    pid, _, _ = await _who(db)
    reading = asyncio.create_task(db.fetch_all(SLOW))
    await asyncio.sleep(0.2)
    return db, pid, reading


async def test_a_cancelled_read_leaves_its_connection_unused(own_engine, engine):
    ours = await make_practice(engine)
    _, pid, reading = await _slow_read(own_engine, ours.org.id)
    reading.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reading

    next_pid, patients = await _patients(own_engine, ours.org.id)

    assert next_pid != pid
    assert patients == [ours.patient.id]


async def test_a_read_still_running_when_the_request_ends_is_never_kept(own_engine, engine):
    ours = await make_practice(engine)
    # a loader's statement the response no longer waits for
    db, pid, left_behind = await _slow_read(own_engine, ours.org.id)

    assert not db.release_as_is()  # not kept as it is: close() must deal with it
    await db.close()
    with pytest.raises(Exception):  # noqa: B017, PT011  # its connection was closed under it
        await left_behind

    assert len(warm_connections(own_engine)) == 0
    next_pid, patients = await _patients(own_engine, ours.org.id)
    assert next_pid != pid
    assert patients == [ours.patient.id]


async def test_a_statement_postgresql_refuses_keeps_the_connection(own_engine, engine):
    ours = await make_practice(engine)
    db = RequestDatabase(own_engine, ours.org.id)
    pid, _, _ = await _who(db)
    with pytest.raises(DivisionByZeroError):
        await db.fetch_all(FAILING)

    assert await db.fetch_all(PATIENTS) == [(ours.patient.id,)]  # the request reads on
    await db.close()
    again, patients = await _patients(own_engine, ours.org.id)
    assert (again, patients) == (pid, [ours.patient.id])


async def test_behind_a_transaction_pooler_the_organization_lives_in_a_transaction(
    database_url, engine
):
    ours = await make_practice(engine)
    pooled_engine = create_engine(database_url, pool_size=2, transaction_pooling=True)
    try:
        db = RequestDatabase(pooled_engine, ours.org.id)
        driver = await db._read_connection()
        assert driver.is_in_transaction()
        assert [row.id for row in await db.fetch_all(PATIENTS)] == [ours.patient.id]
        await db.close()

        kept = warm_connections(pooled_engine).take()
        assert kept is not None
        assert STAMP not in kept.info
        driver = kept.driver_connection
        assert driver is not None
        row = await driver.fetchrow(WHO)
        warm_connections(pooled_engine).give(kept)
    finally:
        await pooled_engine.dispose()
    assert row["role"] != "slotgraph_request"
    assert row["org"] in (None, "")
