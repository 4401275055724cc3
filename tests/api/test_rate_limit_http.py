"""The rate limit over HTTP: a token that spent its bucket gets 429 with Retry-After and
THROTTLED, nothing of its request runs, other callers are unaffected, and it is served again
once the wait has passed (on the app's injected clock)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette

from resolvers.query_limits import QueryLimits
from resolvers.viewer import Role, Viewer
from server.app import create_app
from tests.support.factories import make_practice
from tests.support.rate_limit import CREATE_LOCATION, LOCATIONS, Clock
from tests.support.tokens import TEST_SECRET, bearer

# A bucket of 100 points restored at 10 a second: five LOCATIONS (20 each) empty it.
TINY = QueryLimits(max_cost=100, rate_capacity=100, rate_per_second=10)


@asynccontextmanager
async def client(app: Starlette, address: str = "127.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as http:
        yield http


def throttled(response: httpx.Response, retry_after: str) -> dict:
    """The refusal's error extensions, once its HTTP shape is checked."""
    assert response.status_code == 429
    assert response.headers["retry-after"] == retry_after
    answer = response.json()
    assert answer["data"] is None
    (error,) = answer["errors"]
    assert error["extensions"]["code"] == "THROTTLED"
    assert "Traceback" not in response.text
    return error["extensions"]


async def test_a_token_is_throttled_until_its_bucket_refills(engine, database_url):
    practice = await make_practice(engine)
    other_org = await make_practice(engine)
    colleague = Viewer(organization_id=practice.org.id, role=Role.STAFF, subject="colleague")
    clock = Clock()
    app = create_app(database_url, secret=TEST_SECRET, limits=TINY, clock=clock)
    async with client(app) as http:
        query = {"query": LOCATIONS}
        for _ in range(5):
            answered = await http.post("/graphql", json=query, headers=bearer(practice.staff))
            assert answered.status_code == 200
            assert answered.json()["data"]["locations"]
        assert answered.json()["extensions"]["cost"]["throttleStatus"] == {
            "maximumAvailable": 100, "currentlyAvailable": 0, "restoreRate": 10}  # fmt: skip
        # the sixth needs 20 points, restored in 2 s
        refused = await http.post("/graphql", json=query, headers=bearer(practice.staff))
        assert throttled(refused, "2") == {
            "code": "THROTTLED",
            "retryAfterSeconds": 2,
            "throttleStatus": {"maximumAvailable": 100, "currentlyAvailable": 0, "restoreRate": 10},
        }
        assert refused.json()["extensions"]["cost"]["requestedQueryCost"] == 20
        # another subject of the organization and another organization have their own buckets
        for viewer in (colleague, other_org.staff):
            response = await http.post("/graphql", json=query, headers=bearer(viewer))
            assert response.status_code == 200
            assert response.json()["data"]["locations"]
        # 1.9 s later it still waits (a whole second, as Retry-After counts); at 2 s it is served
        clock.now += 1.9
        assert throttled(
            await http.post("/graphql", json=query, headers=bearer(practice.staff)), "1"
        )
        clock.now += 0.1
        again = await http.post("/graphql", json=query, headers=bearer(practice.staff))
        assert again.status_code == 200
        assert again.json()["data"]["locations"]


async def test_a_throttled_mutation_changes_nothing(engine, database_url):
    practice = await make_practice(engine)
    clock = Clock()
    app = create_app(database_url, secret=TEST_SECRET, limits=TINY, clock=clock)
    async with client(app) as http:
        for _ in range(4):  # 80 of 100 points: the mutation's 22 does not fit
            await http.post("/graphql", json={"query": LOCATIONS}, headers=bearer(practice.staff))
        mutation = {"query": CREATE_LOCATION}
        refused = await http.post("/graphql", json=mutation, headers=bearer(practice.staff))
        assert throttled(refused, "1")["retryAfterSeconds"] == 0.2
        clock.now += 60
        response = await http.post(
            "/graphql", json={"query": LOCATIONS}, headers=bearer(practice.staff)
        )
        assert len(response.json()["data"]["locations"]) == 1  # the practice's own, no other
        created = await http.post("/graphql", json=mutation, headers=bearer(practice.staff))
        assert created.json()["data"]["createLocation"]["userErrors"] == []


async def test_requests_without_a_valid_token_share_a_bucket_per_address(engine, database_url):
    practice = await make_practice(engine)
    app = create_app(database_url, secret=TEST_SECRET, limits=TINY, clock=Clock())
    query = {"query": LOCATIONS}
    async with client(app, "10.0.0.1") as http, client(app, "10.0.0.2") as neighbour:
        # charged like any request, though every field answers UNAUTHENTICATED
        for headers in ({}, {"Authorization": "Bearer forged"}) * 2 + ({},):
            response = await http.post("/graphql", json=query, headers=headers)
            assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        throttled(await http.post("/graphql", json=query), "2")
        # a valid token from that address, and another address, are not held back
        assert (await http.post("/graphql", json=query, headers=bearer(practice.staff))).is_success
        response = await neighbour.post("/graphql", json=query)
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        # the cost limit holds for everyone first: a query over it is refused, uncharged
        costly = {"query": "{ a: locations { id } b: locations { id } c: locations { id } "
                  "d: locations { id } e: locations { id } f: locations { id } }"}  # fmt: skip
        refused = await neighbour.post("/graphql", json=costly)
        assert refused.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert "throttleStatus" not in refused.json()["extensions"]["cost"]


async def test_the_rate_limit_can_be_turned_off(engine, database_url):
    practice = await make_practice(engine)
    limits = QueryLimits(max_cost=100, rate_limited=False, rate_capacity=1)
    app = create_app(database_url, secret=TEST_SECRET, limits=limits, clock=Clock())
    async with client(app) as http:
        for _ in range(10):
            response = await http.post(
                "/graphql", json={"query": LOCATIONS}, headers=bearer(practice.staff)
            )
            assert response.status_code == 200
            assert "throttleStatus" not in response.json()["extensions"]["cost"]
