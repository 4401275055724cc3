"""One log line per GraphQL request, under a request id that the response carries too.

The line holds what operators need to follow traffic and failures (operation, caller's role
and organization, duration, cost, outcome, status) and nothing a request carried in: no
variables, query text, tokens or error messages (resolvers/request_report.py).
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resolvers.request_report import RequestReport, new_error_id
from schema.error_policy import INTERNAL, INTERNAL_MESSAGE, SERVICE_UNAVAILABLE
from server.log_format import FIELDS, current_request_id

logger = logging.getLogger("slotgraph.requests")

REQUEST_ID_HEADER = b"x-request-id"
# Where the view finds the request's report in the ASGI scope.
REPORT_KEY = "slotgraph.report"
# An incoming id is kept only if it is short and plain (it is logged and sent back).
_SAFE_ID = re.compile(rb"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_TROUBLE = {INTERNAL, SERVICE_UNAVAILABLE}


def report_of(scope: Scope) -> RequestReport:
    """The report of the request in `scope` (a fresh one outside RequestLog)."""
    report = scope.get(REPORT_KEY)
    return report if isinstance(report, RequestReport) else RequestReport()


class RequestLog:
    """ASGI wrapper: request id in, request id out, one line when the response is done.

    An exception escaping the app is logged with its frames and an error id and, unless the
    response has started, answered here with a 500 carrying that id (instead of the server's
    plain 500 and its log line with the exception's text).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _incoming_id(scope) or secrets.token_hex(8)
        report = RequestReport()
        scope[REPORT_KEY] = report
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", ()), (REQUEST_ID_HEADER, request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        token = current_request_id.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            error_id = new_error_id()
            report.error(INTERNAL, error_id)
            logger.error("unhandled error", extra={FIELDS: {"errorId": error_id}}, exc_info=exc)
            if status:
                raise  # the response started: the server must cut the connection short
            await _internal_error(send_with_id, error_id)
        finally:
            _log_request(scope, report, status, time.perf_counter() - started)
            current_request_id.reset(token)


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER:
            return value.decode("ascii") if _SAFE_ID.fullmatch(value) else None
    return None


def _log_request(scope: Scope, report: RequestReport, status: int, seconds: float) -> None:
    codes = report.codes
    outcome = ",".join(codes) if codes else "ok" if 0 < status < 400 else f"HTTP_{status}"
    fields = report_fields(report, seconds, outcome)
    fields = {"method": scope.get("method"), "status": status, **fields}
    trouble = status >= 500 or troubled(report)
    logger.log(logging.WARNING if trouble else logging.INFO, "request", extra={FIELDS: fields})


def report_fields(report: RequestReport, seconds: float, outcome: str) -> dict[str, Any]:
    """What a request's (or a subscription's) line says of it."""
    fields: dict[str, Any] = {
        "durationMs": round(seconds * 1000, 2),
        "outcome": outcome,
        "operationName": report.operation_name,
        "operationType": report.operation_type,
        "role": report.role,
        "organizationId": report.organization_id,
        "cost": report.cost,
    }
    if report.error_ids:
        fields["errorIds"] = report.error_ids
    return fields


def troubled(report: RequestReport) -> bool:
    """Whether the outcome is the server's trouble (a warning), not the client's."""
    return not _TROUBLE.isdisjoint(report.codes)


async def _internal_error(send: Send, error_id: str) -> None:
    body = orjson.dumps(
        {
            "errors": [
                {
                    "message": INTERNAL_MESSAGE,
                    "extensions": {"code": INTERNAL, "errorId": error_id},
                }
            ]
        }
    )
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})
