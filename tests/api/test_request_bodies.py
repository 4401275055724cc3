"""What the endpoint answers to every shape of POST body: a plain JSON operation takes the
view's short path (server/plain_request.py), anything else Strawberry's reading, and a body
that is the client's mistake is a 400 that names it, never an internal error."""

from __future__ import annotations

import logging

import pytest

TYPENAME = b'{"query": "{ __typename }"}'
NESTED = b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * 5000 + b"]" * 5000 + b"}}"


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON"],
)
async def test_a_json_operation_is_answered(http, content_type):
    response = await http.post("/graphql", content=TYPENAME, headers={"content-type": content_type})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json()["data"] == {"__typename": "Query"}


@pytest.mark.parametrize(
    ("content_type", "body", "reason"),
    [
        ("application/json", b'{"query": ', "Unable to parse request body as JSON"),
        ("application/json", NESTED, "Unable to parse request body as JSON"),
        ("application/json", b"42", "The request body must be a JSON object: one GraphQL operation"),
        ("application/json", b'"{ __typename }"', "The request body must be a JSON object: one GraphQL operation"),
        ("application/json", b"null", "The request body must be a JSON object: one GraphQL operation"),
        ("application/json", b"[" + TYPENAME + b"]", "Batching is not enabled"),
        ("application/json", b'{"query": 5}', "The GraphQL operation's `query` must be a string or null, if provided."),
        ("application/json", b'{"query": "{ __typename }", "variables": []}', "The GraphQL operation's `variables` must be an object or null, if provided."),
        ("application/json", b'{"query": "{ __typename }", "extensions": "x"}', "The GraphQL operation's `extensions` must be an object or null, if provided."),
        ("application/json", b"{}", "No GraphQL query found in the request"),
        ("text/plain", TYPENAME, "Unsupported content type"),
        ("application/graphql-response+json", TYPENAME, "Unsupported content type"),
    ],
)  # fmt: skip
async def test_a_malformed_body_is_a_400_that_says_why(http, caplog, content_type, body, reason):
    with caplog.at_level(logging.INFO):
        response = await http.post("/graphql", content=body, headers={"content-type": content_type})
    assert (response.status_code, response.text) == (400, reason)
    assert not [record for record in caplog.records if record.exc_info]
