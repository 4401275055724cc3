"""Nothing is lost: a client resuming after its cursor, a listener connection that was killed,
holds that lapse by the clock alone."""

from __future__ import annotations

from sqlalchemy import text

from db.change_listener import ChangeListener
from server.live_socket import listen_dsn
from tests.support.factories import make_appointment, make_practice
from tests.support.lifecycle_documents import BOOK, CONFIRM, MOVE, booking_input
from tests.support.live_client import live_client
from tests.support.live_documents import (
    CALENDAR,
    appointment,
    at,
    insert_appointment,
    next_change,
    subscribed,
    week_of,
)
from tests.support.live_server import live_server, staff_watching, until
from tests.support.tokens import token_of


async def test_a_client_resumes_after_its_cursor(engine, database_url):
    practice = await make_practice(engine)
    async with live_server(database_url) as server:
        token = token_of(practice.staff)
        async with live_client(server.ws_url, token=token) as client:
            cursor = await subscribed(client, "week", CALENDAR, week_of(practice))
        # while it is away: a booking in its week, one outside it, and a move in the week
        inside = await make_appointment(engine, practice, start_at=at(8, 15), end_at=at(8, 16))
        await make_appointment(engine, practice, start_at=at(20, 15), end_at=at(20, 16))
        moved = {"appointmentId": appointment(inside.id), "baseVersion": 1}
        slot = {"date": "2030-01-09", "startTime": "10:00"}
        await server.graphql(practice.staff, MOVE, {"input": moved | {"slot": slot}})
        async with live_client(server.ws_url, token=token) as client:
            await client.subscribe("week", CALENDAR, week_of(practice, after=cursor))
            # then what concerned its week comes first, as the rows are now, then SUBSCRIBED
            events = [await next_change(client, "week") for _ in range(3)]
            assert [(e["cursor"], e["kind"], e["appointmentId"]) for e in events] == [
                ("1", "BOOKED", appointment(inside.id)),
                ("3", "MOVED", appointment(inside.id)),
                ("3", "SUBSCRIBED", None),
            ]
            assert events[0]["appointment"]["startAt"] == "2030-01-09T16:00:00+00:00"
            # and live changes follow
            later = await make_appointment(engine, practice, start_at=at(10, 15), end_at=at(10, 16))
            event = await next_change(client, "week")
            assert (event["cursor"], event["appointmentId"]) == ("4", appointment(later.id))


async def test_a_cursor_the_log_no_longer_has_gets_refetch(engine, database_url):
    practice = await make_practice(engine)
    await make_appointment(engine, practice, start_at=at(8, 15), end_at=at(8, 16))
    await make_appointment(engine, practice, start_at=at(8, 17), end_at=at(8, 18))
    # the log forgot the first change (it keeps each organization's last 10,000)
    async with engine.begin() as connection:
        await connection.execute(
            text("DELETE FROM change_log WHERE organization_id = :org AND change_id = 1"),
            {"org": practice.org.id},
        )
    async with staff_watching(database_url, practice.staff) as (_, client):
        await client.subscribe("week", CALENDAR, week_of(practice, after="0"))
        first, second = [await next_change(client, "week") for _ in range(2)]
        assert [(e["cursor"], e["kind"]) for e in (first, second)] == [
            ("2", "REFETCH"),
            ("2", "SUBSCRIBED"),
        ]


async def test_a_killed_listener_is_replaced_and_nothing_is_lost(engine, database_url):
    practice = await make_practice(engine)
    async with staff_watching(database_url, practice.staff) as (server, client):
        await subscribed(client, "week", CALENDAR, week_of(practice))
        listener = server.hub.listener
        killed = listener.backend_pid
        assert killed is not None
        # when a booking commits in the same transaction that terminates the listener's
        # backend (so that connection can never have heard of it)
        async with engine.begin() as connection:
            row = await insert_appointment(connection, practice, at(8, 15), at(8, 16))
            assert await connection.scalar(
                text("SELECT pg_terminate_backend(:pid)"), {"pid": killed}
            )
        # then a new listening connection delivers it, once
        event = await next_change(client, "week")
        assert (event["cursor"], event["kind"], event["appointmentId"]) == (
            "1",
            "BOOKED",
            appointment(row),
        )
        assert listener.reconnects == 1
        assert listener.backend_pid not in (None, killed)
        # and what follows arrives as before, right after it
        later = await make_appointment(engine, practice, start_at=at(9, 15), end_at=at(9, 16))
        event = await next_change(client, "week")
        assert (event["cursor"], event["appointmentId"]) == ("2", appointment(later.id))


async def test_the_listener_reads_back_what_it_missed_while_down(engine, database_url):
    practice = await make_practice(engine)
    delivered: list[tuple[int | None, object]] = []
    listener = ChangeListener(
        listen_dsn(database_url),
        lambda change: delivered.append((change.change_id, change.entity_id)),
        lambda organization_id: delivered.append((None, organization_id)),
    )
    try:
        assert await listener.join(practice.org.id, lambda position: position) == 0
        await listener.close()  # down: nobody listens while these commit
        first = await make_appointment(engine, practice, start_at=at(8, 15), end_at=at(8, 16))
        second = await make_appointment(engine, practice, start_at=at(8, 17), end_at=at(8, 18))
        listener.start()  # up again: it reads the log from its position
        await until(lambda: len(delivered) == 2)
        assert delivered == [(1, first.id), (2, second.id)]
        assert listener.caught_up == 2
        # a change after that comes as a notification
        third = await make_appointment(engine, practice, start_at=at(8, 19), end_at=at(8, 20))
        await until(lambda: len(delivered) == 3)
        assert delivered[2] == (3, third.id)
        assert listener.caught_up == 2
    finally:
        await listener.close()


async def test_holds_are_announced_when_they_lapse(engine, database_url):
    practice = await make_practice(engine)
    # holds of 2 seconds
    async with live_server(database_url, hold_minutes=2 / 60) as server:
        token = token_of(practice.staff)
        async with (
            live_client(server.ws_url, token=token) as early,
            live_client(server.ws_url, token=token) as late,
        ):
            await subscribed(early, "week", CALENDAR, week_of(practice))
            data = await server.graphql(
                practice.staff, BOOK, {"input": booking_input(practice, hold=True)}
            )
            hold = data["bookAppointment"]["appointment"]
            held = await next_change(early, "week")
            assert (held["kind"], held["appointment"]["status"]) == ("HELD", "HOLD")
            # a subscriber arriving after the hold was placed learns of it from its view
            await subscribed(late, "week", CALENDAR, week_of(practice))
            # when its time runs out (nothing is written), both are told, as a removal
            for client in (early, late):
                event = await next_change(client, "week")
                assert (event["kind"], event["removed"], event["appointmentId"]) == (
                    "EXPIRED",
                    True,
                    hold["id"],
                )
                assert event["appointment"]["status"] == "EXPIRED"
                assert event["cursor"] == "1"
            assert len(server.hub.holds) == 0
        # a client that saw the hold and was away when it lapsed hears of it when it resumes
        async with live_client(server.ws_url, token=token) as back:
            await back.subscribe("week", CALENDAR, week_of(practice, after=held["cursor"]))
            replayed = [await next_change(back, "week") for _ in range(2)]
            assert [(e["kind"], e["appointmentId"]) for e in replayed] == [
                ("EXPIRED", hold["id"]),
                ("SUBSCRIBED", None),
            ]


async def test_a_hold_confirmed_in_time_does_not_lapse(engine, database_url):
    practice = await make_practice(engine)
    async with staff_watching(database_url, practice.staff) as (server, client):
        await subscribed(client, "week", CALENDAR, week_of(practice))
        data = await server.graphql(
            practice.staff, BOOK, {"input": booking_input(practice, hold=True)}
        )
        hold = data["bookAppointment"]["appointment"]
        assert (await next_change(client, "week"))["kind"] == "HELD"
        assert len(server.hub.holds) == 1  # timed
        confirm = {"appointmentId": hold["id"], "baseVersion": 1}
        await server.graphql(practice.staff, CONFIRM, {"input": confirm})
        event = await next_change(client, "week")
        assert (event["kind"], event["removed"], event["appointment"]["status"]) == (
            "CONFIRMED",
            False,
            "SCHEDULED",
        )
        assert len(server.hub.holds) == 0  # no longer timed: it cannot lapse
