"""Over HTTP, as clients call it: GraphiQL, bearer tokens and JSON responses."""

from __future__ import annotations

from datetime import timedelta

from server.tokens import mint_token
from tests.support.factories import global_id, make_practice
from tests.support.tokens import TEST_SECRET, bearer


async def test_graphiql_is_served_to_browsers(http):
    response = await http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_a_query_with_a_staff_token(engine, http):
    practice = await make_practice(engine)
    response = await http.post(
        "/graphql",
        json={"query": "{ locations { id timeZone } }"},
        headers=bearer(practice.staff),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "data": {
            "locations": [
                {"id": global_id("Location", practice.location.id), "timeZone": "America/Chicago"}
            ]
        },
        # 20 locations assumed (schema/limits/list_sizes.py) of the default 50,000, charged
        # to this token's fresh bucket of 100,000
        "extensions": {
            "cost": {
                "requestedQueryCost": 20,
                "maximumAvailable": 50000,
                "remaining": 49980,
                "throttleStatus": {
                    "maximumAvailable": 100000,
                    "currentlyAvailable": 99980,
                    "restoreRate": 5000,
                },
            }
        },
    }


async def test_missing_bad_and_expired_tokens(engine, http):
    practice = await make_practice(engine)
    expired = mint_token(
        secret=TEST_SECRET,
        organization_id=practice.org.id,
        role=practice.staff.role,
        subject="old",
        lifetime=timedelta(seconds=-10),
    )
    forged = mint_token(
        secret="another-key-that-is-long-enough-for-hs256",
        organization_id=practice.org.id,
        role=practice.staff.role,
        subject="x",
    )
    cases = [
        ({}, "A bearer token is required (Authorization: Bearer <token>)"),
        ({"Authorization": "Basic abc"}, "The Authorization header must be 'Bearer <token>'"),
        ({"Authorization": f"Bearer {expired}"}, "The bearer token has expired"),
        ({"Authorization": f"Bearer {forged}"}, "The bearer token is not valid"),
    ]
    for headers, message in cases:
        response = await http.post(
            "/graphql", json={"query": "{ locations { id } }"}, headers=headers
        )
        body = response.json()
        assert body["data"] is None
        assert body["errors"][0]["message"] == message
        assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


async def test_introspection_needs_no_token(http):
    response = await http.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})
    assert response.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}


async def test_a_syntax_error_is_reported_without_internals(http):
    response = await http.post("/graphql", json={"query": "{ locations { id "})
    body = response.json()
    assert body["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert "Traceback" not in response.text


async def test_booking_over_http_then_seeing_it_in_the_calendar(engine, http):
    from tests.support.lifecycle_documents import BOOK, booking_input

    practice = await make_practice(engine)
    booked = await http.post(
        "/graphql",
        json={"query": BOOK, "variables": {"input": booking_input(practice)}},
        headers=bearer(practice.staff),
    )
    appointment = booked.json()["data"]["bookAppointment"]["appointment"]
    day = await http.post(
        "/graphql",
        json={
            "query": 'query ($l: ID!) { calendarDay(locationId: $l, date: "2030-01-07") { appointments { id status } } }',
            "variables": {"l": global_id("Location", practice.location.id)},
        },
        headers=bearer(practice.staff),
    )
    assert day.json()["data"] == {
        "calendarDay": {"appointments": [{"id": appointment["id"], "status": "SCHEDULED"}]}
    }


async def test_a_mutation_answers_unauthenticated_and_forbidden_as_a_query_does(engine, http):
    practice = await make_practice(engine)
    query = "{ blockoutTypes { id } }"
    mutation = (
        'mutation { createLocation(input: {name: "Annex", timeZone: "Europe/London"}) '
        "{ location { id } userErrors { field code message } } }"
    )
    # without a token: the same top-level UNAUTHENTICATED error for both, no payload
    for document in (query, mutation):
        body = (await http.post("/graphql", json={"query": document})).json()
        assert body["data"] is None, document
        assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
            (
                "A bearer token is required (Authorization: Bearer <token>)",
                {"code": "UNAUTHENTICATED"},
            )
        ], document
    # a role the field does not admit: FORBIDDEN for both; the query as its error, the
    # mutation in its payload's userErrors (where every expected mutation failure goes)
    patient = bearer(practice.patient_viewer())
    refused_query = (await http.post("/graphql", json={"query": query}, headers=patient)).json()
    assert [e["extensions"]["code"] for e in refused_query["errors"]] == ["FORBIDDEN"]
    refused = (await http.post("/graphql", json={"query": mutation}, headers=patient)).json()
    assert refused["data"] == {
        "createLocation": {
            "location": None,
            "userErrors": [
                {"field": None, "code": "FORBIDDEN", "message": "Only staff may create locations"}
            ],
        }
    }
    staff = bearer(practice.staff)
    listed = await http.post("/graphql", json={"query": "{ locations { id } }"}, headers=staff)
    assert listed.json()["data"]["locations"] == [
        {"id": global_id("Location", practice.location.id)}
    ]
