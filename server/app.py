"""The ASGI application: GraphQL (with GraphiQL) over Starlette."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from db.engine import create_engine
from resolvers.context import RequestContext
from schema.assembled import schema
from server.floor import floor_route
from server.tokens import InvalidToken, viewer_from_header


class SlotgraphGraphQL(GraphQL):
    """Strawberry's ASGI view with our context and orjson responses."""

    def __init__(
        self, engine: AsyncEngine, secret: str, *, hold_minutes: int, compiled: bool
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=False)
        self.engine = engine
        self.secret = secret
        self.hold_minutes = hold_minutes
        self.compiled = compiled

    async def get_context(  # type: ignore[override]
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        try:
            viewer = viewer_from_header(request.headers.get("authorization"), secret=self.secret)
        except InvalidToken as exc:
            # Resolvers raise UNAUTHENTICATED when they need a caller; introspection works without.
            return RequestContext.create(
                self.engine, None, auth_error=str(exc), compiled=self.compiled
            )
        return RequestContext.create(
            self.engine, viewer, hold_minutes=self.hold_minutes, compiled=self.compiled
        )

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)


async def health(_: Request) -> Response:
    """Liveness probe."""
    return JSONResponse({"status": "ok"})


def create_app(
    database_url: str,
    *,
    secret: str,
    enable_floor: bool = False,
    hold_minutes: int = 5,
    compiled: bool = True,
) -> Starlette:
    """The application serving `database_url`; tokens are verified with `secret`.

    `compiled` runs queries as compiled plans (schema/execution); off, graphql-core runs them.
    """
    engine = create_engine(database_url)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[dict[str, Any]]:
        yield {}
        await engine.dispose()

    routes: list[Route | Mount] = [
        Route("/healthz", health),
        Route(
            "/graphql",
            SlotgraphGraphQL(engine, secret, hold_minutes=hold_minutes, compiled=compiled),
            methods=["GET", "POST"],
        ),
    ]
    if enable_floor:
        routes.append(floor_route(engine, secret))
    return Starlette(routes=routes, lifespan=lifespan)
