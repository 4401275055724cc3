"""A streaming replica serves queries (DATABASE_REPLICA_URL); mutations read the primary.

The tests start a primary and a hot standby made with pg_basebackup -R (tests/scaleout_cluster.py)
and serve the app over HTTP with both. Pausing the replica's replay makes the two diverge on
purpose: what a request then sees tells which server it read. Waits for replication end on
the replica's replay position (pg_last_wal_replay_lsn), never on a timer.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

import httpx
import pytest
from sqlalchemy import String, Uuid, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine
from db.migrate import upgrade_to_head
from db.request_database import RequestDatabase
from tests.support.factories import Practice, global_id, make_practice
from tests.support.lifecycle_documents import BOOK, MOVE, booking_input
from tests.support.live_server import LiveServer, live_server
from tests.support.scaleout_cluster import (
    DATABASE,
    Cluster,
    caught_up,
    connect,
    new_cluster,
    set_replay,
)
from tests.support.tokens import bearer

WEEK = """
query ($locationId: ID!) {
  calendarWeek(locationId: $locationId, weekStart: "2030-01-07") {
    days { appointments { id startAt } }
  }
}"""
NODE = "query ($id: ID!) { node(id: $id) { id ... on Appointment { startAt version } } }"


async def create_database(cluster: Cluster) -> None:
    """The application's database on the primary, migrated (the replica copies it)."""
    admin = await connect(cluster.url(5432, "postgres"))
    try:
        await admin.execute(f"CREATE DATABASE {DATABASE}")
    finally:
        await admin.close()
    engine = create_engine(cluster.primary_url, pool_size=1)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
async def cluster() -> AsyncIterator[Cluster]:
    servers = new_cluster()
    try:
        servers.start_primary()
        await create_database(servers)
        servers.start_replica()
        yield servers
    finally:
        servers.stop()


@pytest.fixture(scope="module")
async def primary(cluster: Cluster) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(cluster.primary_url, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="module")
async def server(cluster: Cluster) -> AsyncIterator[LiveServer]:
    async with live_server(cluster.primary_url, replica_url=cluster.replica_url) as served:
        yield served


@asynccontextmanager
async def replay_paused(cluster: Cluster) -> AsyncIterator[None]:
    """The replica stops applying the primary's changes until the block ends (and catches up)."""
    await set_replay(cluster.replica_url, paused=True)
    try:
        yield
    finally:
        await set_replay(cluster.replica_url, paused=False)
        await caught_up(cluster.primary_url, cluster.replica_url)


async def _practice(primary: AsyncEngine, cluster: Cluster) -> Practice:
    practice = await make_practice(primary)
    await caught_up(cluster.primary_url, cluster.replica_url)  # the replica knows it too
    return practice


async def _week_ids(server: LiveServer, practice: Practice) -> list[str]:
    location = global_id("Location", practice.location.id)
    data = await server.graphql(practice.staff, WEEK, {"locationId": location})
    return [a["id"] for day in data["calendarWeek"]["days"] for a in day["appointments"]]


async def _book(server: LiveServer, practice: Practice, start: str = "09:00") -> dict:
    data = await server.graphql(
        practice.staff, BOOK, {"input": booking_input(practice, date="2030-01-08", start=start)}
    )
    return data["bookAppointment"]


async def test_a_calendar_reads_the_replica_and_shows_the_primarys_booking_once_replayed(
    cluster, primary, server
):
    practice = await _practice(primary, cluster)
    async with replay_paused(cluster):
        # given a booking committed on the primary while the replica does not replay
        booked = await _book(server, practice)
        assert booked["userErrors"] == []
        # then the week, read on the replica, does not show it yet
        assert await _week_ids(server, practice) == []
    # when the replica has replayed up to the primary's position
    # then the week shows the booking
    assert await _week_ids(server, practice) == [booked["appointment"]["id"]]


async def test_a_mutation_reads_the_primary_while_the_replica_lags(cluster, primary, server):
    practice = await _practice(primary, cluster)
    async with replay_paused(cluster):
        # given a booking the replica has not seen
        booked = (await _book(server, practice))["appointment"]
        # then a query cannot find it (it reads the replica)
        assert (await server.graphql(practice.staff, NODE, {"id": booked["id"]}))["node"] is None
        # when the same slot is booked again: the conflict check reads the primary
        again = await _book(server, practice)
        assert [error["code"] for error in again["userErrors"]] == ["SLOT_CONFLICT"]
        # and the booking is moved: the mutation finds it, and its payload is the primary's
        moved = await server.graphql(
            practice.staff,
            MOVE,
            {
                "input": {
                    "appointmentId": booked["id"],
                    "baseVersion": 1,
                    "slot": {"date": "2030-01-09", "startTime": "10:00"},
                }
            },
        )
        payload = moved["moveAppointment"]
        assert payload["userErrors"] == []
        assert payload["appointment"]["startAt"] == "2030-01-09T16:00:00+00:00"
    # then once replayed, queries show the moved appointment, and it was booked once
    node = (await server.graphql(practice.staff, NODE, {"id": booked["id"]}))["node"]
    assert node == {"id": booked["id"], "startAt": "2030-01-09T16:00:00+00:00", "version": 2}
    assert await _week_ids(server, practice) == [booked["id"]]


class IdRow(Protocol):
    id: uuid.UUID


class SessionRow(Protocol):
    role: str
    recovery: str


async def test_the_organization_and_role_apply_on_the_replica(cluster, primary, server):
    # given two practices, replicated
    ours = await make_practice(primary)
    theirs = await _practice(primary, cluster)
    replica = create_engine(cluster.replica_url, pool_size=1)
    db = RequestDatabase(primary, ours.org.id, replica=replica)
    db.read_from_replica()
    try:
        # when a request of ours reads on the replica with SQL naming no organization
        rows = await db.fetch_all(text("SELECT id FROM patients").columns(id=Uuid), shape=IdRow)
        session = text(
            "SELECT current_user::text AS role, pg_is_in_recovery()::text AS recovery"
        ).columns(role=String, recovery=String)
        role = await db.fetch_all(session, shape=SessionRow)
    finally:
        await db.close()
        await replica.dispose()
    # then row-level security of the request's role showed our rows only, on the standby
    assert db.reads_on_replica
    assert [row.id for row in rows] == [ours.patient.id]
    assert (role[0].role, role[0].recovery) == ("slotgraph_request", "true")
    # and over HTTP another organization's appointment is null there, as on the primary
    booked = (await _book(server, ours))["appointment"]
    await caught_up(cluster.primary_url, cluster.replica_url)
    assert (await server.graphql(theirs.staff, NODE, {"id": booked["id"]}))["node"] is None
    assert (await server.graphql(ours.staff, NODE, {"id": booked["id"]}))["node"]["version"] == 1


async def _post(
    server: LiveServer, practice: Practice, query: str, variables: dict, read_after: str = ""
) -> dict:
    """A request's whole answer (data and extensions); `read_after`: X-Read-After."""
    headers = bearer(practice.staff) | ({"X-Read-After": read_after} if read_after else {})
    async with httpx.AsyncClient(base_url=server.base_url, headers=headers, timeout=30) as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
    body: dict = response.json()
    assert "errors" not in body, body
    return body


async def _booked(server: LiveServer, practice: Practice, start: str) -> tuple[str, str]:
    """A booking's appointment id and its response's readAfter."""
    variables = {"input": booking_input(practice, date="2030-01-08", start=start)}
    body = await _post(server, practice, BOOK, variables)
    return body["data"]["bookAppointment"]["appointment"]["id"], body["extensions"]["readAfter"]


async def _week_after(server: LiveServer, practice: Practice, read_after: str = "") -> list[str]:
    location = {"locationId": global_id("Location", practice.location.id)}
    body = await _post(server, practice, WEEK, location, read_after)
    assert "readAfter" not in body["extensions"]  # a query writes nothing to wait for
    return [a["id"] for day in body["data"]["calendarWeek"]["days"] for a in day["appointments"]]


async def test_a_query_with_a_mutations_read_after_sees_its_write(cluster, primary, server):
    practice = await _practice(primary, cluster)
    async with replay_paused(cluster):
        # given a booking the replica has not replayed, and the position its answer carries
        first, first_position = await _booked(server, practice, "09:00")
        assert re.fullmatch(r"[0-9A-F]+/[0-9A-F]+", first_position)
        # then a week read with that position comes from the primary and shows the booking,
        # one without it (or with a malformed one) from the replica, which does not yet
        assert await _week_after(server, practice, first_position) == [first]
        assert await _week_after(server, practice) == []
        assert await _week_after(server, practice, "latest") == []
    # when the replica has replayed the first booking but not a second one
    async with replay_paused(cluster):
        second, second_position = await _booked(server, practice, "11:00")
        # then the first position is served by the replica (which has the first booking only)
        assert await _week_after(server, practice, first_position) == [first]
        # and the second by the primary, which has both
        assert await _week_after(server, practice, second_position) == [first, second]
