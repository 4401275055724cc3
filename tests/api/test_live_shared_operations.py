"""The shared subscriptions (graphql/operations/*Changes.graphql) over a real WebSocket, on the
demo practice with their example variables: by text and by persisted id, and for the
persisted-only roles by id only (their ad-hoc documents are refused)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from strawberry.relay import GlobalID

from db.demo import DemoCalendar, current_anchor, seed_demo_data
from resolvers.viewer import Role
from server.operation_manifest import document_hash, operation_document
from server.settings import DEMO_SECRET, Exposure
from server.tokens import mint_token, read_token
from tests.support.live_client import LEGACY_WS, LiveClient, live_client
from tests.support.live_documents import CALENDAR, MINE, field_event
from tests.support.live_server import live_server, post_graphql_with
from tests.support.persisted_requests import by_hash
from tests.support.shared_operations import demo_headers, example_variables

RESTRICTED = Exposure(persisted_only=frozenset({Role.PATIENT, Role.INTEGRATION}))


def demo_token(role: Role, patient_id: uuid.UUID | None = None) -> str:
    """A token of the demo organization (signed with the demo's secret)."""
    staff = read_token(demo_headers()["Authorization"].removeprefix("Bearer "), secret=DEMO_SECRET)
    return mint_token(
        secret=DEMO_SECRET,
        organization_id=staff.organization_id,
        role=role,
        subject=f"demo-{role.value}",
        patient_id=patient_id,
    )


async def subscribe_by_id(
    client: LiveClient, op_id: str, name: str, variables: dict, *, kind: str = "subscribe"
) -> dict:
    """Subscribe by the shared operation's hash alone; its first message."""
    payload = {"variables": variables, "extensions": by_hash(operation_document(name))}
    await client.send({"id": op_id, "type": kind, "payload": payload})
    return await client.message(op_id)


async def first_event(client: LiveClient, op_id: str) -> dict:
    field, event = await field_event(client, op_id)
    return {field: event["kind"]}


def refusal(message: dict) -> tuple[str, str]:
    assert message["type"] == "error", message
    [error] = message["payload"] if isinstance(message["payload"], list) else [message["payload"]]
    return error["extensions"]["code"], error["message"]


async def test_shared_subscriptions_by_id_and_text_see_a_booking(engine, database_url):
    # given the demo practice, its staff and the patient the BookAppointment example books for
    demo = DemoCalendar(current_anchor())
    async with engine.begin() as connection:
        await seed_demo_data(connection, demo.anchor)
    results: dict = {}
    book = example_variables("BookAppointment", results, demo)
    patient_id = uuid.UUID(GlobalID.from_id(book["input"]["patientId"]).node_id)
    patient = demo_token(Role.PATIENT, patient_id)
    # the example's week moved to the booking's (the example books three weeks later)
    day = date.fromisoformat(book["input"]["slot"]["date"])
    monday = day - timedelta(days=day.weekday())
    week = example_variables("CalendarChanges", results, demo) | {
        "from": monday.isoformat(),
        "to": (monday + timedelta(days=6)).isoformat(),
    }
    waitlist = example_variables("WaitlistChanges", results, demo)
    async with (
        live_server(database_url, secret=DEMO_SECRET, exposure=RESTRICTED) as server,
        live_client(server.ws_url, token=demo_token(Role.STAFF)) as staff,
        live_client(server.ws_url, token=patient) as mine,
        live_client(
            server.ws_url, token=demo_token(Role.INTEGRATION), protocol=LEGACY_WS
        ) as partner,
    ):
        # when staff subscribe by text and by id, the patient and the integration by id (the
        # integration over the legacy protocol)
        await staff.subscribe("week", operation_document("CalendarChanges"), week)
        assert await first_event(staff, "week") == {"calendarChanges": "SUBSCRIBED"}
        first = await subscribe_by_id(staff, "waitlist", "WaitlistChanges", waitlist)
        assert first["payload"]["data"]["waitlistChanges"]["kind"] == "SUBSCRIBED"
        first = await subscribe_by_id(mine, "mine", "MyAppointmentChanges", {"after": None})
        assert first["payload"]["data"]["myAppointmentChanges"]["kind"] == "SUBSCRIBED"
        first = await subscribe_by_id(partner, "week", "CalendarChanges", week, kind="start")
        assert first["type"] == "data", first
        assert first["payload"]["data"]["calendarChanges"]["kind"] == "SUBSCRIBED"
        # and a booking is made over HTTP with the BookAppointment example
        booked = await post_graphql_with(
            server.base_url, demo_headers(), operation_document("BookAppointment"), book
        )
        appointment = booked["bookAppointment"]["appointment"]["id"]
        # then each subscription receives it, in the shape its shared document selects
        change = (await field_event(staff, "week"))[1]
        assert (change["kind"], change["appointmentId"]) == ("BOOKED", appointment)
        assert change["appointment"]["patient"]["id"] == book["input"]["patientId"]
        change = (await field_event(mine, "mine"))[1]
        assert (change["kind"], change["appointment"]["id"]) == ("BOOKED", appointment)
        message = await partner.message("week")
        change = message["payload"]["data"]["calendarChanges"]
        assert (change["kind"], change["appointmentId"]) == ("BOOKED", appointment)
        # every message came in a text frame (what a browser's client parses), either protocol
        assert (staff.binary_frames, mine.binary_frames, partner.binary_frames) == (0, 0, 0)


async def test_persisted_only_roles_subscribe_by_id_only(engine, database_url):
    demo = DemoCalendar(current_anchor())
    async with engine.begin() as connection:
        await seed_demo_data(connection, demo.anchor)
    week = example_variables("CalendarChanges", {}, demo)
    patient = demo_token(Role.PATIENT, uuid.uuid4())
    unknown = {"persistedQuery": {"version": 1, "sha256Hash": document_hash("query X { a }")}}
    async with (
        live_server(database_url, secret=DEMO_SECRET, exposure=RESTRICTED) as server,
        live_client(server.ws_url, token=patient) as mine,
        live_client(server.ws_url, token=demo_token(Role.INTEGRATION)) as partner,
    ):
        # an ad-hoc document is refused before it runs, for either role
        await mine.subscribe("adhoc", MINE)
        code, message = refusal(await mine.message("adhoc"))
        assert code == "PERSISTED_QUERY_REQUIRED"
        assert message.startswith("A patient token may run only the persisted operations")
        await partner.subscribe("adhoc", CALENDAR, week)
        assert refusal(await partner.message("adhoc"))[0] == "PERSISTED_QUERY_REQUIRED"
        # so is an ad-hoc text sent with its own hash, and an unknown hash
        payload = {"query": CALENDAR, "variables": week, "extensions": by_hash(CALENDAR)}
        await partner.send({"id": "apq", "type": "subscribe", "payload": payload})
        assert refusal(await partner.message("apq"))[0] == "PERSISTED_QUERY_REQUIRED"
        payload = {"variables": week, "extensions": unknown}
        await partner.send({"id": "unknown", "type": "subscribe", "payload": payload})
        assert refusal(await partner.message("unknown")) == (
            "PERSISTED_QUERY_NOT_FOUND",
            "PersistedQueryNotFound",
        )
        # a hash that is not the text's, with the shared text
        shared = operation_document("CalendarChanges")
        payload = {"query": shared, "variables": week, "extensions": unknown}
        await partner.send({"id": "mismatch", "type": "subscribe", "payload": payload})
        assert refusal(await partner.message("mismatch"))[0] == "PERSISTED_QUERY_INVALID"
        # while the shared operations by id, or by their exact text, run on the same connections
        first = await subscribe_by_id(mine, "mine", "MyAppointmentChanges", {"after": None})
        assert first["payload"]["data"]["myAppointmentChanges"]["kind"] == "SUBSCRIBED"
        first = await subscribe_by_id(partner, "week", "CalendarChanges", week)
        assert first["payload"]["data"]["calendarChanges"]["kind"] == "SUBSCRIBED"
        await partner.subscribe("text", shared, week)
        assert await first_event(partner, "text") == {"calendarChanges": "SUBSCRIBED"}
        # and a patient's id for a staff-only subscription is refused by its role, not its text
        code, _ = refusal(await subscribe_by_id(mine, "staff", "CalendarChanges", week))
        assert code == "FORBIDDEN"
