"""The ASGI application: GraphQL (with GraphiQL) over Starlette."""

from __future__ import annotations

import asyncio
import json
import os
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
from strawberry.types import ExecutionResult

from db.engine import create_engine
from resolvers.context import RequestContext
from resolvers.query_limits import DEFAULT_LIMITS, QueryLimits
from schema.assembled import schema
from schema.error_policy import SERVICE_UNAVAILABLE
from server.body_limit import BodyLimit
from server.floor import floor_route
from server.garbage_collection import tune_garbage_collector
from server.request_log import RequestLog, report_of
from server.serving import DEFAULT_POOL_SIZE, PREPARED_URL_ENV, configure_logging
from server.settings import ConfigurationError, load_settings
from server.tokens import InvalidToken, viewer_from_header

# What a 503 for a database outage asks clients to wait before retrying.
RETRY_AFTER_SECONDS = "5"


class SlotgraphGraphQL(GraphQL):
    """Strawberry's ASGI view with our context, orjson responses and an admission limit.

    At most `concurrent` operations execute at once; more wait in line (first come, first
    served) before they hold anything. A request keeps its read connection until its operation
    ends and a mutation takes a second one for its transaction (mutations run one after
    another), so with `concurrent` equal to the pool size and as much overflow again, every
    admitted request gets its connections at once: a burst queues here instead of timing out
    in the pool, and requests cannot all hold a read connection while waiting for a write one.
    (A query running several transactions side by side, e.g. aliased checkConflicts, can still
    wait in the pool; so can the benchmark floor route, which bypasses this view.)
    """

    def __init__(
        self,
        engine: AsyncEngine,
        secret: str,
        *,
        hold_minutes: int,
        concurrent: int,
        compiled: bool,
        limits: QueryLimits,
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=False)
        self.engine = engine
        self.secret = secret
        self.hold_minutes = hold_minutes
        self.compiled = compiled
        self.limits = limits
        self.admission = asyncio.Semaphore(concurrent)

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        async with self.admission:
            result = await super().execute_single(*args, **kwargs)
        if any(
            (error.extensions or {}).get("code") == SERVICE_UNAVAILABLE
            for error in result.errors or ()
        ):
            # A database outage is the server's state, not the request's: HTTP says so too.
            sub_response = kwargs["sub_response"] if "sub_response" in kwargs else args[2]
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = RETRY_AFTER_SECONDS
        return result

    async def get_context(  # type: ignore[override]
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        report = report_of(request.scope)
        try:
            viewer = viewer_from_header(request.headers.get("authorization"), secret=self.secret)
        except InvalidToken as exc:
            # Resolvers raise UNAUTHENTICATED when they need a caller; introspection works without.
            return RequestContext.create(
                self.engine,
                None,
                auth_error=str(exc),
                compiled=self.compiled,
                limits=self.limits,
                report=report,
            )
        return RequestContext.create(
            self.engine,
            viewer,
            hold_minutes=self.hold_minutes,
            compiled=self.compiled,
            limits=self.limits,
            report=report,
        )

    def encode_json(self, data: object) -> bytes:
        try:
            return orjson.dumps(data)
        except TypeError:
            # A lone surrogate (valid in a client's JSON, echoed in an error message about
            # that value) is no UTF-8: orjson refuses it, the standard encoder escapes it.
            return json.dumps(data).encode()


async def health(_: Request) -> Response:
    """Liveness probe."""
    return JSONResponse({"status": "ok"})


def create_app(
    database_url: str,
    *,
    secret: str,
    enable_floor: bool = False,
    hold_minutes: int = 5,
    pool_size: int = DEFAULT_POOL_SIZE,
    compiled: bool = True,
    tune_gc: bool = False,
    limits: QueryLimits = DEFAULT_LIMITS,
) -> Starlette:
    """The application serving `database_url`; tokens are verified with `secret`.

    `pool_size` connections are kept (plus as many overflow) and as many operations execute
    at once. `compiled` runs queries as compiled plans (schema/execution); off, graphql-core
    executes every field. `tune_gc`: a serving process's garbage-collector settings
    (server/garbage_collection.py), applied at startup. `limits`: what one request may ask
    for (schema/limits/); the body size is bounded here, the rest by the schema.
    """
    engine = create_engine(database_url, pool_size=pool_size)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[dict[str, Any]]:
        if tune_gc:
            tune_garbage_collector()
        yield {}
        await engine.dispose()

    routes: list[Route | Mount] = [
        Route("/healthz", health),
        Route(
            "/graphql",
            # Outermost: a refused body (413) gets its request id and log line too.
            RequestLog(
                BodyLimit(
                    SlotgraphGraphQL(
                        engine,
                        secret,
                        hold_minutes=hold_minutes,
                        concurrent=pool_size,
                        compiled=compiled,
                        limits=limits,
                    ),
                    limits.max_body_bytes,
                )
            ),
            methods=["GET", "POST"],
        ),
    ]
    if enable_floor:
        routes.append(floor_route(engine, secret))
    return Starlette(routes=routes, lifespan=lifespan)


def create_app_from_environment() -> Starlette:
    """The app of one uvicorn worker: settings and the database `slotgraph serve` prepared.

    Workers only connect to that database; the parent started, migrated and seeded it and
    stops it after they are gone.
    """
    configure_logging()
    settings = load_settings()
    url = os.environ.get(PREPARED_URL_ENV)
    if not url:
        raise ConfigurationError(
            f"{PREPARED_URL_ENV} is unset: start the server with `slotgraph serve`"
        )
    return create_app(
        url,
        secret=settings.signing_secret(),
        enable_floor=settings.enable_floor,
        hold_minutes=settings.hold_minutes,
        pool_size=settings.pool_size or DEFAULT_POOL_SIZE,
        compiled=settings.compiled,
        tune_gc=True,
        limits=settings.limits,
    )
