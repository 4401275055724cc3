"""Operations logs under hostile traffic: every record one JSON line, nothing a request carried
or the database holds about patients in any of them, one line per request under the id the
response carries, and an INTERNAL error findable by the error id its client was shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.demo import DEMO_ORG_ID, seed_demo_data
from server.app import create_app
from server.settings import DEMO_SECRET
from tests.support.limit_documents import HEAVY_WEEK, aliased_weeks, operatory_location_nesting
from tests.support.log_capture import captured_log, strings
from tests.support.paths import OPERATIONS
from tests.support.shared_operations import HTTP_DOCUMENTS, demo_headers
from tests.support.variables import leaves, put

PLANTED_FIRST, PLANTED_LAST = "Zebulon", "Quixotefax"
PLANTED_NAME = f"{PLANTED_FIRST} {PLANTED_LAST}"
PLANTED_NOTE = "Planted note: latex allergy, husband collects"
FORGED_LINE = '\n{"level":"ERROR","logger":"slotgraph.requests","msg":"forged"}\n'
# What the requests put where a string goes: names, notes, a forged log line, control
# characters, an id with a newline (the fuzz strategies' hostile characters among them).
HOSTILE_STRINGS = [
    PLANTED_NAME,
    PLANTED_NOTE + FORGED_LINE,
    "UGF0aWVudDo" + FORGED_LINE,
    "\x00\x07\x1b[31m\x7f\x85\u2028\ufeff\r\t" + PLANTED_LAST,
    f"{PLANTED_NOTE}\r\n{PLANTED_NAME}",
    f"{PLANTED_LAST}\ud800",  # a lone surrogate: valid in JSON, not in UTF-8
]
SQL_WORDS = ["SELECT", "INSERT", "UPDATE ", "set_config", "[SQL", "parameters"]
LOCATIONS = "{ locations { name } }"


@pytest.fixture
async def demo_client(database_url: str, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    """The demo practice (with a planted patient) behind the app, tokens signed as the demo's."""
    async with engine.begin() as connection:
        await seed_demo_data(connection)
        await connection.execute(
            text(
                "INSERT INTO patients (organization_id, first_name, last_name, chart_number,"
                " phone, email) VALUES (:org, :first, :last, 'Z00001', '555-0199', :email)"
            ),
            {"org": DEMO_ORG_ID, "first": PLANTED_FIRST, "last": PLANTED_LAST,
             "email": "zebulon.q@example.test"},
        )  # fmt: skip
    app = create_app(database_url, secret=DEMO_SECRET)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as client:
        yield client


class Traffic:
    """Sends requests and keeps each response."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.responses: list[httpx.Response] = []

    async def post(self, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
        headers = {**demo_headers(), "Content-Type": "application/json", **(headers or {})}
        # The standard encoder writes a lone surrogate as an escape (httpx's json= fails).
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        response = await self.client.post("/graphql", content=content, headers=headers)
        self.responses.append(response)
        return response


async def shared_operations(traffic: Traffic) -> None:
    """Every shared operation as written, then with each string variable made hostile."""
    for document_path in HTTP_DOCUMENTS:  # subscriptions run over WebSocket only
        document = document_path.read_text()
        variables = json.loads((OPERATIONS / f"{document_path.stem}.json").read_text())
        await traffic.post({"query": document, "variables": variables})
        texts = [path for path, value in leaves(variables) if isinstance(value, str)]
        for n, path in enumerate(texts):
            hostile = put(variables, path, HOSTILE_STRINGS[n % len(HOSTILE_STRINGS)])
            await traffic.post({"query": document, "variables": hostile})


async def hostile_requests(traffic: Traffic) -> None:
    """Refused documents, bodies, names, tokens and request ids carrying patient data."""
    await traffic.post({"query": aliased_weeks(6, HEAVY_WEEK), "variables": {"l": "x", "w": "y"}})
    await traffic.post({"query": operatory_location_nesting(40)})
    await traffic.post({"query": f'{{ locations(name: "{PLANTED_NAME}") {{ id }} }}'})
    await traffic.post({"query": f"{{ {PLANTED_FIRST}\n{PLANTED_LAST} "})  # a syntax error
    await traffic.post({"query": "query A { __typename }", "operationName": PLANTED_FIRST})
    await traffic.post({"query": "query A { __typename }", "operationName": "A\n" + PLANTED_LAST})
    await traffic.post(f'{{"query": "{PLANTED_NAME}'.encode())  # not JSON
    await traffic.post({"query": LOCATIONS, "variables": {"x": PLANTED_NOTE * 20_000}})  # 413
    await traffic.post({"query": LOCATIONS}, {"Authorization": f"Bearer {PLANTED_NAME}.x.y"})
    await traffic.post({"query": LOCATIONS}, {"Authorization": PLANTED_NOTE})
    for request_id in ["support-42", f"{PLANTED_FIRST} {PLANTED_LAST}", "x" * 65, "\x01id"]:
        await traffic.post({"query": LOCATIONS}, {"X-Request-Id": request_id})


async def internal_errors(traffic: Traffic, engine: AsyncEngine) -> None:
    """INTERNAL for real: a query and a mutation (a planted name in its statement's
    parameters) against a table that is briefly missing."""
    rename = "ALTER TABLE {} RENAME TO {}"
    async with engine.begin() as connection:
        await connection.execute(text(rename.format("locations", "locations_moved")))
    try:
        await traffic.post({"query": LOCATIONS})
        create = (
            "mutation($name: String!) { createLocation(input: {name: $name, timeZone: "
            '"UTC"}) { location { id } userErrors { code } } }'
        )
        await traffic.post({"query": create, "variables": {"name": PLANTED_NAME}})
    finally:
        async with engine.begin() as connection:
            await connection.execute(text(rename.format("locations_moved", "locations")))


async def patient_data(engine: AsyncEngine) -> set[str]:
    """Every patient's name, phone and email and every note, as the database holds them."""
    statement = text(
        "SELECT first_name || ' ' || last_name FROM patients UNION SELECT phone FROM patients"
        " UNION SELECT email FROM patients UNION SELECT note FROM appointments"
        " UNION SELECT note FROM waitlist_entries"
    )
    async with engine.connect() as connection:
        found = {row[0] for row in await connection.execute(statement) if row[0]}
    return found | {PLANTED_NAME, PLANTED_FIRST, PLANTED_LAST, PLANTED_NOTE}


async def test_hostile_traffic_leaves_only_safe_one_line_json_records(demo_client, engine):
    traffic = Traffic(demo_client)
    with captured_log() as log:
        await shared_operations(traffic)
        await hostile_requests(traffic)
        await internal_errors(traffic, engine)
    records = log.records()  # every line parses as one JSON object
    assert len(log.text.splitlines()) == len(records) > len(traffic.responses)

    forbidden = await patient_data(engine)
    forbidden |= {demo_headers()["Authorization"].removeprefix("Bearer "), *SQL_WORDS}
    logged = [value for record in records for value in strings(record)]
    leaks = {word for word in forbidden for value in [log.text, *logged] if word in value}
    assert leaks == set()
    assert not [record for record in records if record["logger"].startswith("strawberry")]

    requests = [record for record in records if record["logger"] == "slotgraph.requests"]
    assert [r["requestId"] for r in requests] == [
        response.headers["x-request-id"] for response in traffic.responses
    ]
    assert [r["status"] for r in requests] == [r.status_code for r in traffic.responses]
    assert 500 not in {response.status_code for response in traffic.responses}
    assert_request_ids(traffic.responses)
    assert_errors_logged_once(records, traffic.responses)


def assert_request_ids(responses: list[httpx.Response]) -> None:
    """An incoming id is kept when short and plain; otherwise a new one."""
    sent = [response.request.headers.get("x-request-id") for response in responses]
    for incoming, response in zip(sent, responses, strict=True):
        answered = response.headers["x-request-id"]
        if incoming == "support-42":
            assert answered == incoming
        else:
            assert re.fullmatch("[0-9a-f]{16}", answered)


def assert_errors_logged_once(records: list[dict[str, Any]], responses: list[httpx.Response]):
    """Tracebacks only for INTERNAL, each under the error id its client got; client errors
    only as codes in their request's line."""
    shown = [
        error["extensions"]
        for response in responses
        for error in (response.json().get("errors") or [] if response.content[:1] == b"{" else [])
    ]
    error_ids = [ext["errorId"] for ext in shown if ext.get("code") == "INTERNAL"]
    assert len(error_ids) >= 2  # the query and the mutation against the missing table
    with_traceback = [record for record in records if "exception" in record]
    assert [record["errorId"] for record in with_traceback] == error_ids
    assert {(r["level"], r["logger"], r["msg"]) for r in with_traceback} == {
        ("ERROR", "slotgraph.errors", "unexpected error")
    }
    assert all(record["exception"]["frames"] for record in with_traceback)
    requests = {r["requestId"]: r for r in records if r["logger"] == "slotgraph.requests"}
    others = [r for r in records if r["logger"] not in ("slotgraph.requests", "httpx")]
    assert others == with_traceback  # no line of its own for a client error
    for record in with_traceback:
        line = requests[record["requestId"]]
        assert record["errorId"] in line["errorIds"]
        assert (line["level"], "INTERNAL" in line["outcome"]) == ("WARNING", True)
    codes = {r["outcome"] for r in requests.values()}
    assert {"ok", "QUERY_TOO_COMPLEX", "QUERY_TOO_LARGE", "HTTP_400"} <= codes
