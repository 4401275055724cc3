"""The compiled executor answers exactly as the standard one: data, order, errors, paths.

Every read operation of graphql/operations and randomly generated selections run through both
paths (a context with `compiled=False` gets graphql-core's and Strawberry's own execution) as
staff, a patient, another organization and an anonymous caller; responses must be identical
byte for byte (key order included) and so must the errors.
"""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import orjson
import pytest
from graphql import OperationType, parse
from sqlalchemy import text
from strawberry.relay import GlobalID

from db.demo import REFERENCE_ANCHOR, seed_demo_data
from db.demo.ids import (
    DEMO_APPOINTMENT_ID,
    DEMO_ORG_ID,
    DEMO_PATIENT_ID,
    MAIN_LOCATION_ID,
    OTHER_LOCATION_ID,
    OTHER_ORG_ID,
)
from resolvers.context import RequestContext
from resolvers.viewer import Role, Viewer
from schema.assembled import schema
from server.app import create_app
from server.operation_manifest import operation_document
from server.settings import load_settings
from tests.support.paths import OPERATIONS
from tests.support.selection_generator import SelectionGenerator
from tests.support.tokens import TEST_SECRET, bearer

READ_OPERATIONS = [
    path
    for path in sorted(OPERATIONS.glob("*.graphql"))
    if parse(operation_document(path.stem)).definitions[0].operation is OperationType.QUERY  # type: ignore[attr-defined]
]
VIEWERS = {
    "staff": Viewer(organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="t"),
    "patient": Viewer(
        organization_id=DEMO_ORG_ID, role=Role.PATIENT, subject="p", patient_id=DEMO_PATIENT_ID
    ),
    "other-organization": Viewer(organization_id=OTHER_ORG_ID, role=Role.STAFF, subject="o"),
    "anonymous": None,
}


def gid(type_name: str, node_id: Any) -> str:
    return str(GlobalID(type_name=type_name, node_id=str(node_id)))


# Root fields with arguments that reach data (and some that reach nothing or fail).
ROOTS = [
    ('calendarWeek(locationId: $location, weekStart: "2026-11-16")', "CalendarWeek"),
    ('calendarDay(locationId: $location, date: "2026-11-17")', "CalendarDay"),
    ('calendarDay(locationId: $location, date: "2026-11-01")', "CalendarDay"),
    ("node(id: $appointment)", "Node"),
    ("node(id: $patient)", "Node"),
    ("node(id: $otherLocation)", "Node"),
    ('node(id: "not-an-id")', "Node"),
    ("nodes(ids: [$appointment, $patient, $location])", "Node"),
    ("appointments(first: 7)", "AppointmentConnection"),
    ("waitlistEntries(first: 4)", "WaitlistEntryConnection"),
    ("locations", "Location"),
    ("organization", "Organization"),
    ('patients(search: "a", first: 5)', "Patient"),
    ('providers(search: "dr", first: 3, locationId: $location)', "Provider"),
    ('dueRecalls(dueOn: "2026-12-31", first: 5)', "PatientRecall"),
    ('locationSchedules(locationId: $location, date: "2026-11-17")', "ResolvedSchedule"),
    ('blockouts(locationId: $location, from: "2026-12-07", to: "2026-12-09")', "Blockout"),
]
ROOT_VARIABLES = {
    "location": gid("Location", MAIN_LOCATION_ID),
    "appointment": gid("Appointment", DEMO_APPOINTMENT_ID),
    "patient": gid("Patient", DEMO_PATIENT_ID),
    "otherLocation": gid("Location", OTHER_LOCATION_ID),
}


async def both(engine: Any, document: str, variables: dict[str, Any], viewer: Viewer | None):
    """The responses of the compiled and the standard schema, as JSON bytes."""
    responses = []
    for compiled in (True, False):
        result = await schema.execute(
            document,
            variable_values=variables,
            context_value=RequestContext.create(engine, viewer, compiled=compiled),
        )
        errors = [error.formatted for error in result.errors or ()]
        responses.append(orjson.dumps({"data": result.data, "errors": errors}))
    return responses


@pytest.fixture
async def demo(engine):
    async with engine.begin() as connection:
        await seed_demo_data(connection, REFERENCE_ANCHOR)


async def test_every_read_operation_answers_the_same(engine, demo):
    assert len(READ_OPERATIONS) >= 15
    for path in READ_OPERATIONS:
        variables = json.loads(path.with_suffix(".json").read_text())
        for who, viewer in VIEWERS.items():
            compiled, standard = await both(
                engine, operation_document(path.stem), variables, viewer
            )
            assert compiled == standard, f"{path.stem} as {who}"


async def test_generated_selections_answer_the_same(engine, demo):
    rng = random.Random(20261206)
    compared = 0
    for case in range(60):
        root, type_name = ROOTS[case % len(ROOTS)]
        generator = SelectionGenerator(schema._schema, rng)
        selection = generator.selection(type_name)
        variables: dict[str, Any] = {
            name: value for name, value in ROOT_VARIABLES.items() if f"${name}" in root
        }
        declared = [f"${name}: ID!" for name in variables]
        if generator.uses_flag:
            variables["flag"] = rng.random() < 0.5
            declared.append("$flag: Boolean!")
        signature = f"({', '.join(declared)})" if declared else ""
        document = f"query Q{signature} {{ r: {root} {selection} }}\n" + "\n".join(
            generator.fragments
        )
        who = rng.choice(list(VIEWERS))
        compiled, standard = await both(engine, document, variables, VIEWERS[who])
        assert compiled == standard, f"case {case} as {who}: {document}"
        compared += 1
    assert compared == 60


BAD_REQUESTS: list[tuple[str, dict[str, Any]]] = [
    # (document, variables): errors before execution (validation, coercion) and in resolvers
    ("query { calendarWeek(locationId: $x) { weekStart } }", {}),
    ("query Q($l: ID!) { locations { id nope } }", {"l": "x"}),
    (
        'query Q($w: Date!) { calendarWeek(locationId: "TG9jYXRpb246eA==", weekStart: $w) '
        "{ weekStart } }",
        {"w": "not-a-date"},
    ),
    ("query Q($id: ID!) { node(id: $id) { id ... on Location { name } } }", {"id": 42}),
    (
        'query { calendarWeek(locationId: "TG9jYXRpb246eA==", weekStart: "2026-11-16") { timeZone } }',
        {},
    ),
]
UNKNOWN_IDS: list[tuple[str, dict[str, Any]]] = [
    # another organization's location, and no location at all: null, no error, for anyone
    (
        "query Q($id: ID!) { node(id: $id) { id ... on Location { name operatories { id } } } }",
        {"id": gid("Location", OTHER_LOCATION_ID)},
    ),
    (
        'query Q($l: ID!) { calendarWeek(locationId: $l, weekStart: "2026-11-16") '
        "{ days { appointments { id } } } }",
        {"l": gid("Location", "00000000-0000-0000-0000-000000000000")},
    ),
]


async def test_bad_requests_fail_the_same_way_for_every_caller(engine, demo):
    for document, variables in BAD_REQUESTS:
        for who, viewer in VIEWERS.items():
            compiled, standard = await both(engine, document, variables, viewer)
            assert compiled == standard, f"{document} as {who}"
            assert b'"errors":[]' not in compiled, f"{document} as {who} should fail"


async def test_unknown_and_foreign_ids_are_null_the_same_way(engine, demo):
    for document, variables in UNKNOWN_IDS:
        for who, viewer in VIEWERS.items():
            compiled, standard = await both(engine, document, variables, viewer)
            assert compiled == standard, f"{document} as {who}"
        # the demo practice's staff: null and no error
        compiled, _ = await both(engine, document, variables, VIEWERS["staff"])
        assert compiled.endswith(b'":null},"errors":[]}'), document


async def test_a_document_that_fails_validation_is_never_compiled(engine):
    from schema.execution import executor

    before = dict(executor._plans)
    document = "query { locations { id name doesNotExist { id } } }"
    viewer = VIEWERS["staff"]
    compiled, standard = await both(engine, document, {}, viewer)
    assert compiled == standard
    assert b"GRAPHQL_VALIDATION_FAILED" in compiled
    assert executor._plans == before


async def test_plans_hold_no_rows_and_serve_every_organization(engine, demo):
    # given one document compiled while the demo practice's staff read their week
    from schema.execution import executor

    document = operation_document("CalendarWeek")
    variables = json.loads((OPERATIONS / "CalendarWeek.json").read_text())
    staff, other = VIEWERS["staff"], VIEWERS["other-organization"]
    mine, _ = await both(engine, document, variables, staff)
    assert b'"appointments":[{' in mine
    # then the cached plans are functions of the schema and the document only
    for nodes, _schema, runner in executor._plans.values():
        assert runner is None or callable(runner)
        assert all(type(node).__module__.startswith("graphql.language") for node in nodes)
    # and another organization running the same document through them sees nothing of it
    theirs, standard = await both(engine, document, variables, other)
    assert theirs == standard == b'{"data":{"calendarWeek":null},"errors":[]}'


def test_the_setting_switches_compiled_execution_off():
    assert load_settings({}).compiled is True
    assert load_settings({"SLOTGRAPH_COMPILED": "0"}).compiled is False


async def test_over_http_both_switch_positions_answer_the_same(engine, database_url, demo):
    # given the app with compiled execution on and off, and a calendar day query
    from schema.execution import executor

    document = operation_document("CalendarDay")
    # The example's date is null (today), which may be a weekend without visits: the demo's
    # Monday instead.
    variables = json.loads((OPERATIONS / "CalendarDay.json").read_text())
    variables["date"] = REFERENCE_ANCHOR.isoformat()
    headers = bearer(VIEWERS["staff"])  # type: ignore[arg-type]
    answers = {}
    for compiled in (False, True):
        executor._plans.clear()
        app = create_app(database_url, secret=TEST_SECRET, compiled=compiled)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.post(
                "/graphql", json={"query": document, "variables": variables}, headers=headers
            )
        assert response.status_code == 200
        answers[compiled] = response.content
        # then only the compiled app compiled plans
        assert bool(executor._plans) is compiled
    assert answers[True] == answers[False]
    assert b'"appointments":[{' in answers[True]


RECORD_FIELDS = """id askToArriveMinutes askToArriveAt colorOverride tags source modality
  confirmedAt cancelledAt procedureCodes providerAssignments { role provider { id } }
  procedures { id code fee order provider { id lastName }
               frequency { intervalMonths lastDoneOn allowedAgainOn allowed } }"""
RECORD_DOCUMENTS = [
    'query Q($location: ID!) { calendarWeek(locationId: $location, weekStart: "2026-11-16") '
    f"{{ days {{ appointments {{ {RECORD_FIELDS} }} }} }} }}",
    f"query Q($appointment: ID!) {{ node(id: $appointment) {{ ... on Appointment {{ {RECORD_FIELDS} }} }} }}",
    f"query {{ appointments(first: 30) {{ edges {{ node {{ {RECORD_FIELDS} }} }} }} }}",
]


async def test_the_appointment_records_fields_answer_the_same(engine, demo):
    # given demo visits of the week with every detail set and procedures recorded (the demo
    # patient's own visit among them), and completed visits that performed the codes
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE appointments SET tags = ARRAY['VIP', 'late'], color_override = '#AA0000', "
                "ask_to_arrive_minutes = 15, modality = 'VIDEO', source = 'PATIENT_APP', "
                "confirmed_at = start_at - interval '1 day' "
                "WHERE id IN (SELECT id FROM appointments WHERE location_id = :location "
                "AND start_at >= '2026-11-16' AND start_at < '2026-11-23' ORDER BY id LIMIT 40) "
                "OR id = :appointment"
            ),
            {"location": MAIN_LOCATION_ID, "appointment": DEMO_APPOINTMENT_ID},
        )
        await connection.execute(
            text(
                "INSERT INTO appointment_procedures (organization_id, appointment_id, code, fee, "
                "provider_id, position) SELECT organization_id, id, c.code, 80, "
                "CASE WHEN c.n = 0 THEN primary_provider_id END, c.n FROM appointments, "
                "(VALUES ('D1110', 0), ('D0120', 1)) AS c(code, n) "
                "WHERE (location_id = :location AND start_at >= '2026-11-16' "
                "AND start_at < '2026-11-23' AND tags <> '{}') OR id = :appointment"
            ),
            {"location": MAIN_LOCATION_ID, "appointment": DEMO_APPOINTMENT_ID},
        )
    for document in RECORD_DOCUMENTS:
        variables = {
            name: value for name, value in ROOT_VARIABLES.items() if f"${name}" in document
        }
        for who, viewer in VIEWERS.items():
            compiled, standard = await both(engine, document, variables, viewer)
            assert compiled == standard, f"{document} as {who}"
    # and the staff's week did show the details and procedures
    compiled, _ = await both(engine, RECORD_DOCUMENTS[0], ROOT_VARIABLES, VIEWERS["staff"])
    assert b'"tags":["VIP","late"]' in compiled
    assert b'"code":"D0120"' in compiled
    assert b'"lastDoneOn":"20' in compiled  # a demo patient had a cleaning before
    assert b'"role":"ASSISTANT"' in compiled  # the demo's assistants
