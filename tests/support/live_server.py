"""A real uvicorn server in the test's event loop (WebSocket needs one; httpx's ASGI transport
speaks HTTP only), and helpers the subscription tests share."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette

from resolvers.live.hub import ChangeHub
from resolvers.viewer import Viewer
from server.app import create_app
from tests.support.live_client import LiveClient, live_client
from tests.support.serve_processes import free_port
from tests.support.tokens import TEST_SECRET, bearer, token_of

STARTUP_SECONDS = 30.0


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # the test runner keeps its own signal handlers


@dataclass
class LiveServer:
    """A served app: its HTTP base, its WebSocket URL and its hub."""

    app: Starlette
    base_url: str

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://") + "/graphql"

    @property
    def hub(self) -> ChangeHub:
        hub: ChangeHub = self.app.state.hub
        return hub

    async def graphql(
        self, viewer: Viewer, query: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A query or mutation over HTTP; its data (errors fail the test)."""
        return await post_graphql(self.base_url, viewer, query, variables)


async def post_graphql(
    base_url: str, viewer: Viewer, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    return await post_graphql_with(base_url, bearer(viewer), query, variables)


async def post_graphql_with(
    base_url: str, headers: dict[str, str], query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A query or mutation over HTTP with these headers; its data (errors fail the test)."""
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def until(condition: Callable[[], bool], wait: float = STARTUP_SECONDS) -> None:
    """Wait for the server to reach a state (never how fast: the wait only bounds a hang)."""
    async with asyncio.timeout(wait):
        while not condition():  # noqa: ASYNC110  (the state is the server's, no event to wait on)
            await asyncio.sleep(0.01)


@asynccontextmanager
async def staff_watching(
    database_url: str, staff: Viewer, **options: Any
) -> AsyncIterator[tuple[LiveServer, LiveClient]]:
    """A served app and one connected client of a staff member."""
    async with (
        live_server(database_url, **options) as server,
        live_client(server.ws_url, token=token_of(staff)) as client,
    ):
        yield server, client


@asynccontextmanager
async def live_server(database_url: str, **options: Any) -> AsyncIterator[LiveServer]:
    """create_app(database_url, **options) served on a free port until the block ends (a
    small pool: the machine's PostgreSQL serves other test runs too)."""
    options.setdefault("pool_size", 4)
    options.setdefault("secret", TEST_SECRET)
    app = create_app(database_url, **options)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    server = _Server(config)
    task = asyncio.get_running_loop().create_task(server.serve())
    try:
        await until(lambda: server.started or task.done())
        assert not task.done(), "the server stopped while starting"
        yield LiveServer(app, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        await task
