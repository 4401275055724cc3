"""Limits over HTTP, as tests/api/conftest.py's app serves them: oversized bodies are refused
(413) before they are read, probes get their codes, and a bomb holds up no other client."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import httpx

from resolvers.query_limits import DEFAULT_LIMITS, QueryLimits
from server.app import create_app
from tests.support.factories import global_id, make_practice
from tests.support.limit_documents import (
    NODES,
    aliased_typenames,
    operatory_location_nesting,
    skipped_typename,
)
from tests.support.tokens import TEST_SECRET, bearer

CHUNK = 64 * 1024
FIFTY_MB = 50 * 1024 * 1024


class LazyBody:
    """A request body produced chunk by chunk, counting what the server pulled."""

    def __init__(self, size: int, *, pause_after_first: asyncio.Event | None = None) -> None:
        self.size = size
        self.pulled = 0
        self.pause_after_first = pause_after_first

    async def __aiter__(self) -> AsyncIterator[bytes]:
        sent = 0
        while sent < self.size:
            if self.pause_after_first is not None and sent == CHUNK:
                await self.pause_after_first.wait()
            chunk = b" " * min(CHUNK, self.size - sent)
            sent += len(chunk)
            self.pulled += 1
            yield chunk


def refused_as_too_large(response: httpx.Response) -> bool:
    body = response.json()
    return (
        response.status_code == 413
        and body["errors"][0]["extensions"] == {"code": "QUERY_TOO_LARGE"}
        and "Traceback" not in response.text
    )


async def test_a_50_mb_body_is_refused_before_it_is_read(http):
    declared = LazyBody(FIFTY_MB)
    response = await http.post(
        "/graphql",
        content=declared,
        headers={"Content-Type": "application/json", "Content-Length": str(FIFTY_MB)},
    )
    assert refused_as_too_large(response)
    assert declared.pulled == 0  # the declared length was enough
    # without a declared length, it is read only up to the limit
    chunked = LazyBody(FIFTY_MB)
    response = await http.post(
        "/graphql", content=chunked, headers={"Content-Type": "application/json"}
    )
    assert refused_as_too_large(response)
    assert chunked.pulled <= DEFAULT_LIMITS.max_body_bytes // CHUNK + 1


async def test_probes_over_http_get_their_codes_and_no_internals(engine, http):
    practice = await make_practice(engine)
    ids = [global_id("Appointment", uuid.UUID(int=n)) for n in range(100_000)]
    cases = [
        ({"query": operatory_location_nesting(62)}, 200, "QUERY_TOO_DEEP"),
        ({"query": skipped_typename(10_000)}, 200, "QUERY_TOO_LARGE"),
        ({"query": NODES, "variables": {"ids": ids[:101]}}, 200, "TOO_MANY_ITEMS"),
        # bodies over 256 KB: 100,000 ids (6 MB) and 100,000 aliases (1.9 MB)
        ({"query": NODES, "variables": {"ids": ids}}, 413, "QUERY_TOO_LARGE"),
        ({"query": aliased_typenames(100_000)}, 413, "QUERY_TOO_LARGE"),
    ]
    for body, status, code in cases:
        response = await http.post("/graphql", json=body, headers=bearer(practice.staff))
        assert response.status_code == status
        answer = response.json()
        assert [e["extensions"]["code"] for e in answer["errors"]] == [code]
        assert answer.get("data") is None
        assert "Traceback" not in response.text


async def test_another_client_is_answered_while_a_bomb_arrives(engine, http):
    # given a 50 MB upload that stalls after its first chunk until the other client is served
    # (it cannot be refused before: the limit is four chunks away)
    practice = await make_practice(engine)
    other_served = asyncio.Event()
    bomb = LazyBody(FIFTY_MB, pause_after_first=other_served)
    sending = asyncio.create_task(
        http.post("/graphql", content=bomb, headers={"Content-Type": "application/json"})
    )

    async def other_client() -> httpx.Response:
        response = await http.post(
            "/graphql", json={"query": "{ locations { name } }"}, headers=bearer(practice.staff)
        )
        other_served.set()
        return response

    # when CPU bombs arrive at the same time
    bombs = [operatory_location_nesting(62), skipped_typename(10_000), aliased_typenames(20_000)]
    answers = await asyncio.gather(
        other_client(),
        *(http.post("/graphql", json={"query": q}, headers=bearer(practice.staff)) for q in bombs),
    )
    # then the other client got its answer while the upload was held, and every bomb failed
    assert answers[0].json()["data"] == {"locations": [{"name": practice.location.name}]}
    assert [a.json()["errors"][0]["extensions"]["code"] for a in answers[1:]] == [
        "QUERY_TOO_DEEP",
        "QUERY_TOO_LARGE",
        "QUERY_TOO_LARGE",
    ]
    assert refused_as_too_large(await sending)
    assert bomb.pulled <= DEFAULT_LIMITS.max_body_bytes // CHUNK + 1


async def test_limits_come_from_the_app_settings(engine, database_url):
    practice = await make_practice(engine)
    app = create_app(
        database_url,
        secret=TEST_SECRET,
        limits=QueryLimits(max_cost=19, max_body_bytes=100),
    )
    transport = httpx.ASGITransport(app=app)
    headers = bearer(practice.staff) | {"Content-Type": "application/json"}
    async with httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as client:
        body = json.dumps({"query": "{ locations { id } }"})
        refused = await client.post("/graphql", content=body, headers=headers)
        assert refused.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert refused.json()["extensions"]["cost"] == {
            "requestedQueryCost": 20, "maximumAvailable": 19, "remaining": 0}  # fmt: skip
        long_body = json.dumps({"query": "{ locations { id } }" + " " * 100})
        too_long = await client.post("/graphql", content=long_body, headers=headers)
        assert too_long.status_code == 413
