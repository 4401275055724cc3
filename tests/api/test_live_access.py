"""Who may subscribe to what, bad input and the limits: each refusal is that operation's error,
and the connection and its other subscriptions go on."""

from __future__ import annotations

from resolvers.query_limits import QueryLimits
from resolvers.viewer import Role
from tests.support.factories import global_id, make_appointment, make_patient, make_practice
from tests.support.live_client import live_client
from tests.support.live_documents import (
    CALENDAR,
    MINE,
    WAITLIST,
    at,
    next_change,
    subscribed,
    week_of,
)
from tests.support.live_server import live_server, staff_watching, until
from tests.support.tokens import token_of
from tests.support.waitlist_documents import ADD, add_input


async def refusal(client, op_id, query, variables=None):
    """Subscribe and return the error the operation gets (code, message, field)."""
    await client.subscribe(op_id, query, variables)
    message = await client.message(op_id)
    assert message["type"] == "error", message
    [error] = message["payload"]
    extensions = error.get("extensions") or {}
    return extensions.get("code"), error["message"], extensions.get("field")


async def test_bad_input_is_refused_and_the_connection_goes_on(engine, database_url):
    practice = await make_practice(engine)
    async with staff_watching(database_url, practice.staff) as (server, client):
        await subscribed(client, "good", CALENDAR, week_of(practice))
        unknown = global_id("Location", "00000000-0000-4000-8000-000000000000")
        assert await refusal(client, "a", CALENDAR, week_of(practice, locationId=unknown)) == (
            "NOT_FOUND",
            "No location with this id",
            "locationId",
        )
        assert await refusal(
            client, "b", CALENDAR, week_of(practice, **{"from": "2030-01-01", "to": "2030-02-01"})
        ) == ("BAD_USER_INPUT", "A subscription watches at most 31 days", "to")
        assert await refusal(
            client, "c", CALENDAR, week_of(practice, **{"from": "2030-01-08", "to": "2030-01-07"})
        ) == ("BAD_USER_INPUT", "to must not be before from", "to")
        assert await refusal(client, "d", CALENDAR, week_of(practice, after="x1")) == (
            "BAD_USER_INPUT",
            "after must be a cursor this subscription sent",
            "after",
        )
        assert await refusal(client, "e", CALENDAR, week_of(practice, after="7")) == (
            "BAD_USER_INPUT",
            "after is newer than this organization's changes",
            "after",
        )
        wrong_type = week_of(practice, locationId=global_id("Patient", practice.patient.id))
        code, message, _ = await refusal(client, "f", CALENDAR, wrong_type)
        assert (code, message) == (
            "BAD_USER_INPUT",
            "Expected an ID of a Location, got one of a Patient",
        )
        code, message, _ = await refusal(client, "g", "subscription { nope }")
        assert code == "GRAPHQL_VALIDATION_FAILED"
        # refused operations hold nothing: only the good subscription is in the hub
        assert server.hub.count == 1
        # and the good subscription still works
        row = await make_appointment(engine, practice, start_at=at(8, 15), end_at=at(8, 16))
        event = await next_change(client, "good")
        assert (event["kind"], event["appointmentId"]) == (
            "BOOKED",
            global_id("Appointment", row.id),
        )


async def test_without_a_valid_token_every_subscription_is_unauthenticated(engine, database_url):
    practice = await make_practice(engine)
    async with live_server(database_url) as server:
        async with live_client(server.ws_url) as anonymous:
            assert await refusal(anonymous, "1", CALENDAR, week_of(practice)) == (
                "UNAUTHENTICATED",
                "A bearer token is required (Authorization: Bearer <token>)",
                None,
            )
            # the connection stays open: a second try is answered too
            code, _, _ = await refusal(anonymous, "2", MINE)
            assert code == "UNAUTHENTICATED"
        async with live_client(server.ws_url, token="not-a-token") as forged:
            assert await refusal(forged, "1", CALENDAR, week_of(practice)) == (
                "UNAUTHENTICATED",
                "The bearer token is not valid",
                None,
            )
        # the handshake's header works too, and connection_init's token wins over it
        other = await make_practice(engine)
        async with live_client(server.ws_url, header_token=token_of(practice.staff)) as by_header:
            await subscribed(by_header, "1", CALENDAR, week_of(practice))
        async with live_client(
            server.ws_url, header_token=token_of(practice.staff), token=token_of(other.staff)
        ) as both:
            assert (await refusal(both, "1", CALENDAR, week_of(practice)))[0] == "NOT_FOUND"
            await subscribed(both, "2", CALENDAR, week_of(other))


async def test_roles_and_a_patient_sees_only_their_own(engine, database_url):
    practice = await make_practice(engine)
    neighbour = await make_patient(engine, practice.org, first_name="Ned")
    patient = practice.patient_viewer()
    async with (
        live_server(database_url) as server,
        live_client(server.ws_url, token=token_of(patient)) as client,
        live_client(server.ws_url, token=token_of(practice.staff)) as staff,
    ):
        code, message, _ = await refusal(client, "cal", CALENDAR, week_of(practice))
        assert (code, message) == ("FORBIDDEN", "Patients cannot read the practice calendar")
        code, _, _ = await refusal(
            client, "wait", WAITLIST, {"locationId": week_of(practice)["locationId"]}
        )
        assert code == "FORBIDDEN"
        code, message, _ = await refusal(staff, "mine", MINE)
        assert code == "FORBIDDEN"
        await subscribed(client, "mine", MINE)
        # when the neighbour is booked, then our patient
        await make_appointment(
            engine, practice, patient=neighbour, start_at=at(8, 15), end_at=at(8, 16)
        )
        own = await make_appointment(engine, practice, start_at=at(8, 17), end_at=at(8, 18))
        # then the patient's first event is their own booking
        event = await next_change(client, "mine")
        assert event == {
            "cursor": "2",
            "kind": "BOOKED",
            "removed": False,
            "appointmentId": global_id("Appointment", own.id),
            "appointment": {
                "id": global_id("Appointment", own.id),
                "status": "SCHEDULED",
                "patient": {"id": global_id("Patient", practice.patient.id)},
            },
        }


async def test_waitlist_changes_for_staff(engine, database_url):
    practice = await make_practice(engine)
    async with staff_watching(database_url, practice.staff) as (server, client):
        location = global_id("Location", practice.location.id)
        await subscribed(client, "list", WAITLIST, {"locationId": location})
        data = await server.graphql(practice.staff, ADD, add_input(practice))
        entry = data["addToWaitlist"]["waitlistEntry"]
        event = await next_change(client, "list")
        assert event == {
            "cursor": "1",
            "kind": "CREATED",
            "removed": False,
            "entryId": entry["id"],
            "entry": {
                "id": entry["id"],
                "status": "WAITING",
                "patient": {"id": global_id("Patient", practice.patient.id)},
            },
        }


async def test_subscriptions_are_bounded_per_connection_and_per_process(engine, database_url):
    practice = await make_practice(engine)
    options = {"max_subscriptions": 3, "subscriptions_per_connection": 2}
    async with live_server(database_url, **options) as server:
        token = token_of(practice.staff)
        async with live_client(server.ws_url, token=token) as first:
            await subscribed(first, "1", CALENDAR, week_of(practice))
            await subscribed(first, "2", CALENDAR, week_of(practice))
            assert (await refusal(first, "3", CALENDAR, week_of(practice)))[1] == (
                "Subscription limit reached"
            )
            async with live_client(server.ws_url, token=token) as second:
                await subscribed(second, "1", CALENDAR, week_of(practice))
                assert await refusal(second, "2", CALENDAR, week_of(practice)) == (
                    "TOO_MANY_SUBSCRIPTIONS",
                    "This server holds its maximum of 3 subscriptions; retry later or on another server",
                    None,
                )
                # a subscription that ends makes room
                await first.complete("1")
                await until(lambda: server.hub.count == 2)
                await subscribed(second, "3", CALENDAR, week_of(practice))
        # connections that close end their subscriptions
        await until(lambda: server.hub.count == 0)
        async with live_client(server.ws_url, token=token) as third:
            await subscribed(third, "1", CALENDAR, week_of(practice))
            assert server.hub.count == 1


async def test_the_query_limits_and_http_rules_apply_to_subscriptions(engine, database_url):
    practice = await make_practice(engine)
    limits = QueryLimits(max_depth=3, max_cost=3, rate_capacity=10)
    async with (
        # a frozen clock: the bucket never refills during the test
        live_server(database_url, limits=limits, clock=lambda: 0.0) as server,
        live_client(server.ws_url, token=token_of(practice.staff)) as client,
    ):
        deep = CALENDAR  # appointment { patient { id } } is four levels deep
        assert (await refusal(client, "1", deep, week_of(practice)))[0] == "QUERY_TOO_DEEP"
        costly = """subscription ($l: ID!) { calendarChanges(locationId: $l, from: "2030-01-07",
          to: "2030-01-08") { appointment { id } blockout { id } scheduleOverride { id } } }"""
        code, message, _ = await refusal(
            client, "2", costly, {"l": week_of(practice)["locationId"]}
        )
        assert (code, message.split(";")[0]) == ("QUERY_TOO_COMPLEX", "The query's cost is 4")
        cheap = """subscription ($l: ID!) { calendarChanges(locationId: $l, from: "2030-01-07",
          to: "2030-01-08") { cursor kind appointment { id } } }"""
        variables = {"l": week_of(practice)["locationId"]}
        # each subscription is charged its cost (2) once, from the caller's bucket of 10
        for n in range(5):
            await subscribed(client, f"ok{n}", cheap, variables)
        assert (await refusal(client, "6", cheap, variables))[0] == "THROTTLED"
        # queries and mutations go over HTTP only
        code, message, _ = await refusal(client, "q", "{ __typename }")
        assert (code, message) == (
            "OPERATION_NOT_ALLOWED",
            "Only subscriptions run over WebSocket; send queries and mutations over HTTP",
        )


async def test_persisted_only_roles_cannot_send_free_text_subscriptions(engine, database_url):
    from server.settings import Exposure

    practice = await make_practice(engine)
    exposure = Exposure(persisted_only=frozenset({Role.PATIENT}))
    async with (
        live_server(database_url, exposure=exposure) as server,
        live_client(server.ws_url, token=token_of(practice.patient_viewer())) as patient,
        live_client(server.ws_url, token=token_of(practice.staff)) as staff,
    ):
        code, _, _ = await refusal(patient, "1", MINE)
        assert code == "PERSISTED_QUERY_REQUIRED"
        await subscribed(staff, "1", CALENDAR, week_of(practice))
