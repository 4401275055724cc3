"""RequestLog around an app that fails: a 500 with an error id the log line carries too, the
exception's text nowhere; the request line either way."""

from __future__ import annotations

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from server.request_log import RequestLog
from tests.support.log_capture import captured_log

SECRET = "Zebulon Quixotefax, note: latex allergy"


async def failing(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError(SECRET)


async def failing_midway(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    raise RuntimeError(SECRET)


def client(app: RequestLog) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_an_exception_escaping_the_app_is_a_500_with_an_error_id():
    with captured_log() as log:
        async with client(RequestLog(failing)) as http:
            response = await http.post("/graphql", json={}, headers={"X-Request-Id": "ticket-7"})
    assert (response.status_code, response.headers["x-request-id"]) == (500, "ticket-7")
    [error] = response.json()["errors"]
    assert error["message"] == "Internal server error"
    assert error["extensions"]["code"] == "INTERNAL"
    assert SECRET not in log.text
    failure, request = [r for r in log.records() if r["logger"] == "slotgraph.requests"]
    assert (failure["level"], failure["errorId"]) == ("ERROR", error["extensions"]["errorId"])
    assert failure["exception"]["type"] == "RuntimeError"
    assert failure["requestId"] == request["requestId"] == "ticket-7"
    assert (request["status"], request["outcome"], request["level"]) == (500, "INTERNAL", "WARNING")
    assert request["errorIds"] == [failure["errorId"]]


async def test_an_exception_after_the_response_started_is_logged_and_raised():
    with captured_log() as log:
        async with client(RequestLog(failing_midway)) as http:
            # Raised on to the server, which cuts the response short (httpx's test transport
            # raises it here).
            with pytest.raises(RuntimeError):
                await http.post("/graphql", json={})
    assert SECRET not in log.text
    failure, request = [r for r in log.records() if r["logger"] == "slotgraph.requests"]
    assert (failure["msg"], request["status"], request["outcome"]) == (
        "unhandled error",
        200,
        "INTERNAL",
    )
