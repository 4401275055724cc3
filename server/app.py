"""The ASGI application: GraphQL (with GraphiQL, and by hash) over Starlette."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute

from db.engine import create_engine
from resolvers.live.hub import DEFAULT_MAX_SUBSCRIPTIONS, ChangeHub
from resolvers.query_limits import DEFAULT_LIMITS, QueryLimits
from resolvers.rate_limit import CostBuckets
from server.body_limit import BodyLimit
from server.floor import floor_route
from server.garbage_collection import tune_garbage_collector
from server.graphql_view import DEFAULT_SUBSCRIPTIONS_PER_CONNECTION, SlotgraphGraphQL
from server.jwks import IdentityProvider
from server.live_socket import listen_dsn
from server.request_log import RequestLog
from server.serving import DEFAULT_POOL_SIZE, PREPARED_URL_ENV, configure_logging
from server.settings import DEMO_EXPOSURE, ConfigurationError, Exposure, load_settings


async def health(_: Request) -> Response:
    """Liveness probe."""
    return JSONResponse({"status": "ok"})


def create_app(
    database_url: str,
    *,
    secret: str,
    enable_floor: bool = False,
    hold_minutes: float = 5,
    pool_size: int = DEFAULT_POOL_SIZE,
    compiled: bool = True,
    tune_gc: bool = False,
    limits: QueryLimits = DEFAULT_LIMITS,
    clock: Callable[[], float] = time.monotonic,
    exposure: Exposure = DEMO_EXPOSURE,
    provider: IdentityProvider | None = None,
    max_subscriptions: int = DEFAULT_MAX_SUBSCRIPTIONS,
    subscriptions_per_connection: int = DEFAULT_SUBSCRIPTIONS_PER_CONNECTION,
    replica_url: str | None = None,
    listen_url: str | None = None,
    transaction_pooling: bool = False,
) -> Starlette:
    """The application serving `database_url`; tokens are verified with `secret`.

    `pool_size` connections are kept (plus as many overflow) and as many operations execute
    at once. `compiled` runs queries as compiled plans (schema/execution); off, graphql-core
    executes every field. `tune_gc`: a serving process's garbage-collector settings
    (server/garbage_collection.py), applied at startup. `limits`: what one request may ask
    for (schema/limits/) and the rate limit, whose buckets live in this app (this worker) and
    fill by `clock` (tests pass their own); the body size is bounded here, the rest by the schema.
    `exposure`: introspection, GraphiQL and the persisted-operation rules
    (server/persisted_queries.py).
    `provider`: an identity provider whose RS256/ES256 tokens are accepted besides HS256 ones.
    Subscriptions (WebSocket on /graphql): at most `max_subscriptions` in this process and
    `subscriptions_per_connection` per connection, fed by one listening connection
    (resolvers/live/hub.py), opened on the first subscription, to `listen_url` (a direct
    connection to the primary; default `database_url`).
    `replica_url`: a streaming replica that queries read from (schema/request_lifecycle.py);
    `transaction_pooling`: `database_url` and `replica_url` are a pooler in transaction mode
    (db/engine.py).
    """
    engine = create_engine(
        database_url, pool_size=pool_size, transaction_pooling=transaction_pooling
    )
    replica = (
        create_engine(replica_url, pool_size=pool_size, transaction_pooling=transaction_pooling)
        if replica_url
        else None
    )
    hub = ChangeHub(
        listen_dsn(listen_url or database_url), engine=engine, max_subscriptions=max_subscriptions
    )
    buckets = (
        CostBuckets(limits.rate_capacity, limits.rate_per_second, clock=clock)
        if limits.rate_limited
        else None
    )

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[dict[str, Any]]:
        if tune_gc:
            tune_garbage_collector()
        yield {}
        await hub.close()
        await engine.dispose()
        if replica is not None:
            await replica.dispose()

    view = SlotgraphGraphQL(
        engine,
        secret,
        hold_minutes=hold_minutes,
        concurrent=pool_size,
        compiled=compiled,
        limits=limits,
        buckets=buckets,
        exposure=exposure,
        provider=provider,
        hub=hub,
        subscriptions_per_connection=subscriptions_per_connection,
        replica=replica,
    )
    routes: list[Route | Mount | WebSocketRoute] = [
        Route("/healthz", health),
        Route(
            "/graphql",
            # Outermost: a refused body (413) gets its request id and log line too.
            RequestLog(BodyLimit(view, limits.max_body_bytes)),
            methods=["GET", "POST"],
        ),
        # Subscriptions: graphql-transport-ws, and graphql-ws for older clients.
        WebSocketRoute("/graphql", view),
    ]
    if enable_floor:
        routes.append(floor_route(engine, secret))
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.hub = hub  # the process's subscriptions (tests and benchmarks look inside)
    return app


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
        exposure=settings.exposure,
        provider=settings.identity_provider(),
        max_subscriptions=settings.max_subscriptions,
        subscriptions_per_connection=settings.subscriptions_per_connection,
        replica_url=settings.replica_url,
        listen_url=settings.listen_url,
        transaction_pooling=settings.transaction_pooling,
    )
