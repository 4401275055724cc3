"""The shared client operations: valid against the schema and working on the demo practice.

The demo is laid out around the current week, as `slotgraph serve` lays it out, and the example
variables are moved from the reference week to it: the operations work on any day.
"""

from __future__ import annotations

import calendar as month_calendar
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import httpx
import orjson
import pytest
from graphql import OperationDefinitionNode, parse, validate
from sqlalchemy import text

from db.demo import MAIN_TIME_ZONE, DemoCalendar, current_anchor, seed_demo_data
from db.demo.examples import moved_example
from resolvers.query_limits import DEFAULT_LIMITS
from resolvers.rate_limit import CostBuckets
from scheduling.local_time import local_day
from schema.assembled import schema
from schema.types.appointment_history import APPOINTMENT_FIELDS
from schema.types.waitlist_log import WAITLIST_FIELDS
from server.app import create_app
from server.operation_manifest import operation_document
from server.settings import DEMO_SECRET
from server.tokens import read_token
from tests.support.blockout_operations import check_blockout_operations
from tests.support.operation_chains import check_appointment_record
from tests.support.paths import OPERATIONS
from tests.support.report_operations import check_reports_and_lists
from tests.support.settings_operations import check_user_settings
from tests.support.shared_operations import (
    DOCUMENTS,
    HTTP_DOCUMENTS,
    MUTATION_ORDER,
    SUBSCRIPTIONS,
    demo_headers,
    example_variables,
)
from tests.support.walkthrough_checks import check_cancel_then_fill, check_waitlist_upkeep


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


# Every main provider's goals of one weekday (demo: 4 x 2,400-2,500 + 4 x 1,100-1,200 + ...).
DAILY_GOAL = Decimal("14800.00")


def weekdays(first: date, last: date) -> int:
    return sum((first + timedelta(days=n)).weekday() < 5 for n in range((last - first).days + 1))


async def test_every_operation_works_on_the_demo_practice(engine, execute):
    # given the demo practice laid out around this week, and the demo staff token
    demo = DemoCalendar(current_anchor())
    async with engine.begin() as connection:
        await seed_demo_data(connection, demo.anchor)
    today = datetime.now(ZoneInfo(MAIN_TIME_ZONE)).date()
    viewer = read_token(demo_headers()["Authorization"].removeprefix("Bearer "), secret=DEMO_SECRET)
    # (the subscriptions run over WebSocket only: tests/api/test_live_shared_operations.py)
    queries = [p.stem for p in HTTP_DOCUMENTS if p.stem not in MUTATION_ORDER]
    assert sorted(queries + MUTATION_ORDER + SUBSCRIPTIONS) == sorted(p.stem for p in DOCUMENTS)
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
    # all of them at once (25,485 now, 94 operations) take under a third of a full bucket
    assert spent <= buckets.capacity // 3
    names = {location["name"] for location in results["Directory"]["locations"]}
    assert {"Riverside Main", "Riverside London"} <= names
    assert results["PatientSearch"]["patients"]
    # the directory's providers on one page (the demo's twelve: the queries run before
    # CreateProvider); the hygienists by "rdh", working at Riverside Main (as every demo
    # provider, none of whom lists locations)
    directory = results["Directory"]["providers"]
    assert (directory["totalCount"], len(directory["edges"])) == (12, 12)
    assert directory["pageInfo"]["hasNextPage"] is False
    hygienists = results["ProviderSearch"]["providers"]
    assert [edge["node"]["displayName"] for edge in hygienists["edges"]] == [
        "Owen Brooks", "Grace Chen", "Leah Kim", "Marta Novak", "Callum Reid"]  # fmt: skip
    assert results["CheckConflicts"]["checkConflicts"]["reasons"] == [
        "APPOINTMENT_OVERLAP",
        "PROVIDER_OVERLAP",
    ]
    check_appointment_mutations(results)
    check_practice_setup(results)
    check_user_settings(results)
    check_reports_and_lists(results)
    check_blockout_operations(results)
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
        ("UpdateConfirmationStatus", "updateConfirmationStatus", "confirmationStatus"),
        ("UpdatePatientFlowStatus", "updatePatientFlowStatus", "flowStatus"),
        ("UpdateAppointmentReason", "updateAppointmentReason", "reason"),
        ("ArchiveConfirmationStatus", "archiveConfirmationStatus", "confirmationStatus"),
        ("ArchivePatientFlowStatus", "archivePatientFlowStatus", "flowStatus"),
        ("ArchiveAppointmentReason", "archiveAppointmentReason", "reason"),
    ]:
        assert results[name][field][node]["version"] == 2, name
    created = results["CreateAppointmentType"]["createAppointmentType"]["appointmentType"]
    assert (created["modality"], created["depositAmount"], len(created["offeredBy"])) == (
        "VIDEO",
        "25.00",
        1,
    )
    merge = results["MergePatients"]["mergePatients"]
    assert (merge["movedAppointmentCount"], merge["mergedPatient"]["mergedInto"]) == (
        1,
        {"id": merge["patient"]["id"]},
    )
    provider = results["CreateProvider"]["createProvider"]["provider"]
    assert (provider["kind"], [loc["name"] for loc in provider["locations"]]) == (
        "HYGIENIST",
        ["Riverside Main"],
    )
    hours = results["CreateScheduleTemplate"]["createScheduleTemplate"]["template"]
    assert (hours["provider"]["id"], hours["location"]["name"], hours["weekday"]) == (
        provider["id"],
        "Riverside Main",
        "SUNDAY",
    )
    assert (hours["startTime"], hours["endTime"], hours["effectiveTo"]) == (
        "09:00:00",
        "13:00:00",
        None,
    )


def check_appointment_mutations(results: dict) -> None:
    """Each appointment mutation of the shared operations did what its name says."""
    assert results["ConfirmBooking"]["confirmBooking"]["appointment"]["status"] == "SCHEDULED"
    assert results["MoveAppointment"]["moveAppointment"]["appointment"]["version"] == 2
    assert results["CancelAppointment"]["cancelAppointment"]["appointment"]["status"] == "CANCELLED"
    broken = results["BreakAppointment"]["breakAppointment"]["appointment"]
    assert (broken["status"], broken["reason"]["name"]) == ("BROKEN", "No answer to reminders")
    cancelled = results["CancelAppointment"]["cancelAppointment"]["appointment"]
    assert (cancelled["statusReason"], cancelled["reason"]["name"]) == (
        "Patient called: out of town",
        "Schedule conflict",
    )
    assert results["PlaceFromPinboard"]["placeFromPinboard"]["appointment"]["status"] == "SCHEDULED"
    assert (
        results["TransitionAppointment"]["transitionAppointment"]["appointment"]["status"]
        == "PLANNED"
    )
    assert results["UpdateAppointment"]["updateAppointment"]["appointment"]["priority"] == 5
    check_appointment_record(results)
    bulk = results["BulkConfirmAppointments"]["bulkConfirmAppointments"]
    assert (len(bulk["confirmed"]), bulk["skipped"], bulk["conflicts"]) == (4, [], [])
    flow = results["SetPatientFlowStatus"]["setPatientFlowStatus"]["appointment"]["flowStatus"]
    assert flow == {"name": "Checked in"}
    recalls = results["PatientRecalls"]["node"]["recalls"]
    assert [(r["status"], r["appointment"]["status"]) for r in recalls if r["appointment"]] == [
        ("SCHEDULED", "SCHEDULED")
    ]


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
