"""SLOTGRAPH_PERSISTED_ONLY: patient and integration tokens run only the shared operations,
refused any other text before it executes; staff keep free text and APQ."""

from __future__ import annotations

import pytest

from resolvers.viewer import Role
from server.app import create_app
from server.settings import Exposure
from tests.support.factories import global_id, make_practice
from tests.support.persisted_requests import (
    client_of,
    code,
    get_hash,
    integration_viewer,
    post_hash,
    shared,
)
from tests.support.tokens import TEST_SECRET, bearer

LOCATIONS = "query Locations { locations { id name } }"
RESTRICTED = Exposure(persisted_only=frozenset({Role.PATIENT, Role.INTEGRATION}))


@pytest.fixture
async def restricted_http(database_url, engine):
    async with client_of(create_app(database_url, secret=TEST_SECRET, exposure=RESTRICTED)) as c:
        yield c


async def test_free_text_from_patient_and_integration_is_refused_before_it_runs(
    engine, restricted_http
):
    practice = await make_practice(engine)
    patient_node = "query Me($id: ID!) { node(id: $id) { id } }"
    me = {"id": global_id("Patient", practice.patient.id)}
    callers = [bearer(practice.patient_viewer()), bearer(integration_viewer(practice))]
    for headers in callers:
        # a free text, and a text with its hash (the APQ retry)
        text = await restricted_http.post(
            "/graphql", json={"query": patient_node, "variables": me}, headers=headers
        )
        retry = await post_hash(restricted_http, patient_node, me, headers=headers, with_text=True)
        # refused before parsing: no cost was counted (every executed operation reports one)
        for response in (text, retry):
            assert (response.status_code, code(response)) == (200, "PERSISTED_QUERY_REQUIRED")
            assert response.json().keys() == {"data", "errors"}
            assert response.json()["data"] is None
        role = "patient" if headers is callers[0] else "integration"
        assert text.json()["errors"][0]["message"].startswith(
            f"A {role} token may run only the persisted operations"
        )


async def test_they_run_the_shared_operations_by_hash_or_exact_text(engine, restricted_http):
    practice = await make_practice(engine)
    patient = bearer(practice.patient_viewer())
    document, _ = shared("Node")
    me = {"id": global_id("Patient", practice.patient.id)}
    expected = {"node": {"id": me["id"], "__typename": "Patient", "firstName":
        practice.patient.first_name, "lastName": practice.patient.last_name,
        "chartNumber": practice.patient.chart_number}}  # fmt: skip
    by_post = await post_hash(restricted_http, document, me, headers=patient)
    by_get = await get_hash(restricted_http, document, me, headers=patient)
    as_text = await restricted_http.post(
        "/graphql", json={"query": document, "variables": me}, headers=patient
    )
    for response in (by_post, by_get, as_text):
        assert response.json()["data"] == expected
    # the integration reads the directory by hash
    directory, variables = shared("Directory")
    response = await post_hash(
        restricted_http, directory, variables, headers=bearer(integration_viewer(practice))
    )
    assert response.json()["data"]["locations"][0]["id"] == global_id(
        "Location", practice.location.id
    )


async def test_staff_are_unaffected_and_their_documents_stay_theirs(engine, restricted_http):
    practice = await make_practice(engine)
    staff = bearer(practice.staff)
    text = await restricted_http.post("/graphql", json={"query": LOCATIONS}, headers=staff)
    assert text.json()["data"]["locations"]
    # staff register a document ...
    assert (await post_hash(restricted_http, LOCATIONS, headers=staff, with_text=True)).json()[
        "data"
    ]["locations"]
    assert (await post_hash(restricted_http, LOCATIONS, headers=staff)).json()["data"]
    # ... which is not a persisted operation for a restricted token
    for headers in (bearer(practice.patient_viewer()), bearer(integration_viewer(practice))):
        response = await post_hash(restricted_http, LOCATIONS, headers=headers)
        assert code(response) == "PERSISTED_QUERY_NOT_FOUND"


async def test_without_the_setting_their_free_text_runs(engine, http):
    practice = await make_practice(engine)
    response = await http.post(
        "/graphql", json={"query": LOCATIONS}, headers=bearer(integration_viewer(practice))
    )
    assert response.json()["data"]["locations"]
