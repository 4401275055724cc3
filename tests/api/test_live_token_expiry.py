"""A subscription ends, with UNAUTHENTICATED, when its connection's bearer token expires."""

from __future__ import annotations

from datetime import timedelta

from server.tokens import mint_token
from tests.support.factories import make_practice
from tests.support.lifecycle_documents import BOOK, booking_input
from tests.support.live_client import live_client
from tests.support.live_documents import CALENDAR, next_change, subscribed, week_of
from tests.support.live_server import live_server
from tests.support.tokens import TEST_SECRET, token_of

# Long enough to connect and subscribe on a busy machine; the test then waits for the end.
SHORT_LIFETIME = timedelta(seconds=3)


def short_token(viewer) -> str:
    return mint_token(
        secret=TEST_SECRET,
        organization_id=viewer.organization_id,
        role=viewer.role,
        subject=viewer.subject,
        lifetime=SHORT_LIFETIME,
    )


async def test_a_subscription_ends_when_its_token_expires_and_others_go_on(engine, database_url):
    practice = await make_practice(engine)
    async with (
        live_server(database_url) as server,
        live_client(server.ws_url, token=short_token(practice.staff)) as expiring,
        live_client(server.ws_url, token=token_of(practice.staff)) as lasting,
    ):
        # given two front desks on the week, one whose token expires in a few seconds
        await subscribed(expiring, "week", CALENDAR, week_of(practice))
        await subscribed(lasting, "week", CALENDAR, week_of(practice))
        # when the token expires, then that subscription ends with a clear error
        ended = await expiring.message("week")
        assert ended["type"] == "next", ended
        [error] = ended["payload"]["errors"]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        assert "expired" in error["message"]
        assert (await expiring.message("week"))["type"] == "complete"
        # and a new subscription on that connection is refused (the connection stays open)
        await expiring.subscribe("again", CALENDAR, week_of(practice))
        refused = await expiring.message("again")
        assert refused["type"] == "error", refused
        assert refused["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        # while the other desk still receives changes
        book = {"input": booking_input(practice, date="2030-01-08", start="09:00")}
        booked = await server.graphql(practice.staff, BOOK, book)
        event = await next_change(lasting, "week")
        assert event["appointmentId"] == booked["bookAppointment"]["appointment"]["id"]
