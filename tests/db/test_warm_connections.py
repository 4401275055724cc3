"""A request's read connection is kept for the next request's reads (db/warm_connections.py):
the same server connection, no pool checkout, no transaction left open, and given back to
PostgreSQL when the engine is disposed. What its session keeps: tests/db/test_read_scope.py."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine
from db.request_database import RequestDatabase
from db.warm_connections import KEPT, warm_connections

WHO = (
    "SELECT pg_backend_pid() AS pid, current_user AS role, "
    "current_setting('slotgraph.organization_id', true) AS org"
)


@pytest.fixture
async def own_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine of this test's own, with a pool of two."""
    engine = create_engine(database_url, pool_size=2)
    yield engine
    await engine.dispose()


async def _read_as(engine: AsyncEngine, org: uuid.UUID) -> tuple[int, str, str]:
    """A request's read, on its asyncpg connection as ReadStatements use it: who ran it."""
    db = RequestDatabase(engine, org)
    try:
        driver = await db._read_connection()
        found = await driver.fetchrow(WHO)
        assert found is not None
        return found["pid"], found["role"], found["org"]
    finally:
        await db.close()


async def test_the_next_request_reads_on_the_same_connection(own_engine):
    first, second = uuid.uuid4(), uuid.uuid4()
    pid, role, org = await _read_as(own_engine, first)
    assert (role, org) == ("slotgraph_request", str(first))
    pool = own_engine.sync_engine.pool
    checked_out = pool.checkedout()
    assert checked_out == 1
    assert len(warm_connections(own_engine)) == 1

    again = await _read_as(own_engine, second)

    assert again == (pid, "slotgraph_request", str(second))
    assert pool.checkedout() == checked_out


async def test_a_kept_connection_waits_outside_any_transaction(own_engine, engine):
    pid, _, _ = await _read_as(own_engine, uuid.uuid4())
    async with engine.connect() as connection:
        state = await connection.scalar(
            text("SELECT state FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        )
    assert state == "idle"  # no transaction open, so no lock held and no snapshot kept


async def test_disposing_the_engine_ends_the_kept_connections(database_url, engine):
    own = create_engine(database_url, pool_size=2)
    pid, _, _ = await _read_as(own, uuid.uuid4())
    assert len(warm_connections(own)) == 1

    await own.dispose()

    assert len(warm_connections(own)) == 0
    async with engine.connect() as connection:
        alive = await connection.scalar(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        )
    assert alive == 0


async def test_a_kept_connection_the_server_ended_is_replaced(own_engine, engine):
    org = uuid.uuid4()
    pid, _, _ = await _read_as(own_engine, org)
    async with engine.connect() as connection:
        # With a timeout PostgreSQL answers once the backend has exited.
        await connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
    await _until_closed_here(own_engine)

    other, role, seen = await _read_as(own_engine, org)

    assert other != pid
    assert (role, seen) == ("slotgraph_request", str(org))


async def _until_closed_here(engine: AsyncEngine) -> None:
    """Let the event loop read the ended connection's end of stream (asyncpg then knows)."""
    warm = warm_connections(engine)
    pooled = warm.take()
    assert pooled is not None
    driver = pooled.driver_connection
    assert driver is not None
    for _ in range(1000):
        if driver.is_closed():
            break
        await asyncio.sleep(0.001)
    warm.give(pooled)  # kept as is: the next read must find out and replace it
    assert driver.is_closed()


async def test_reads_side_by_side_leave_only_a_few_kept(database_url):
    engine = create_engine(database_url, pool_size=5)
    try:
        dbs = [RequestDatabase(engine, uuid.uuid4()) for _ in range(5)]
        for db in dbs:  # five requests holding their read connections at once
            await db._read_connection()
        for db in dbs:
            await db.close()

        pool = engine.sync_engine.pool
        assert len(warm_connections(engine)) == KEPT
        assert pool.checkedin() == 5 - KEPT  # type: ignore[attr-defined]  # QueuePool's
    finally:
        await engine.dispose()
