"""Subscriptions over WebSocket: the connection's caller, its context, one log line per
subscription.

The bearer token comes in the handshake's `Authorization` header (clients that can set one)
or in the connection_init payload as `Authorization: Bearer <token>` (browsers cannot set
headers on a WebSocket; GraphiQL sends its headers tab there), which wins when both come.
A missing or bad token does not close the connection: each subscription then answers
UNAUTHENTICATED, as a query over HTTP would.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy.engine import make_url
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http import GraphQLRequestData
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import StartMessage

from resolvers.live.context import LiveContext
from resolvers.request_report import RequestReport
from resolvers.viewer import Viewer
from server.log_format import FIELDS
from server.persisted_queries import PersistedQueries, PersistedQueryRefused
from server.request_log import report_fields, troubled
from server.tokens import InvalidToken

logger = logging.getLogger("slotgraph.requests")


def listen_dsn(database_url: str) -> str:
    """The database URL as asyncpg's DSN, for the process's listening connection."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def init_authorization(params: Mapping[str, Any] | None) -> str | None:
    """The `Authorization` value of a connection_init payload (any letter case), if any."""
    for key, value in (params or {}).items():
        if isinstance(key, str) and key.lower() == "authorization":
            return value if isinstance(value, str) else ""
    return None


async def sign_in_from_params(
    context: LiveContext, authenticate: Callable[[str | None], Awaitable[tuple[Viewer, float]]]
) -> None:
    """Take the caller from the connection_init payload when it names one."""
    header = init_authorization(context.connection_params)
    if header is None:
        return  # the handshake's header (or none) stands
    try:
        viewer, expires = await authenticate(header)
    except InvalidToken as exc:
        context.sign_in(None, str(exc))
    else:
        context.sign_in(viewer, None, expires)


class TextFrames(ASGIWebSocketAdapter):
    """Every message in a text frame. The view encodes JSON as bytes (orjson, for HTTP), which
    Strawberry would send as binary frames: Python clients take those, but the graphql-ws
    client in a browser (GraphiQL's) parses only text and fails on them ("Message is missing
    the 'type' property"). tests/api/test_graphiql_browser.py watches this."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        encoded = self.view.encode_json(message)
        try:
            await self.ws.send_text(encoded.decode() if isinstance(encoded, bytes) else encoded)
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class RefusedDocument(str):
    """The `query` a subscribe message gets when its persisted query is refused (its text is
    the message): the schema's stream answers it as that operation's error, with its log line,
    after Strawberry's own checks of the message (acknowledged, a new id, the limit)."""

    code: str

    @classmethod
    def of(cls, refused: PersistedQueryRefused) -> RefusedDocument:
        document = cls(refused.message)
        document.code = refused.code
        return document


def by_hash(persisted: PersistedQueries, viewer: Viewer | None, payload: Any) -> Any:
    """A subscribe message's payload with the document its `extensions.persistedQuery` names
    (the HTTP view's rules: the manifest, or a document staff registered), else as it came."""
    extensions = payload.get("extensions") if isinstance(payload, dict) else None
    if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
        return payload
    query = payload.get("query")
    data = GraphQLRequestData(
        query=query if isinstance(query, str) else None,
        variables=None,
        operation_name=payload.get("operationName"),
        extensions=extensions,
    )
    try:
        resolved = persisted.resolve(data, viewer, "POST")
    except PersistedQueryRefused as refused:
        return {**payload, "query": RefusedDocument.of(refused)}
    return {**payload, "query": resolved.request_data.query}


def _with_document(view: Any, context: Any, message: Any) -> Any:
    """A subscribe (start) message with its persisted query's document (the view's rules)."""
    payload = message.get("payload")
    resolved = by_hash(view.persisted, context.viewer_or_none, payload)
    return message if resolved is payload else {**message, "payload": resolved}


class TransportWSByHash(BaseGraphQLTransportWSHandler[Any, Any]):
    """graphql-transport-ws, with subscriptions by persisted id (`extensions.persistedQuery`)."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        await super().handle_subscribe(_with_document(self.view, self.context, message))


class LegacyWSByHash(BaseGraphQLWSHandler[Any, Any]):
    """The legacy graphql-ws protocol, with subscriptions by persisted id."""

    async def handle_start(self, message: StartMessage) -> None:
        await super().handle_start(_with_document(self.view, self.context, message))


def persisted_admission(persisted: PersistedQueries) -> Any:
    """What refuses a subscription from a persisted-only role (the HTTP view's rule), or
    one whose persisted query was refused (by_hash)."""

    def admit(viewer: Viewer | None, query: str | None) -> tuple[str, str] | None:
        if isinstance(query, RefusedDocument):
            return query.code, str(query)
        data = GraphQLRequestData(query=query, variables=None, operation_name=None, extensions=None)
        try:
            persisted.resolve(data, viewer, "POST")
        except PersistedQueryRefused as refused:
            return refused.code, refused.message
        return None

    return admit


def log_subscription(report: RequestReport, seconds: float) -> None:
    """One line when a subscription ends, as a request's (server/request_log.py)."""
    outcome = ",".join(report.codes) if report.codes else "ok"
    fields = {"method": "WS", **report_fields(report, seconds, outcome)}
    level = logging.WARNING if troubled(report) else logging.INFO
    logger.log(level, "subscription", extra={FIELDS: fields})
