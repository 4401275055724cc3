"""Fixtures that call the API: the GraphQL schema as a given viewer, and an HTTP client of the
real ASGI app (the database fixtures: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.clock import SYSTEM_CLOCK, Clock
from resolvers.context import RequestContext
from resolvers.rate_limit import CostBuckets
from resolvers.viewer import Viewer
from schema.assembled import schema
from server.app import create_app
from tests.support.tokens import TEST_SECRET


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
