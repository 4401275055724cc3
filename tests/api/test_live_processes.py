"""Two `slotgraph serve` processes on one database: a change committed through one reaches
subscribers of the other (PostgreSQL's NOTIFY, one listener per process), and a burst reaches
200 subscribers whole."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import AsyncExitStack

import pytest

from tests.support.factories import make_practice
from tests.support.lifecycle_documents import BOOK, booking_input
from tests.support.live_client import live_client
from tests.support.live_documents import CALENDAR, next_change, subscribed, week_of
from tests.support.live_server import post_graphql
from tests.support.serve_processes import serve_process, stop, wait_healthy
from tests.support.tokens import token_of


@pytest.fixture(scope="module")
def two_servers(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Two server processes (one worker each) on the test database: their base URLs."""
    logs = tmp_path_factory.mktemp("live")
    started = [serve_process(database_url, logs / f"server{n}.log") for n in range(2)]
    try:
        for (process, base_url), n in zip(started, range(2), strict=True):
            wait_healthy(base_url, process, logs / f"server{n}.log")
        yield [base_url for _, base_url in started]
    finally:
        for process, _ in started:
            stop(process)


def _ws(base_url: str) -> str:
    return base_url.replace("http://", "ws://") + "/graphql"


async def test_a_booking_made_through_one_process_reaches_a_subscriber_of_the_other(
    engine, two_servers
):
    practice = await make_practice(engine)
    first, second = two_servers
    async with live_client(_ws(first), token=token_of(practice.staff)) as client:
        await subscribed(client, "week", CALENDAR, week_of(practice))
        data = await post_graphql(
            second, practice.staff, BOOK, {"input": booking_input(practice, date="2030-01-08")}
        )
        booked = data["bookAppointment"]["appointment"]
        # the wait only bounds a hang; the benchmark measures how soon (README)
        event = await next_change(client, "week")
        assert (event["cursor"], event["kind"], event["appointmentId"]) == (
            "1",
            "BOOKED",
            booked["id"],
        )
        assert event["appointment"]["startAt"] == "2030-01-08T15:00:00+00:00"


SUBSCRIBERS = 200
BURST = 100


async def test_a_burst_reaches_200_subscribers_whole(engine, two_servers):
    practice = await make_practice(engine)
    first, second = two_servers
    async with AsyncExitStack() as stack:
        # given 200 subscribers of one week on the first process, each on its own connection
        clients = []
        for _ in range(SUBSCRIBERS // 20):
            batch = await asyncio.gather(
                *(
                    stack.enter_async_context(
                        live_client(_ws(first), token=token_of(practice.staff))
                    )
                    for _ in range(20)
                )
            )
            await asyncio.gather(
                *(subscribed(client, "week", CALENDAR, week_of(practice)) for client in batch)
            )
            clients += batch
        # when 100 bookings commit through the second, four at a time
        slots = [(f"2030-01-{7 + n // 15:02d}", f"{5 + n % 15:02d}:00") for n in range(BURST)]

        async def book(date: str, start: str) -> str:
            data = await post_graphql(
                second,
                practice.staff,
                BOOK,
                {"input": booking_input(practice, date=date, start=start)},
            )
            assert data["bookAppointment"]["userErrors"] == []
            return str(data["bookAppointment"]["appointment"]["id"])

        booked: list[str] = []
        for n in range(0, BURST, 4):
            booked += await asyncio.gather(*(book(*slot) for slot in slots[n : n + 4]))

        # then every subscriber receives each of them, in commit order
        async def received(client) -> list[tuple[str, str]]:
            events = [await next_change(client, "week") for _ in range(BURST)]
            return [(event["cursor"], event["appointmentId"]) for event in events]

        seen = await asyncio.gather(*(received(client) for client in clients))
        cursors = [str(n) for n in range(1, BURST + 1)]
        for events in seen:
            assert [cursor for cursor, _ in events] == cursors
            assert sorted(ident for _, ident in events) == sorted(booked)
        # and once: the next event of each is the next booking, nothing in between
        marker = await book("2030-01-13", "20:00")
        for client in clients:
            event = await next_change(client, "week")
            assert (event["cursor"], event["appointmentId"]) == (str(BURST + 1), marker)
