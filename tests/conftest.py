"""Fixtures for every test folder: a real PostgreSQL (the embedded one, or the server at
DATABASE_URL; the database named by SLOTGRAPH_TEST_DATABASE), freshly migrated once, emptied
before each test that uses it, and a counter of the statements sent to it. Calling the API:
tests/api/conftest.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine
from db.migrate import upgrade_to_head
from db.request_database import direct_statement_listeners
from tests.support.database import TEST_DATABASE, recreate_database, server_url


@pytest.fixture(scope="session")
async def database_url() -> str:
    """A freshly created and migrated test database."""
    url = await recreate_database(server_url(), TEST_DATABASE)
    engine = create_engine(url, pool_size=1)
    await upgrade_to_head(engine)
    await engine.dispose()
    return url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """The engine every test shares."""
    shared = create_engine(database_url, pool_size=25)
    yield shared
    await shared.dispose()


@pytest.fixture(autouse=True)
async def clean_database(request: pytest.FixtureRequest) -> None:
    """Every database test starts from empty tables (all rows hang off organizations, but for
    the demo seed's anchor)."""
    if "engine" not in request.fixturenames:
        return
    shared: AsyncEngine = request.getfixturevalue("engine")
    async with shared.begin() as connection:
        await connection.execute(text("TRUNCATE organizations, demo_seed RESTART IDENTITY CASCADE"))


class StatementCounter:
    """Counts SQL statements sent through an engine while active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    def direct(self, statement: str) -> None:
        """A statement RequestDatabase sent straight through asyncpg (a ReadStatement)."""
        self.statements.append(statement)

    @property
    def count(self) -> int:
        """How many statements ran."""
        return len(self.statements)


@pytest.fixture
def count_statements(engine: AsyncEngine) -> Callable[[], AbstractContextManager[StatementCounter]]:
    """A context manager factory that counts the statements run inside it."""

    @contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter()
        event.listen(engine.sync_engine, "before_cursor_execute", counter)
        direct_statement_listeners.append(counter.direct)
        try:
            yield counter
        finally:
            direct_statement_listeners.remove(counter.direct)
            event.remove(engine.sync_engine, "before_cursor_execute", counter)

    return counting
