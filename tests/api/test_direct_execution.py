"""HTTP requests run without Strawberry's extension runner (schema/execution/direct.py) answer
exactly as with it: status, headers that matter, body bytes (data, errors, extensions with the
cost and the caller's bucket), for successes, every refusal before execution, mutations, and
what the request's log line records.

The app with `compiled=False` runs Strawberry's `Schema.execute` with the extensions; the
default app runs the direct steps. Each case goes to both apps, fresh, in the same order.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import httpx
import pytest
from graphql import OperationType, parse

from db.demo import REFERENCE_ANCHOR, seed_demo_data
from db.demo.ids import DEMO_APPOINTMENT_ID, DEMO_ORG_ID
from resolvers.query_limits import DEFAULT_LIMITS, QueryLimits
from resolvers.viewer import Role, Viewer
from server.app import create_app
from server.operation_manifest import operation_document
from server.settings import Exposure
from tests.support.paths import OPERATIONS
from tests.support.tokens import TEST_SECRET, bearer

STAFF = Viewer(organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="direct")
LIMITS = dataclasses.replace(
    DEFAULT_LIMITS, max_document_bytes=4_000, max_depth=6, rate_capacity=60_000
)
NODE = "query Node($id: ID!) { node(id: $id) { id ... on Appointment { status version } } }"
NODE_VARIABLES = {"id": "QXBwb2ludG1lbnQ6" + "x"}  # a malformed id: a resolver error
DEEP = (
    "query { locations { operatories { location { operatories { location { operatories "
    "{ location { id } } } } } } } }"
)

# (method, body or query string): each answered by both apps.
CASES: list[tuple[str, Any]] = [
    ("POST", {"query": NODE, "variables": {"id": ""}}),
    ("POST", {"query": NODE, "variables": NODE_VARIABLES}),
    ("POST", {"query": "query { organization { name } }"}),
    ("POST", {"query": "query A { organization { name } } query B { locations { id } }"}),
    (
        "POST",
        {
            "query": "query A { organization { name } } query B { locations { id } }",
            "operationName": "B",
        },
    ),
    ("POST", {"query": "query A { organization { name } }", "operationName": "Nope"}),
    ("POST", {"query": ""}),
    ("POST", {"query": "query { organization { name "}),
    ("POST", {"query": "query { organization { nope } }"}),
    ("POST", {"query": "query { " + "organization { name } " * 400 + "}"}),
    ("POST", {"query": "{" + " a: organization { name }" * 2_000 + "}"}),
    ("POST", {"query": DEEP}),
    (
        "POST",
        {
            "query": "query Q($first: Int!) { appointments(first: $first) { totalCount } }",
            "variables": {"first": 10_000},
        },
    ),
    (
        "POST",
        {
            "query": 'query Q($d: Date!) { calendarDay(locationId: "x", date: $d) { date } }',
            "variables": {"d": "not-a-date"},
        },
    ),
    ("POST", {"query": "{ __schema { queryType { name } } }"}),
    ("GET", "query=" + 'mutation { deleteScheduleNote(input: {id: "x"}) { deleted } }'),
    ("GET", "query=" + "query { organization { name } }"),
    (
        "POST",
        {
            "query": "mutation M($input: CancelAppointmentInput!) { cancelAppointment("
            "input: $input) { appointment { status } userErrors { field code message } } }",
            "variables": {"input": {"appointmentId": "bm90OmFu", "baseVersion": 1}},
        },
    ),
]


@pytest.fixture
async def demo(engine):
    async with engine.begin() as connection:
        await seed_demo_data(connection, REFERENCE_ANCHOR)


async def answers(
    database_url: str,
    compiled: bool,
    cases: list[tuple[str, Any]],
    limits: QueryLimits = LIMITS,
    **app: Any,
) -> list[tuple[int, str | None, bytes]]:
    """Each case's (status, Retry-After, body) from a fresh app whose rate-limit clock stands
    still (the bucket's state is in every answer's extensions)."""
    application = create_app(
        database_url,
        secret=TEST_SECRET,
        compiled=compiled,
        limits=limits,
        clock=lambda: 1_000.0,
        **app,
    )
    transport = httpx.ASGITransport(app=application)
    headers = bearer(STAFF)
    got = []
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for method, request in cases:
            if method == "GET":
                response = await client.get(f"/graphql?{request}", headers=headers)
            else:
                response = await client.post("/graphql", json=request, headers=headers)
            got.append(
                (response.status_code, response.headers.get("retry-after"), response.content)
            )
    return got


async def test_every_case_answers_the_same_on_both_paths(database_url, demo):
    direct = await answers(database_url, True, CASES)
    standard = await answers(database_url, False, CASES)
    for case, ours, theirs in zip(CASES, direct, standard, strict=True):
        assert ours == theirs, case
    # the cases reach what they mean to: refusals before execution, and real answers
    bodies = b"\n".join(body for _, _, body in direct)
    for code in (
        b"QUERY_TOO_LARGE",
        b"QUERY_TOO_DEEP",
        b"GRAPHQL_VALIDATION_FAILED",
        b"BAD_USER_INPUT",
        b'"requestedQueryCost"',
    ):
        assert code in bodies, code
    assert {status for status, _, _ in direct} >= {200, 400}


async def test_every_shared_read_operation_answers_the_same_over_http(database_url, demo):
    cases = []
    for path in sorted(OPERATIONS.glob("*.graphql")):
        document = operation_document(path.stem)
        operation = parse(document).definitions[0]
        if getattr(operation, "operation", None) is not OperationType.QUERY:
            continue
        variables = json.loads(path.with_suffix(".json").read_text())
        cases.append(("POST", {"query": document, "variables": variables}))
    assert len(cases) >= 15
    roomy = dataclasses.replace(DEFAULT_LIMITS, rate_capacity=10**9)
    direct = await answers(database_url, True, cases, roomy)
    standard = await answers(database_url, False, cases, roomy)
    for case, ours, theirs in zip(cases, direct, standard, strict=True):
        assert ours == theirs, case[1]["query"][:80]
    # as staff: every one answers, nearly all with data (a patient's own fields refuse staff)
    assert {status for status, _, _ in direct} == {200}
    assert sum(b'"data":{"' in body for _, _, body in direct) >= len(cases) - 3


async def test_cost_rate_limit_and_introspection_refusals_answer_the_same(database_url, demo):
    # given a bucket that holds two weeks' cost, three calendar weeks in a row, then a node
    week = operation_document("CalendarWeek")
    variables = json.loads((OPERATIONS / "CalendarWeek.json").read_text())
    cases: list[tuple[str, Any]] = [("POST", {"query": week, "variables": variables})] * 8
    cases.append(("POST", {"query": NODE, "variables": {"id": str(DEMO_APPOINTMENT_ID)}}))
    cases.append(("POST", {"query": '{ __type(name: "Query") { name } }'}))
    closed = Exposure(introspection=False)
    direct = await answers(database_url, True, cases, exposure=closed)
    standard = await answers(database_url, False, cases, exposure=closed)
    assert direct == standard
    # then some were throttled (429 with Retry-After) and introspection was refused
    assert any(status == 429 and retry for status, retry, _ in direct)
    assert b"INTROSPECTION_DISABLED" in direct[-1][2]
