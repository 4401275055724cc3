"""The GraphQL view: Strawberry's ASGI view with our context, orjson, an admission limit,
operations by hash and the HTTP statuses an error result asks for."""

from __future__ import annotations

import asyncio
import json
import math
from datetime import timedelta
from typing import Any, Literal, overload

import orjson
from cross_web import AsyncHTTPRequestAdapter
from graphql import GraphQLError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from resolvers.context import RequestContext
from resolvers.live.context import LiveContext
from resolvers.live.hub import ChangeHub
from resolvers.query_limits import QueryLimits
from resolvers.rate_limit import CostBuckets
from schema.assembled import schema
from schema.error_policy import SERVICE_UNAVAILABLE
from schema.limits.errors import THROTTLED
from schema.request_lifecycle import READ_AFTER_HEADER, read_after
from server.jwks import IdentityProvider
from server.live_socket import (
    LegacyWSByHash,
    TextFrames,
    TransportWSByHash,
    log_subscription,
    persisted_admission,
    sign_in_from_params,
)
from server.operation_manifest import load_manifest
from server.persisted_queries import METHOD_NOT_ALLOWED, PersistedQueries, PersistedQueryRefused
from server.plain_request import plain_request
from server.request_log import report_of
from server.settings import Exposure
from server.token_cache import TokenCache
from server.tokens import InvalidToken

# What a 503 for a database outage asks clients to wait before retrying.
RETRY_AFTER_SECONDS = "5"
# Subscriptions one WebSocket connection may run at once (a setting).
DEFAULT_SUBSCRIPTIONS_PER_CONNECTION = 20
# A WebSocket connection must send connection_init this soon after opening.
CONNECTION_INIT_TIMEOUT = timedelta(seconds=10)


class SlotgraphGraphQL(GraphQL):
    """Strawberry's ASGI view with our context, orjson responses, an admission limit and
    operations by hash (server/persisted_queries.py: the shared operations, documents staff
    registered, and GET for queries by hash only).

    At most `concurrent` operations execute at once; more wait in line (first come, first
    served) before they hold anything. A request keeps its read connection until its operation
    ends (and one ROLLBACK longer, sent while the response goes out) and a mutation takes a
    second one for its transaction (mutations run one after another), so with `concurrent`
    equal to the pool size and as much overflow again, every admitted request gets its
    connections at once: a burst queues here instead of timing out in the pool, and requests
    cannot all hold a read connection while waiting for a write one.
    (A query running several transactions side by side, e.g. aliased checkConflicts, can still
    wait in the pool; so can the benchmark floor route, which bypasses this view.)
    """

    # Subscriptions by persisted id too, and every message in a text frame (server/live_socket.py).
    graphql_transport_ws_handler_class = TransportWSByHash
    graphql_ws_handler_class = LegacyWSByHash
    websocket_adapter_class = TextFrames

    def __init__(
        self,
        engine: AsyncEngine,
        secret: str,
        *,
        hold_minutes: float,
        concurrent: int,
        compiled: bool,
        limits: QueryLimits,
        buckets: CostBuckets | None,
        exposure: Exposure,
        provider: IdentityProvider | None = None,
        hub: ChangeHub | None = None,
        subscriptions_per_connection: int = DEFAULT_SUBSCRIPTIONS_PER_CONNECTION,
        replica: AsyncEngine | None = None,
    ) -> None:
        # Queries via GET are allowed by Strawberry but refused here unless by hash.
        graphql_ide: Literal["graphiql"] | None = "graphiql" if exposure.graphiql else None
        super().__init__(
            schema,
            graphql_ide=graphql_ide,
            allow_queries_via_get=True,
            connection_init_wait_timeout=CONNECTION_INIT_TIMEOUT,
            max_subscriptions_per_connection=subscriptions_per_connection,
        )
        self.hub = hub
        self.engine = engine
        # Queries' reads (over HTTP) go here when set; subscriptions read on the primary.
        self.replica = replica
        # Verified tokens, until they expire: a signature is checked once per token.
        self.tokens = TokenCache(secret=secret, provider=provider)
        self.hold_minutes = hold_minutes
        self.compiled = compiled
        self.limits = limits
        self.buckets = buckets
        self.exposure = exposure
        self.persisted = PersistedQueries(load_manifest(), persisted_only=exposure.persisted_only)
        self.admission = asyncio.Semaphore(concurrent)
        self.closing: set[asyncio.Task[None]] = set()

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A GET by hash has no `query` either; only a request without `extensions` is a page.
        # (The method first: a POST's query string is not parsed to find that out.)
        return (
            request.method == "GET"
            and "extensions" not in request.query_params
            and super().should_render_graphql_ide(request)
        )

    @overload
    async def run(
        self, request: Request, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response: ...

    @overload
    async def run(
        self, request: WebSocket, context: Any = UNSET, root_value: Any = UNSET
    ) -> WebSocket: ...

    async def run(
        self,
        request: Request | WebSocket,
        context: Any = UNSET,
        root_value: Any = UNSET,
    ) -> Response | WebSocket:
        """Strawberry's view, with a plain JSON POST of one operation served in fewer steps
        (server/plain_request.py); the same context, execution, result and response."""
        if isinstance(request, Request) and context is UNSET and root_value is UNSET:
            request_data = await plain_request(request, self.decode_json)
            if request_data is not None:
                return await self._run_plain(request, request_data)
        return await super().run(request, context, root_value)

    async def _run_plain(self, request: Request, request_data: GraphQLRequestData) -> Response:
        # As Strawberry's run for this request: context, execute_single, process_result.
        sub_response = await self.get_sub_response(request)
        context = await self.get_context(request, response=sub_response)
        adapter = self.request_adapter_class(request)
        result = await self.execute_single(
            request, adapter, sub_response, context, None, request_data
        )
        response_data = await self.process_result(request=request, result=result)
        if result.errors:
            self._handle_errors(result.errors, response_data)
        return self.create_response(response_data=response_data, sub_response=sub_response)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Any,  # our RequestContext (get_context)
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        method = request_adapter.method
        try:
            resolved = self.persisted.resolve(request_data, context.viewer_or_none, method)
        except PersistedQueryRefused as refused:
            return self._refuse(refused, sub_response, method)
        async with self.admission:
            try:
                result = await super().execute_single(
                    request=request,
                    request_adapter=request_adapter,
                    sub_response=sub_response,
                    context=context,
                    root_value=root_value,
                    request_data=resolved.request_data,
                )
            finally:
                context.release_loaded()
                self._release_soon(context)
        if resolved.register is not None and result.data is not None:
            # It parsed, validated and ran: worth remembering.
            self.persisted.register(resolved.register, resolved.request_data.query or "")
        if method == "GET":
            self._cache_headers(sub_response, cacheable=not result.errors)
        _retry_later_status(result, sub_response)
        return result

    def _release_soon(self, context: RequestContext) -> None:
        """Give back the read connection: kept as it is for the next request when that sends
        nothing to the server (db/read_scope.py), else ended while the response goes out (the
        client need not wait for a RESET's or ROLLBACK's round trip)."""
        if context.db.release_as_is():
            return  # kept for the next request with nothing to send
        closing = asyncio.create_task(context.db.close())
        self.closing.add(closing)  # a task must be referenced until it is done
        closing.add_done_callback(self.closing.discard)

    def _refuse(
        self, refused: PersistedQueryRefused, sub_response: Response, method: str
    ) -> ExecutionResult:
        if refused.status != 200:
            sub_response.status_code = refused.status
        if refused.code == METHOD_NOT_ALLOWED:
            sub_response.headers["Allow"] = "POST"
        if method == "GET":
            self._cache_headers(sub_response, cacheable=False)
        error = GraphQLError(refused.message, extensions={"code": refused.code})
        return ExecutionResult(data=None, errors=[error])

    def _cache_headers(self, sub_response: Response, *, cacheable: bool) -> None:
        # Answers depend on the bearer token: never in a shared cache, and a browser's own
        # cache keys them on the Authorization header too. Errors are not kept at all.
        max_age = self.exposure.get_max_age
        sub_response.headers["Cache-Control"] = (
            f"private, max-age={max_age}" if cacheable else "private, no-store"
        )
        sub_response.headers["Vary"] = "Authorization"

    async def get_context(  # type: ignore[override]
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        # Behind a proxy uvicorn takes the address from X-Forwarded-For (FORWARDED_ALLOW_IPS).
        client = request.client.host if request.client is not None else None
        report = report_of(request.scope)
        shared: dict[str, Any] = {
            "compiled": self.compiled,
            "limits": self.limits,
            "buckets": self.buckets,
            "client": client,
            "introspection": self.exposure.introspection,
            "report": report,
        }
        # A WebSocket connection's context: each subscription gets its own (LiveContext),
        # reading on the primary, which announced the change it reads.
        kind = LiveContext if isinstance(request, WebSocket) else RequestContext
        if kind is RequestContext:
            shared["replica"] = self.replica
        expires = None
        try:
            header = request.headers.get("authorization")
            viewer, expires = await self.tokens.authenticate_until(header)
        except InvalidToken as exc:
            # Resolvers raise UNAUTHENTICATED when they need a caller; introspection works without.
            context = kind.create(self.engine, None, auth_error=str(exc), **shared)
        else:
            context = kind.create(self.engine, viewer, hold_minutes=self.hold_minutes, **shared)
        if isinstance(context, LiveContext):
            context.token_expires = expires
            context.hub, context.admission = self.hub, self.admission
            context.admit = persisted_admission(self.persisted)
            context.finished = log_subscription
        else:
            # execute_single returns the read connection without making the response wait.
            context.release_after_response = isinstance(request, Request)
            context.read_after = read_after(request.headers.get(READ_AFTER_HEADER))
        return context

    async def on_ws_connect(self, context: Any) -> Any:
        # connection_init: a token in its payload names the caller (browsers send no header).
        await sign_in_from_params(context, self.tokens.authenticate_until)
        return await super().on_ws_connect(context)

    def decode_json(self, data: str | bytes) -> object:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            # What orjson refuses and the standard library reads (NaN, lone surrogates, integers
            # beyond 64 bits) is read as before; invalid JSON fails there as before.
            try:
                return json.loads(data)
            except RecursionError as exc:
                # Nested deeper than the interpreter recurses (orjson stops at 1,024 levels):
                # invalid JSON to the client (HTTP 400), not an internal error.
                raise json.JSONDecodeError("Nested too deeply", "", 0) from exc

    def encode_json(self, data: object) -> bytes:
        try:
            return orjson.dumps(data)
        except TypeError:
            # A lone surrogate (valid in a client's JSON, echoed in an error message about
            # that value) is no UTF-8: orjson refuses it, the standard encoder escapes it.
            return json.dumps(data).encode()


def _retry_later_status(result: ExecutionResult, sub_response: Response) -> None:
    """HTTP 503 or 429 with Retry-After when the result says to retry later."""
    for error in result.errors or ():
        extensions = error.extensions or {}
        code = extensions.get("code")
        # A database outage is the server's state, not the request's, and a throttled
        # request may be retried later: HTTP says so too, with when.
        if code == SERVICE_UNAVAILABLE:
            status, retry_after = 503, RETRY_AFTER_SECONDS
        elif code == THROTTLED:
            status = 429
            retry_after = str(max(1, math.ceil(extensions["retryAfterSeconds"])))
        else:
            continue
        sub_response.status_code = status
        sub_response.headers["Retry-After"] = retry_after
        return
