"""calendarChanges over a real WebSocket: what a front desk's week sees as others change it."""

from __future__ import annotations

from sqlalchemy import text

from tests.support.blockout_documents import make_blockout_type
from tests.support.factories import global_id, make_appointment, make_practice, make_provider
from tests.support.lifecycle_documents import BOOK, CANCEL, MOVE, booking_input
from tests.support.live_client import LEGACY_WS, live_client
from tests.support.live_documents import (
    CALENDAR,
    appointment,
    at,
    next_change,
    subscribed,
    week_of,
)
from tests.support.live_server import live_server, staff_watching
from tests.support.schedule_documents import SET_OVERRIDE, override_input
from tests.support.tokens import token_of


async def _book(server, practice, **extra):
    data = await server.graphql(practice.staff, BOOK, {"input": booking_input(practice, **extra)})
    assert data["bookAppointment"]["userErrors"] == []
    return data["bookAppointment"]["appointment"]


async def test_a_booking_arrives_in_the_calendars_shape_and_a_move_out_as_a_removal(
    engine, database_url
):
    practice = await make_practice(engine)
    async with staff_watching(database_url, practice.staff) as (server, client):
        # given a front desk watching the week of 2030-01-07
        assert await subscribed(client, "week", CALENDAR, week_of(practice)) == "0"
        # when a colleague books Tuesday 09:00 (Chicago) over HTTP
        booked = await _book(server, practice, date="2030-01-08", start="09:00")
        # then the subscriber gets the appointment, as the calendar shows it
        event = await next_change(client, "week")
        patient = global_id("Patient", practice.patient.id)
        provider = global_id("Provider", practice.provider.id)
        assert event == {
            "cursor": "1",
            "kind": "BOOKED",
            "removed": False,
            "appointmentId": booked["id"],
            "blockoutId": None,
            "scheduleOverrideId": None,
            "appointment": {
                "id": booked["id"],
                "status": "SCHEDULED",
                "startAt": "2030-01-08T15:00:00+00:00",
                "endAt": booked["endAt"],
                "version": 1,
                "patient": {"id": patient},
                "providers": [{"id": provider}],
            },
            "blockout": None,
            "scheduleOverride": None,
        }
        # when it is moved within the week, then out of it
        moved = {"appointmentId": booked["id"], "baseVersion": 1}
        await server.graphql(
            practice.staff,
            MOVE,
            {"input": moved | {"slot": {"date": "2030-01-09", "startTime": "10:00"}}},
        )
        await server.graphql(
            practice.staff,
            MOVE,
            {
                "input": moved
                | {"baseVersion": 2, "slot": {"date": "2030-01-20", "startTime": "10:00"}}
            },
        )
        # then the first is a move inside the view and the second a removal
        inside = await next_change(client, "week")
        assert (inside["cursor"], inside["kind"], inside["removed"]) == ("2", "MOVED", False)
        assert inside["appointment"]["startAt"] == "2030-01-09T16:00:00+00:00"
        gone = await next_change(client, "week")
        assert (gone["cursor"], gone["kind"], gone["removed"]) == ("3", "MOVED_OUT", True)
        assert gone["appointmentId"] == booked["id"]
        assert gone["appointment"]["startAt"] == "2030-01-20T16:00:00+00:00"
        # and changes outside the view are not sent: cancelling it now says nothing, the next
        # event is the next booking inside the week
        await server.graphql(
            practice.staff,
            CANCEL,
            {"input": {"appointmentId": booked["id"], "baseVersion": 3, "cancelledBy": "PRACTICE"}},
        )
        other = await _book(server, practice, date="2030-01-10", start="09:00")
        event = await next_change(client, "week")
        assert (event["cursor"], event["kind"], event["appointmentId"]) == (
            "5",
            "BOOKED",
            other["id"],
        )


async def test_another_organization_sees_nothing_of_ours(engine, database_url):
    ours = await make_practice(engine)
    theirs = await make_practice(engine)
    async with (
        live_server(database_url) as server,
        live_client(server.ws_url, token=token_of(theirs.staff)) as them,
        live_client(server.ws_url, token=token_of(ours.staff)) as us,
    ):
        await subscribed(us, "week", CALENDAR, week_of(ours))
        # they watch their own location, and (by its id) ours: unknown to them
        await subscribed(them, "week", CALENDAR, week_of(theirs))
        await them.subscribe("spy", CALENDAR, week_of(ours))
        refused = await them.message("spy")
        assert refused["type"] == "error"
        assert refused["payload"][0]["extensions"]["code"] == "NOT_FOUND"
        # when we book twice, then they book once
        for start in ("09:00", "10:00"):
            await _book(server, ours, date="2030-01-08", start=start)
        theirs_booked = await _book(server, theirs, date="2030-01-08", start="09:00")
        # then we see our two, and their first event is their own booking
        assert [(await next_change(us, "week"))["kind"] for _ in range(2)] == ["BOOKED"] * 2
        event = await next_change(them, "week")
        assert (event["appointmentId"], event["cursor"]) == (theirs_booked["id"], "1")


async def test_statuses_decide_what_enters_and_leaves_the_view(engine, database_url):
    practice = await make_practice(engine)
    async with staff_watching(database_url, practice.staff) as (server, client):
        await subscribed(client, "default", CALENDAR, week_of(practice))
        await subscribed(client, "cancelled", CALENDAR, week_of(practice, statuses=["CANCELLED"]))
        booked = await _book(server, practice, date="2030-01-08", start="09:00")
        await server.graphql(
            practice.staff,
            CANCEL,
            {"input": {"appointmentId": booked["id"], "baseVersion": 1, "cancelledBy": "PATIENT"}},
        )
        # the default view: booked, then cancelled and removed
        first, second = [await next_change(client, "default") for _ in range(2)]
        assert [(e["kind"], e["removed"]) for e in (first, second)] == [
            ("BOOKED", False),
            ("CANCELLED", True),
        ]
        # a view of cancelled appointments: only the cancellation, as an arrival
        event = await next_change(client, "cancelled")
        assert (event["kind"], event["removed"], event["cursor"]) == ("CANCELLED", False, "2")
        assert event["appointment"]["status"] == "CANCELLED"


async def test_blockouts_overrides_and_providers_in_the_range(engine, database_url):
    practice = await make_practice(engine)
    kind = await make_blockout_type(engine, practice)
    assistant = await make_provider(engine, practice.org)
    async with staff_watching(database_url, practice.staff) as (server, client):
        await subscribed(client, "week", CALENDAR, week_of(practice))
        # a blockout written straight into the database (any writer is announced)
        async with engine.begin() as connection:
            blockout_id = await connection.scalar(
                text(
                    "INSERT INTO blockouts (organization_id, location_id, blockout_type_id,"
                    " start_at, end_at) VALUES (:org, :loc, :kind, :s, :e) RETURNING id"
                ),
                {
                    "org": practice.org.id,
                    "loc": practice.location.id,
                    "kind": kind.id,
                    "s": at(9, 18),
                    "e": at(9, 19),
                },
            )
        event = await next_change(client, "week")
        assert event["kind"] == "CREATED"
        assert event["blockout"] == {
            "id": global_id("Blockout", blockout_id),
            "startAt": "2030-01-09T18:00:00+00:00",
            "endAt": "2030-01-09T19:00:00+00:00",
        }
        assert (event["blockoutId"], event["appointment"]) == (event["blockout"]["id"], None)
        # a schedule override for a day of the week
        data = await server.graphql(
            practice.staff,
            SET_OVERRIDE,
            {"input": override_input(practice, isUnavailable=True, startTime=None, endTime=None)},
        )
        override = data["setScheduleOverride"]["override"]
        event = await next_change(client, "week")
        assert (event["kind"], event["scheduleOverride"]) == (
            "CREATED",
            {"id": override["id"], "date": "2030-01-07", "isUnavailable": True},
        )
        # an appointment's additional providers
        row = await make_appointment(engine, practice, start_at=at(10, 15), end_at=at(10, 16))
        assert (await next_change(client, "week"))["kind"] == "BOOKED"
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO appointment_providers (organization_id, appointment_id,"
                    " provider_id, position) VALUES (:org, :a, :p, 0)"
                ),
                {"org": practice.org.id, "a": row.id, "p": assistant.id},
            )
        event = await next_change(client, "week")
        assert (event["kind"], event["appointmentId"]) == ("PROVIDERS_CHANGED", appointment(row.id))
        assert event["appointment"]["providers"] == [
            {"id": global_id("Provider", practice.provider.id)},
            {"id": global_id("Provider", assistant.id)},
        ]


async def test_the_legacy_graphql_ws_protocol(engine, database_url):
    practice = await make_practice(engine)
    async with (
        live_server(database_url) as server,
        live_client(server.ws_url, token=token_of(practice.staff), protocol=LEGACY_WS) as client,
    ):
        await subscribed(client, "week", CALENDAR, week_of(practice))
        row = await make_appointment(engine, practice, start_at=at(8, 15), end_at=at(8, 16))
        event = await next_change(client, "week")
        assert (event["kind"], event["appointmentId"]) == ("BOOKED", appointment(row.id))
        await client.complete("week")
        assert (await client.message("week"))["type"] == "complete"
