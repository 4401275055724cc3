"""Everything works through PgBouncer in transaction pooling mode (DATABASE_TRANSACTION_POOLING=1),
with the change listener on a direct connection (DATABASE_LISTEN_URL).

The tests start a primary and PgBouncer in front of it (tests/scaleout_cluster.py; PgBouncer
with 4 server connections for the whole app, so client connections share them transaction by
transaction): migrations, the booking flow, queries of two organizations at once, and a
subscription that delivers a booking, all through PgBouncer.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine, driver_options
from db.migrate import upgrade_to_head
from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import BOOK, CANCEL, MOVE, booking_input
from tests.support.live_client import live_client
from tests.support.live_documents import CALENDAR, next_change, subscribed, week_of
from tests.support.live_server import LiveServer, live_server
from tests.support.paths import REPO_ROOT
from tests.support.scaleout_cluster import (
    DATABASE,
    Cluster,
    connect,
    new_cluster,
    pgbouncer_binary,
    wait_for_bouncer,
)
from tests.support.tokens import TEST_SECRET, token_of

WEEK = """
query ($locationId: ID!) {
  calendarWeek(locationId: $locationId, weekStart: "2030-01-07") {
    days { appointments { id status patient { id } } }
  }
}"""


@pytest.fixture(scope="module")
async def cluster() -> AsyncIterator[Cluster]:
    binary = pgbouncer_binary()
    if binary is None:
        pytest.skip("PgBouncer is not installed (apt-get install pgbouncer; .ci/run does)")
    servers = new_cluster()
    try:
        servers.start_primary()
        admin = await connect(servers.url(5432, "postgres"))
        try:
            await admin.execute(f"CREATE DATABASE {DATABASE}")
        finally:
            await admin.close()
        servers.start_bouncer(binary)
        await wait_for_bouncer(servers.bouncer_url)
        yield servers
    finally:
        servers.stop()


@pytest.fixture(scope="module")
async def bounced(cluster: Cluster) -> AsyncIterator[AsyncEngine]:
    """An engine through PgBouncer, after migrating through it (one transaction)."""
    engine = create_engine(cluster.bouncer_url, pool_size=2, transaction_pooling=True)
    await upgrade_to_head(engine)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="module")
async def server(cluster: Cluster, bounced: AsyncEngine) -> AsyncIterator[LiveServer]:
    async with live_server(
        cluster.bouncer_url, transaction_pooling=True, listen_url=cluster.primary_url, pool_size=6
    ) as served:
        yield served


async def test_a_start_up_parameter_pgbouncer_refuses_is_left_out_in_pooling_mode(cluster):
    # given PgBouncer, which passes on only the start-up parameters it tracks
    options = driver_options(transaction_pooling=False)
    # then the direct connection's jit setting is refused, and the pooling mode's options work
    with pytest.raises(asyncpg.PostgresError, match="jit"):
        await connect(cluster.bouncer_url, **options)
    connection = await connect(cluster.bouncer_url, **driver_options(transaction_pooling=True))
    try:
        assert await connection.fetchval("SHOW timezone") == "UTC"
    finally:
        await connection.close()


async def test_the_booking_flow_and_a_subscription_work_through_pgbouncer(bounced, server):
    practice = await make_practice(bounced)
    async with live_client(server.ws_url, token=token_of(practice.staff)) as client:
        # given a front desk subscribed to the week (its listener connects directly)
        await subscribed(client, "week", CALENDAR, week_of(practice))
        # when a booking is made, moved and cancelled over HTTP through PgBouncer
        book = {"input": booking_input(practice, date="2030-01-08", start="09:00")}
        booked = (await server.graphql(practice.staff, BOOK, book))["bookAppointment"]
        assert booked["userErrors"] == []
        appointment = booked["appointment"]["id"]
        # then the subscriber gets it
        event = await next_change(client, "week")
        assert (event["kind"], event["appointmentId"]) == ("BOOKED", appointment)
        moved = await server.graphql(
            practice.staff,
            MOVE,
            {
                "input": {
                    "appointmentId": appointment,
                    "baseVersion": 1,
                    "slot": {"date": "2030-01-09", "startTime": "10:00"},
                }
            },
        )
        assert moved["moveAppointment"]["userErrors"] == []
        assert (await next_change(client, "week"))["kind"] == "MOVED"
        cancel = {"appointmentId": appointment, "baseVersion": 2, "cancelledBy": "PRACTICE"}
        cancelled = await server.graphql(practice.staff, CANCEL, {"input": cancel})
        assert cancelled["cancelAppointment"]["appointment"]["status"] == "CANCELLED"
        gone = await next_change(client, "week")
        assert (gone["kind"], gone["removed"]) == ("CANCELLED", True)


async def test_organizations_stay_apart_when_their_requests_share_server_connections(
    bounced, server
):
    # given two practices with one booking each
    practices = [await make_practice(bounced) for _ in range(2)]
    booked = {}
    for practice in practices:
        book = {"input": booking_input(practice, date="2030-01-08", start="09:00")}
        data = await server.graphql(practice.staff, BOOK, book)
        booked[practice.org.id] = data["bookAppointment"]["appointment"]["id"]

    async def week(practice):
        location = global_id("Location", practice.location.id)
        data = await server.graphql(practice.staff, WEEK, {"locationId": location})
        return practice, data["calendarWeek"]["days"]

    # when 40 calendar requests of both run at once over PgBouncer's 4 server connections
    answers = await asyncio.gather(*(week(practices[i % 2]) for i in range(40)))
    # then each saw its own organization's booking only (the organization is set per
    # transaction, so nothing of one request's is left on a connection the next one gets)
    for practice, days in answers:
        seen = [a["id"] for day in days for a in day["appointments"]]
        assert seen == [booked[practice.org.id]]


def test_slotgraph_migrate_runs_through_pgbouncer(cluster, bounced):
    env = {
        **os.environ,
        "DATABASE_URL": cluster.bouncer_url,
        "DATABASE_TRANSACTION_POOLING": "1",
        "SLOTGRAPH_SECRET": TEST_SECRET,
    }
    result = subprocess.run(
        [sys.executable, "-c", "from server.cli import main; main()", "migrate"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "database is at the newest schema" in result.stdout
