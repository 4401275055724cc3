"""Fixtures: a real PostgreSQL, a clean database per test, and ways to call the API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine
from db.migrate import upgrade_to_head
from db.request_database import direct_statement_listeners
from resolvers.clock import SYSTEM_CLOCK, Clock
from resolvers.context import RequestContext
from resolvers.rate_limit import CostBuckets
from resolvers.viewer import Viewer
from schema.assembled import schema
from server.app import create_app
from tests.support.database import TEST_DATABASE, recreate_database, server_url
from tests.support.tokens import TEST_SECRET


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


class SchemaCaller:
    """Executes documents against the schema as a given viewer."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def __call__(
        self,
        document: str,
        variables: dict[str, Any] | None = None,
        *,
        viewer: Viewer | None,
        buckets: CostBuckets | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> Any:
        context = RequestContext.create(self.engine, viewer, buckets=buckets, clock=clock)
        return await schema.execute(document, variable_values=variables, context_value=context)


@pytest.fixture
def execute(engine: AsyncEngine) -> SchemaCaller:
    """Run a GraphQL document through the schema: `await execute(doc, vars, viewer=...)`."""
    return SchemaCaller(engine)


@pytest.fixture
async def http(database_url: str, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the real ASGI app."""
    app = create_app(database_url, secret=TEST_SECRET)
    transport = httpx.ASGITransport(app=app)
    # The app's lifespan, as uvicorn runs it: its engine's connections are closed afterwards
    # instead of piling up on the server test after test.
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as client,
    ):
        yield client
