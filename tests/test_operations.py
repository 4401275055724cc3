"""The shared client operations: valid against the schema and working on the demo practice."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import orjson
import pytest
from graphql import OperationDefinitionNode, parse, validate

from db.demo import seed_demo_data
from schema.assembled import schema
from server.app import create_app
from server.settings import DEMO_SECRET
from server.tokens import read_token

OPERATIONS = Path(__file__).resolve().parent.parent / "graphql" / "operations"
DOCUMENTS = sorted(OPERATIONS.glob("*.graphql"))


def demo_headers() -> dict[str, str]:
    return json.loads((OPERATIONS / "demo.headers.json").read_text())


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_operation_is_valid_and_has_example_variables(path):
    document = parse(path.read_text())
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
]


def example_variables(name: str, results: dict) -> dict:
    variables = json.loads((OPERATIONS / f"{name}.json").read_text())
    if name == "ConfirmBooking":
        # The hold's id exists only once HoldAppointment ran: the README shows the same chain.
        variables["input"]["appointmentId"] = results["HoldAppointment"]["bookAppointment"][
            "appointment"
        ]["id"]
    return variables


async def test_every_operation_works_on_the_demo_practice(engine, execute):
    # given the demo practice and the demo staff token
    async with engine.begin() as connection:
        await seed_demo_data(connection)
    viewer = read_token(demo_headers()["Authorization"].removeprefix("Bearer "), secret=DEMO_SECRET)
    queries = [p.stem for p in DOCUMENTS if p.stem not in MUTATION_ORDER]
    assert sorted(queries + MUTATION_ORDER) == sorted(p.stem for p in DOCUMENTS)
    # when every operation runs with its example variables
    results: dict = {}
    for name in queries + MUTATION_ORDER:
        document = (OPERATIONS / f"{name}.graphql").read_text()
        result = await execute(document, example_variables(name, results), viewer=viewer)
        assert result.errors is None, (name, result.errors)
        results[name] = result.data
        for payload in result.data.values():
            if isinstance(payload, dict) and "userErrors" in payload:
                assert payload["userErrors"] == [], (name, payload["userErrors"])
    # then they return real data: the busiest week holds ~700 appointments
    week = results["CalendarWeek"]["calendarWeek"]
    assert sum(len(day["appointments"]) for day in week["days"]) == 705
    assert [day["dayHours"] for day in week["days"]] == [24] * 7
    assert results["CalendarDay"]["calendarDay"]["appointments"]
    assert results["Appointments"]["appointments"]["totalCount"] > 0
    assert results["Node"]["node"]["__typename"] == "Appointment"
    names = {location["name"] for location in results["Directory"]["locations"]}
    assert {"Riverside Main", "Riverside London"} <= names
    assert results["PatientSearch"]["patients"]
    month = results["CalendarMonth"]["calendarMonth"]  # 21 weekdays of 14,800.00 in goals
    assert (len(month["days"]), month["days"][0]["dayHours"]) == (30, 25)
    assert month["productionGoal"] == results["ProductionSummary"]["productionSummary"]["goal"]
    assert month["productionGoal"] == "310800.00"
    assert results["CheckConflicts"]["checkConflicts"]["reasons"] == [
        "APPOINTMENT_OVERLAP",
        "PROVIDER_OVERLAP",
    ]
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


async def test_the_benchmark_floor_returns_the_same_json(engine, database_url):
    # given the demo practice served with the floor route enabled
    async with engine.begin() as connection:
        await seed_demo_data(connection)
    app = create_app(database_url, secret=DEMO_SECRET, enable_floor=True)
    body = {
        "query": (OPERATIONS / "CalendarWeek.graphql").read_text(),
        "variables": json.loads((OPERATIONS / "CalendarWeek.json").read_text()),
    }
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as client:
        graphql = await client.post("/graphql", json=body, headers=demo_headers())
        floor = await client.post("/floor/calendar-week", json=body, headers=demo_headers())
    # then one SQL statement produced exactly what GraphQL execution produced
    assert orjson.loads(floor.content) == orjson.loads(graphql.content)
