"""The shared client operations: valid against the schema and working on the demo practice.

The demo is laid out around the current week, as `slotgraph serve` lays it out, and the example
variables are moved from the reference week to it: the operations work on any day.
"""

from __future__ import annotations

import calendar as month_calendar
import json
from base64 import b64encode
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import orjson
import pytest
from graphql import OperationDefinitionNode, parse, validate
from sqlalchemy import text

from db.demo import MAIN_TIME_ZONE, DemoCalendar, current_anchor, seed_demo_data
from db.demo.examples import moved_example
from db.demo.ids import WALKTHROUGH_ENTRY_ID, demo_id
from resolvers.query_limits import DEFAULT_LIMITS
from resolvers.rate_limit import CostBuckets
from scheduling.local_time import local_day, resolve_local_time
from schema.assembled import schema
from schema.types.appointment_history import APPOINTMENT_FIELDS
from schema.types.waitlist_log import WAITLIST_FIELDS
from server.app import create_app
from server.operation_manifest import operation_document
from server.settings import DEMO_SECRET
from server.tokens import read_token
from tests.connections import actions, changes, history, nodes
from tests.settings_operations import SETTINGS_MUTATIONS, chain_settings, check_user_settings

OPERATIONS = Path(__file__).resolve().parent.parent / "graphql" / "operations"
DOCUMENTS = sorted(OPERATIONS.glob("*.graphql"))


def demo_headers() -> dict[str, str]:
    return json.loads((OPERATIONS / "demo.headers.json").read_text())


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_operation_is_valid_and_has_example_variables(path):
    document = parse(operation_document(path.stem))
    assert validate(schema._schema, document) == []
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert operation.name is not None
    assert operation.name.value == path.stem
    declared = {v.variable.name.value for v in operation.variable_definitions or ()}
    example = json.loads(path.with_suffix(".json").read_text())
    assert set(example) == declared


# Mutations run after the queries, in an order whose examples build on each other.
MUTATION_ORDER = [
    "HoldAppointment",
    "ConfirmBooking",
    "BookAppointment",
    "MoveAppointment",
    "CancelAppointment",
    # The cancel-then-fill walkthrough: offer the slot CancelAppointment freed to its top match.
    "LogWaitlistContact",
    "OfferWaitlistSlot",
    "RecordWaitlistResponse",
    "AddToWaitlist",
    "UpdateWaitlistEntry",
    "RemoveFromWaitlist",
    "BulkRemoveFromWaitlist",
    "BreakAppointment",
    "SendToPinboard",
    "PlaceFromPinboard",
    "TransitionAppointment",
    "UpdateAppointment",
    "SetAppointmentProviders",
    "SetConfirmationStatus",
    "BulkConfirmAppointments",
    "SetPatientFlowStatus",
    "CreateLocation",
    # Practice setup: each on its own demo row or a new one.
    "UpdateLocation",
    "CreateOperatory",
    "UpdateOperatory",
    "CreateProvider",
    "UpdateProvider",
    "RegisterPatient",
    "UpdatePatient",
    "CreateAppointmentType",
    "UpdateAppointmentType",
    *SETTINGS_MUTATIONS,
]


# Every main provider's goals of one weekday (demo: 4 x 2,400-2,500 + 4 x 1,100-1,200 + ...).
DAILY_GOAL = Decimal("14800.00")


def example_variables(name: str, results: dict, demo: DemoCalendar) -> dict:
    variables = json.loads((OPERATIONS / f"{name}.json").read_text())
    variables = moved_example(variables, demo.anchor)
    # Ids that exist only once an earlier example ran (the README shows the same chains).
    chain_settings(name, variables, results)
    return variables


def weekdays(first: date, last: date) -> int:
    return sum((first + timedelta(days=n)).weekday() < 5 for n in range((last - first).days + 1))


async def test_every_operation_works_on_the_demo_practice(engine, execute):
    # given the demo practice laid out around this week, and the demo staff token
    demo = DemoCalendar(current_anchor())
    async with engine.begin() as connection:
        await seed_demo_data(connection, demo.anchor)
    today = datetime.now(ZoneInfo(MAIN_TIME_ZONE)).date()
    viewer = read_token(demo_headers()["Authorization"].removeprefix("Bearer "), secret=DEMO_SECRET)
    queries = [p.stem for p in DOCUMENTS if p.stem not in MUTATION_ORDER]
    assert sorted(queries + MUTATION_ORDER) == sorted(p.stem for p in DOCUMENTS)
    # when every operation runs with its example variables, all at once from one token (the
    # default rate limit's bucket, which the frozen clock never refills)
    buckets = CostBuckets(
        DEFAULT_LIMITS.rate_capacity, DEFAULT_LIMITS.rate_per_second, clock=lambda: 0.0
    )
    results: dict = {}
    spent = 0
    for name in queries + MUTATION_ORDER:
        document = operation_document(name)
        variables = example_variables(name, results, demo)
        result = await execute(document, variables, viewer=viewer, buckets=buckets)
        assert result.errors is None, (name, result.errors)
        # every operation reports its cost, with room to spare under the default maximum
        cost = result.extensions["cost"]
        assert 0 < cost["requestedQueryCost"] <= cost["maximumAvailable"] // 4, (name, cost)
        spent += cost["requestedQueryCost"]
        assert cost["throttleStatus"]["currentlyAvailable"] == buckets.capacity - spent
        results[name] = result.data
        for payload in result.data.values():
            if isinstance(payload, dict) and "userErrors" in payload:
                assert payload["userErrors"] == [], (name, payload["userErrors"])
    # then they return real data
    check_calendars(results, demo, today)
    assert results["Appointments"]["appointments"]["totalCount"] > 0
    assert results["Node"]["node"]["__typename"] == "Appointment"
    # all of them at once (19,177 now) take under a quarter of a full bucket
    assert spent <= buckets.capacity // 4
    names = {location["name"] for location in results["Directory"]["locations"]}
    assert {"Riverside Main", "Riverside London"} <= names
    assert results["PatientSearch"]["patients"]
    assert results["CheckConflicts"]["checkConflicts"]["reasons"] == [
        "APPOINTMENT_OVERLAP",
        "PROVIDER_OVERLAP",
    ]
    check_appointment_mutations(results)
    check_practice_setup(results)
    check_user_settings(results)
    check_cancel_then_fill(results, demo, today)
    check_waitlist_upkeep(results, demo)
    await check_history_columns(engine)
    # the walkthrough's last step: next Tuesday's calendar shows the visit booked from the waitlist
    booked = results["RecordWaitlistResponse"]["recordWaitlistResponse"]["appointment"]
    tuesday = demo.day(8).isoformat()
    day = json.loads((OPERATIONS / "CalendarDay.json").read_text()) | {"date": tuesday}
    calendar = await execute(operation_document("CalendarDay"), day, viewer=viewer)
    assert booked["id"] in [a["id"] for a in calendar.data["calendarDay"]["appointments"]]


def check_calendars(results: dict, demo: DemoCalendar, today: date) -> None:
    """The calendars without a date show the present; the goals cover this month."""
    zone = ZoneInfo(MAIN_TIME_ZONE)
    # the current week is the busiest, ~700 appointments (with a 23- or 25-hour day when it
    # holds a DST change)
    week = results["CalendarWeek"]["calendarWeek"]
    assert week["weekStart"] == demo.anchor.isoformat()
    assert sum(len(day["appointments"]) for day in week["days"]) == 705
    assert [day["dayHours"] for day in week["days"]] == [
        local_day(demo.day(n), zone).hours for n in range(7)
    ]
    # today's calendar: the demo is open every day but Sunday
    day = results["CalendarDay"]["calendarDay"]
    assert day["date"] == today.isoformat()
    assert bool(day["appointments"]) == (today.weekday() != 6)
    # this month: every weekday has 14,800.00 in goals (the demo's goals cover it whole)
    month = results["CalendarMonth"]["calendarMonth"]
    first = today.replace(day=1)
    length = month_calendar.monthrange(first.year, first.month)[1]
    assert month["month"] == first.strftime("%Y-%m")
    assert (len(month["days"]), month["days"][0]["dayHours"]) == (
        length, local_day(first, zone).hours)  # fmt: skip
    last = first.replace(day=length)
    assert Decimal(month["productionGoal"]) == weekdays(first, last) * DAILY_GOAL
    summary = results["ProductionSummary"]["productionSummary"]
    span = moved_example(
        json.loads((OPERATIONS / "ProductionSummary.json").read_text()), demo.anchor
    )
    goal_days = weekdays(date.fromisoformat(span["from"]), date.fromisoformat(span["to"]))
    assert Decimal(summary["goal"]) == goal_days * DAILY_GOAL


def check_practice_setup(results: dict) -> None:
    """The setup examples changed their demo rows once (version 2) or made new ones."""
    for name, field, node in [
        ("UpdateLocation", "updateLocation", "location"),
        ("UpdateOperatory", "updateOperatory", "operatory"),
        ("UpdateProvider", "updateProvider", "provider"),
        ("UpdatePatient", "updatePatient", "patient"),
        ("UpdateAppointmentType", "updateAppointmentType", "appointmentType"),
    ]:
        assert results[name][field][node]["version"] == 2, name
    created = results["CreateAppointmentType"]["createAppointmentType"]["appointmentType"]
    assert (created["modality"], created["depositAmount"], len(created["offeredBy"])) == (
        "VIDEO",
        "25.00",
        1,
    )
    provider = results["CreateProvider"]["createProvider"]["provider"]
    assert (provider["kind"], [loc["name"] for loc in provider["locations"]]) == (
        "HYGIENIST",
        ["Riverside Main"],
    )


def check_appointment_mutations(results: dict) -> None:
    """Each appointment mutation of the shared operations did what its name says."""
    assert results["ConfirmBooking"]["confirmBooking"]["appointment"]["status"] == "SCHEDULED"
    assert results["MoveAppointment"]["moveAppointment"]["appointment"]["version"] == 2
    assert results["CancelAppointment"]["cancelAppointment"]["appointment"]["status"] == "CANCELLED"
    assert results["BreakAppointment"]["breakAppointment"]["appointment"]["status"] == "BROKEN"
    assert results["PlaceFromPinboard"]["placeFromPinboard"]["appointment"]["status"] == "SCHEDULED"
    assert (
        results["TransitionAppointment"]["transitionAppointment"]["appointment"]["status"]
        == "PLANNED"
    )
    assert results["UpdateAppointment"]["updateAppointment"]["appointment"]["priority"] == 5
    bulk = results["BulkConfirmAppointments"]["bulkConfirmAppointments"]
    assert (len(bulk["confirmed"]), bulk["skipped"], bulk["conflicts"]) == (4, [], [])
    flow = results["SetPatientFlowStatus"]["setPatientFlowStatus"]["appointment"]["flowStatus"]
    assert flow == {"name": "Checked in"}
    recalls = results["PatientRecalls"]["node"]["recalls"]
    assert [(r["status"], r["appointment"]["status"]) for r in recalls if r["appointment"]] == [
        ("SCHEDULED", "SCHEDULED")
    ]


def entry_gid(n: int) -> str:
    return b64encode(f"WaitlistEntry:{demo_id('waitlist-entry', n)}".encode()).decode()


# The walkthrough entry's score for the slot CancelAppointment frees (it waits > 30 days).
TOP_SCORE = {"urgency": 30, "priority": 2, "daysWaiting": 30, "fit": 35, "total": 97}


def utc_text(day: date, wall: time) -> str:
    """A wall-clock time at Riverside Main as the API writes the instant."""
    return resolve_local_time(day, wall, ZoneInfo(MAIN_TIME_ZONE)).astimezone(UTC).isoformat()


def check_cancel_then_fill(results: dict, demo: DemoCalendar, today: date) -> None:
    """Entry 1 tops the list for the freed slot and the accepted offer books exactly that slot."""
    # The freed slot: 07:00-07:45 on the Tuesday after the anchor week.
    tuesday = demo.day(8)
    slot = (utc_text(tuesday, time(7)), utc_text(tuesday, time(7, 45)))
    top = entry_gid(1)
    assert top == b64encode(f"WaitlistEntry:{WALKTHROUGH_ENTRY_ID}".encode()).decode()
    page = results["WaitlistEntries"]["waitlistEntries"]
    # RDH Novak's hygiene waitlist: soon before routine, then priority (no dateTo: never expires)
    assert [node["id"] for node in nodes(page)] == [top, entry_gid(20), entry_gid(31)]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (3, False)
    first = nodes(page)[0]
    # added 39 days before the demo's today (the anchor week's Sunday)
    assert first["daysWaiting"] == (today - (demo.today - timedelta(days=39))).days
    assert (first["status"], first["version"], first["urgency"], first["priority"]) == (
        "WAITING", 1, "SOON", 10)  # fmt: skip
    assert first["patient"]["firstName"] + " " + first["patient"]["lastName"] == "Niamh Patel"
    assert (first["provider"]["displayName"], first["appointmentType"]["abbreviation"]) == (
        "Marta Novak", "RCL")  # fmt: skip
    assert (first["contactAttempts"], first["respondedAt"]) == (0, None)
    matches = results["QuickFill"]["quickFill"]
    assert len(matches) == 5
    assert matches[0]["entry"]["id"] == top
    assert matches[0]["score"] == TOP_SCORE
    assert (matches[0]["quality"], matches[0]["providerMatch"], matches[0]["locationMatch"],
            matches[0]["durationFit"]) == ("EXCELLENT", "EXACT", "HOME", "FITS")  # fmt: skip
    totals = [m["score"]["total"] for m in matches]
    assert totals == sorted(totals, reverse=True)
    assert totals[1] < 97
    # the cancel payload ranks the very slot QuickFill.json describes: the same five, in order
    opening = results["CancelAppointment"]["cancelAppointment"]["openingMatches"]
    assert [m["entry"]["id"] for m in opening] == [m["entry"]["id"] for m in matches]
    assert (opening[0]["quality"], opening[0]["score"]["total"]) == ("EXCELLENT", 97)
    contacted = results["LogWaitlistContact"]["logWaitlistContact"]["waitlistEntry"]
    assert (contacted["id"], contacted["status"], contacted["version"]) == (top, "CONTACTED", 2)
    assert [(c["method"], c["slotOffered"]) for c in nodes(contacted["contactLog"])] == [
        ("PHONE", True)
    ]
    offered = results["OfferWaitlistSlot"]["offerWaitlistSlot"]["waitlistEntry"]
    assert (offered["status"], offered["version"]) == ("OFFERED", 3)
    assert offered["offeredOperatory"] == {"name": "Op 10"}
    assert (offered["offeredStartAt"], offered["offeredEndAt"]) == slot
    response = results["RecordWaitlistResponse"]["recordWaitlistResponse"]
    booked, entry = response["appointment"], response["waitlistEntry"]
    assert (booked["status"], booked["version"]) == ("SCHEDULED", 1)
    assert (booked["startAt"], booked["endAt"]) == slot
    assert (booked["localDate"], booked["localStartTime"], booked["localEndTime"]) == (
        tuesday.isoformat(), "07:00:00", "07:45:00")  # fmt: skip
    assert (booked["operatory"]["name"], booked["primaryProvider"]["displayName"],
            booked["appointmentType"]["abbreviation"]) == ("Op 10", "Marta Novak", "RCL")  # fmt: skip
    assert booked["procedureCodes"] == ["D1110", "D0274"]  # the type's: completing it fires hygiene
    assert booked["patient"]["id"] == first["patient"]["id"]
    assert (entry["status"], entry["version"], entry["patientResponse"]) == (
        "SCHEDULED", 4, "ACCEPTED")  # fmt: skip
    assert entry["linkedAppointment"]["id"] == booked["id"]
    assert response["openingMatches"] == []  # a new visit: no other time was freed
    assert [(h["action"], h["actor"]) for h in history(entry)] == [
        ("ADDED", "demo-seed"), ("CONTACTED", "demo-front-desk"),
        ("OFFERED", "demo-front-desk"), ("SCHEDULED", "demo-front-desk")]  # fmt: skip
    # the history speaks the schema's names: fields, enum names, global IDs
    assert changes(history(entry)[-1]) == {
        "status": {"before": "OFFERED", "after": "SCHEDULED"},
        "patientResponse": {"before": None, "after": "ACCEPTED"},
        "linkedAppointment": {"before": None, "after": booked["id"]}}  # fmt: skip


def check_waitlist_upkeep(results: dict, demo: DemoCalendar) -> None:
    """Add, update, remove and bulk-remove on the demo waitlist."""
    added = results["AddToWaitlist"]["addToWaitlist"]["waitlistEntry"]
    assert (added["status"], added["version"], added["source"], added["daysWaiting"]) == (
        "WAITING", 1, "TREATMENT_PLAN", 0)  # fmt: skip
    assert (added["appointmentType"]["abbreviation"], added["provider"]["displayName"]) == (
        "FILL", "Maya Okafor")  # fmt: skip
    assert added["linkedAppointment"]["status"] == "COMPLETE"
    assert actions(added) == ["ADDED"]
    updated = results["UpdateWaitlistEntry"]["updateWaitlistEntry"]["waitlistEntry"]
    assert (updated["id"], updated["version"], updated["urgency"], updated["priority"]) == (
        entry_gid(6), 2, "URGENT", 40)  # fmt: skip
    assert actions(updated) == ["ADDED", "UPDATED"]
    assert changes(history(updated)[-1]) == {
        "dateTo": {"before": demo.day(60).isoformat(), "after": updated["dateTo"]},
        "urgency": {"before": "SOON", "after": "URGENT"},
        "priority": {"before": 25, "after": 40},
        "note": {"before": "Crown prep #19; insurance approved.", "after": updated["note"]}}  # fmt: skip
    removed = results["RemoveFromWaitlist"]["removeFromWaitlist"]["waitlistEntry"]
    assert (removed["id"], removed["status"], removed["version"]) == (entry_gid(28), "REMOVED", 2)
    last = history(removed)[-1]
    assert (last["action"], changes(last)) == ("REMOVED", {
        "status": {"before": "WAITING", "after": "REMOVED"},
        "reason": {"before": None,
                   "after": "Booked a regular exam with Dr. Okafor at the front desk."}})  # fmt: skip
    bulk = results["BulkRemoveFromWaitlist"]["bulkRemoveFromWaitlist"]
    # 10 and 21 were waiting; 26 reads EXPIRED (dateTo: the Friday before the anchor week) and
    # 17 was removed in the seed
    assert [(e["id"], e["status"], e["version"]) for e in bulk["removed"]] == [
        (entry_gid(10), "REMOVED", 2), (entry_gid(21), "REMOVED", 2)]  # fmt: skip
    assert bulk["skippedIds"] == [entry_gid(26), entry_gid(17)]


async def check_history_columns(engine) -> None:
    """Every column the demo and the mutations wrote into a history is read through a declared
    GraphQL field: none reaches a client under its column name."""
    async with engine.connect() as connection:
        appointment = await connection.scalars(
            text("SELECT DISTINCT jsonb_object_keys(changes) FROM appointment_history")
        )
        waitlist = await connection.scalars(
            text(
                "SELECT jsonb_object_keys(side) FROM waitlist_history, "
                "LATERAL (VALUES (before), (after)) AS sides (side) "
                "WHERE jsonb_typeof(side) = 'object'"
            )
        )
        stored = (set(appointment), set(waitlist))
    assert stored[0]
    assert stored[0] <= set(APPOINTMENT_FIELDS)
    assert stored[1]
    assert stored[1] <= set(WAITLIST_FIELDS)


async def test_the_benchmark_floor_returns_the_same_json(engine, database_url):
    # given the demo practice (around this week) served with the floor route enabled
    async with engine.begin() as connection:
        await seed_demo_data(connection)
    app = create_app(database_url, secret=DEMO_SECRET, enable_floor=True)
    body = {
        "query": operation_document("CalendarWeek"),
        "variables": json.loads((OPERATIONS / "CalendarWeek.json").read_text()),
    }
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as client:
        graphql = await client.post("/graphql", json=body, headers=demo_headers())
        floor = await client.post("/floor/calendar-week", json=body, headers=demo_headers())
    # then one SQL statement produced exactly what GraphQL execution produced (the floor
    # has no cost to report: only the GraphQL answer carries extensions.cost)
    answer = orjson.loads(graphql.content)
    assert answer.pop("extensions")["cost"]["requestedQueryCost"] == 8429
    assert orjson.loads(floor.content) == answer
