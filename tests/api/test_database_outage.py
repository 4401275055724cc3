"""A database outage: HTTP 503 with Retry-After and SERVICE_UNAVAILABLE, never INTERNAL."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from db.demo.ids import DEMO_ORG_ID
from resolvers.viewer import Role, Viewer
from server.app import create_app
from tests.support.tokens import TEST_SECRET, bearer


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def outage_client():
    url = f"postgresql://postgres@127.0.0.1:{closed_port()}/slotgraph"
    app = create_app(url, secret=TEST_SECRET)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as client:
        yield client


STAFF = Viewer(organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="outage")


@pytest.mark.parametrize(
    "document",
    [
        "{ locations { id name } }",
        'mutation { createLocation(input: {name: "X", timeZone: "UTC"}) '
        "{ location { id } userErrors { code } } }",
    ],
)
async def test_a_database_outage_is_503_with_retry_after(outage_client, document, caplog):
    caplog.set_level(logging.WARNING, logger="slotgraph.errors")
    response = await outage_client.post("/graphql", json={"query": document}, headers=bearer(STAFF))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    errors = response.json()["errors"]
    assert {error["extensions"]["code"] for error in errors} == {"SERVICE_UNAVAILABLE"}
    assert errors[0]["message"] == "The database is unavailable; retry in a few seconds"
    # one warning line per error, no traceback
    records = [r for r in caplog.records if r.name == "slotgraph.errors"]
    assert records
    assert all(r.levelname == "WARNING" and r.exc_info is None for r in records)


async def test_queries_without_the_database_still_answer(outage_client):
    response = await outage_client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}
