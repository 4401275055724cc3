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
from strawberry.http import GraphQLRequestData

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


def persisted_admission(persisted: PersistedQueries) -> Any:
    """What refuses a subscription from a persisted-only role (the HTTP view's rule)."""

    def admit(viewer: Viewer | None, query: str | None) -> tuple[str, str] | None:
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
