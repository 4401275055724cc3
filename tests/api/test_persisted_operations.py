"""Every shared operation by its hash, over POST and (queries) GET; unknown and malformed
hashes; automatic persisted queries, which only staff may register."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import orjson

from db.demo import MAIN_TIME_ZONE, DemoCalendar, current_anchor, seed_demo_data
from db.demo.examples import moved_example
from resolvers.query_limits import QueryLimits
from server.app import create_app
from server.operation_manifest import load_manifest, operation_document, operation_names
from server.settings import DEMO_SECRET
from tests.support.factories import global_id, make_practice
from tests.support.persisted_requests import (
    by_hash,
    client_of,
    code,
    get_hash,
    integration_viewer,
    post_hash,
    shared,
)
from tests.support.shared_operations import (
    HTTP_DOCUMENTS,
    MUTATION_ORDER,
    SUBSCRIPTIONS,
    demo_headers,
    example_variables,
)
from tests.support.tokens import TEST_SECRET, bearer
from tests.support.walkthrough_checks import check_cancel_then_fill, check_waitlist_upkeep

QUERIES = [p.stem for p in HTTP_DOCUMENTS if p.stem not in MUTATION_ORDER]
LOCATIONS = "query Locations { locations { id name } }"


def test_the_manifest_holds_every_shared_operation_by_its_hash():
    manifest = load_manifest()
    assert sorted(entry.document for entry in manifest.values()) == sorted(
        operation_document(name) for name in operation_names()
    )
    kinds = {name: kind for entry in manifest.values() for name, kind in entry.operations.items()}
    assert {name for name, kind in kinds.items() if kind == "mutation"} == set(MUTATION_ORDER)
    assert {name for name, kind in kinds.items() if kind == "query"} == set(QUERIES)
    assert {name for name, kind in kinds.items() if kind == "subscription"} == set(SUBSCRIPTIONS)


async def test_every_query_by_hash_answers_as_its_text(engine, database_url):
    # given the demo practice and the demo staff token
    async with engine.begin() as connection:
        await seed_demo_data(connection)
    headers = demo_headers()
    async with client_of(create_app(database_url, secret=DEMO_SECRET)) as client:
        for name in QUERIES:
            document, variables = shared(name)
            # when each query runs as text, by hash over POST and by hash over GET
            text = await client.post(
                "/graphql", json={"query": document, "variables": variables}, headers=headers
            )
            posted = await post_hash(client, document, variables, headers=headers)
            fetched = await get_hash(client, document, variables, headers=headers)
            # then the three answers are the same JSON, without errors, each charged to the
            # caller's rate-limit bucket (whose level, refilling meanwhile, is all that differs)
            answer, by_post, by_get = (
                orjson.loads(response.content) for response in (text, posted, fetched)
            )
            assert "errors" not in answer, (name, answer)
            for reply in (answer, by_post, by_get):
                assert reply["extensions"]["cost"].pop("throttleStatus")["currentlyAvailable"]
            assert by_post == answer, name
            assert by_get == answer, name
            # and the GET may be kept by the caller's browser only, per token
            assert fetched.status_code == 200
            assert fetched.headers["cache-control"] == "private, max-age=0"
            assert fetched.headers["vary"] == "Authorization"
            assert "cache-control" not in posted.headers


async def test_every_mutation_by_hash_works_and_never_over_get(engine, database_url):
    # given the demo practice around this week (the examples moved to it) and the staff token
    demo = DemoCalendar(current_anchor())
    async with engine.begin() as connection:
        await seed_demo_data(connection, demo.anchor)
    headers = demo_headers()
    results: dict = {}
    async with client_of(create_app(database_url, secret=DEMO_SECRET)) as client:
        for name in QUERIES:
            document, variables = shared(name)
            variables = moved_example(variables, demo.anchor)
            response = await post_hash(client, document, variables, headers=headers)
            results[name] = response.json()["data"]
        for name in MUTATION_ORDER:
            document, _ = shared(name)
            variables = example_variables(name, results, demo)
            # when a mutation is asked for by GET first: refused before it runs
            refused = await get_hash(client, document, variables, headers=headers)
            assert (refused.status_code, code(refused)) == (405, "METHOD_NOT_ALLOWED"), name
            assert refused.headers["allow"] == "POST"
            assert refused.json()["data"] is None
            # then by POST, by hash alone
            response = await post_hash(client, document, variables, headers=headers)
            answer = response.json()
            assert "errors" not in answer, (name, answer)
            assert answer["extensions"]["cost"]["requestedQueryCost"] > 0
            results[name] = answer["data"]
    # then the chain ended as it does with the text: none of the GETs changed anything (the
    # versions and statuses below would be off by one step)
    assert results["MoveAppointment"]["moveAppointment"]["appointment"]["version"] == 2
    assert results["CancelAppointment"]["cancelAppointment"]["appointment"]["status"] == "CANCELLED"
    today = datetime.now(ZoneInfo(MAIN_TIME_ZONE)).date()
    check_cancel_then_fill(results, demo, today)
    check_waitlist_upkeep(results, demo)


async def test_an_unknown_hash_asks_for_the_text(engine, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    for response in (
        await post_hash(http, LOCATIONS, headers=headers),
        await get_hash(http, LOCATIONS, headers=headers),
    ):
        # Apollo's convention: its clients retry with the text on this code and message
        assert response.status_code == 200
        assert response.json() == {
            "data": None,
            "errors": [
                {
                    "message": "PersistedQueryNotFound",
                    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
                }
            ],
        }
    assert response.headers["cache-control"] == "private, no-store"


async def test_malformed_persisted_query_extensions_are_refused(engine, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    sha = by_hash(LOCATIONS)["persistedQuery"]["sha256Hash"]
    cases = [
        {"version": 2, "sha256Hash": sha},
        {"sha256Hash": sha},
        {"version": 1, "sha256Hash": sha.upper()},
        {"version": 1, "sha256Hash": sha[:-1]},
        {"version": 1, "sha256Hash": 12},
        "a string",
    ]
    for extension in cases:
        response = await http.post(
            "/graphql", json={"extensions": {"persistedQuery": extension}}, headers=headers
        )
        assert (response.status_code, code(response)) == (400, "PERSISTED_QUERY_INVALID")


async def test_get_runs_only_queries_by_hash(engine, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    document, variables = shared("Directory")
    # free text over GET: refused (GET is for cacheable reads by hash)
    text = await http.get("/graphql", params={"query": LOCATIONS}, headers=headers)
    assert (text.status_code, code(text)) == (400, "PERSISTED_QUERY_REQUIRED")
    # the text with its hash over GET: registration happens over POST only
    params = {"query": document, "extensions": orjson.dumps(by_hash(document)).decode()}
    both = await http.get("/graphql", params=params, headers=headers)
    assert (both.status_code, code(both)) == (400, "PERSISTED_QUERY_INVALID")
    # a manifest query by hash: its answer (the practice's one location)
    fetched = await get_hash(http, document, variables, headers=headers)
    assert fetched.json()["data"]["locations"][0]["id"] == global_id(
        "Location", practice.location.id
    )


async def test_staff_register_a_document_then_send_its_hash_alone(engine, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    location = practice.location
    expected = {"locations": [{"id": global_id("Location", location.id), "name": location.name}]}
    # the first try by hash: unknown
    assert code(await post_hash(http, LOCATIONS, headers=headers)) == "PERSISTED_QUERY_NOT_FOUND"
    # a text that does not match its hash: refused, and registers nothing
    mismatch = await http.post(
        "/graphql",
        json={"query": "{ locations { id } }", "extensions": by_hash(LOCATIONS)},
        headers=headers,
    )
    assert (mismatch.status_code, code(mismatch)) == (400, "PERSISTED_QUERY_INVALID")
    assert code(await post_hash(http, LOCATIONS, headers=headers)) == "PERSISTED_QUERY_NOT_FOUND"
    # the APQ retry: text and hash together run and register the document
    registered = await post_hash(http, LOCATIONS, headers=headers, with_text=True)
    assert registered.json()["data"] == expected
    # from now on the hash alone works, by POST and by GET
    assert (await post_hash(http, LOCATIONS, headers=headers)).json()["data"] == expected
    assert (await get_hash(http, LOCATIONS, headers=headers)).json()["data"] == expected


async def test_a_document_that_fails_validation_is_not_registered(engine, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    invalid = "query Nope { locations { noSuchField } }"
    response = await post_hash(http, invalid, headers=headers, with_text=True)
    assert code(response) == "GRAPHQL_VALIDATION_FAILED"
    assert code(await post_hash(http, invalid, headers=headers)) == "PERSISTED_QUERY_NOT_FOUND"


async def test_patient_and_integration_tokens_register_nothing(engine, http):
    practice = await make_practice(engine)
    patient = bearer(practice.patient_viewer())
    integration = bearer(integration_viewer(practice))
    patient_query = "query Me($id: ID!) { node(id: $id) { id } }"
    me = {"id": global_id("Patient", practice.patient.id)}
    # with text and hash their query runs (free text is allowed to them here) ...
    ran = await post_hash(http, patient_query, me, headers=patient, with_text=True)
    assert ran.json()["data"] == {"node": me}
    ran = await post_hash(http, LOCATIONS, headers=integration, with_text=True)
    assert ran.json()["data"]["locations"]
    # ... but neither hash became known: not for them, not for staff
    for headers in (patient, integration, bearer(practice.staff)):
        for document in (patient_query, LOCATIONS):
            response = await post_hash(http, document, me, headers=headers)
            assert code(response) == "PERSISTED_QUERY_NOT_FOUND"


async def test_the_limits_hold_for_operations_by_hash(engine, database_url):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    directory, _ = shared("Directory")
    slot, variables = shared("NextAvailableSlot")
    many = variables | {"providerIds": [global_id("Provider", practice.provider.id)] * 4}
    cases = [
        (QueryLimits(max_cost=10), directory, {}, "QUERY_TOO_COMPLEX"),
        (QueryLimits(max_depth=2), directory, {}, "QUERY_TOO_DEEP"),
        (QueryLimits(max_list_items=3), slot, many, "TOO_MANY_ITEMS"),
    ]
    for limits, document, variables, expected in cases:
        app = create_app(database_url, secret=TEST_SECRET, limits=limits)
        async with client_of(app) as client:
            posted = await post_hash(client, document, variables, headers=headers)
            fetched = await get_hash(client, document, variables, headers=headers)
        assert (code(posted), code(fetched)) == (expected, expected)
    # the body limit too: a hash with oversized variables is refused before it is read
    app = create_app(database_url, secret=TEST_SECRET, limits=QueryLimits(max_body_bytes=1024))
    async with client_of(app) as client:
        huge = many | {"providerIds": ["x" * 100] * 20}
        response = await post_hash(client, slot, huge, headers=headers)
    assert (response.status_code, code(response)) == (413, "QUERY_TOO_LARGE")
