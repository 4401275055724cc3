"""Introspection and GraphiQL: on with the embedded demo database, off by default with
DATABASE_URL, each switched by its setting; the persisted-operation settings."""

from __future__ import annotations

import json

import pytest

from resolvers.viewer import Role
from server.app import create_app
from server.cli import main
from server.operation_manifest import (
    document_hash,
    operation_document,
    operation_names,
)
from server.settings import ConfigurationError, Exposure, load_settings
from tests.support.factories import make_practice
from tests.support.persisted_requests import client_of, code
from tests.support.tokens import TEST_SECRET, bearer

EXTERNAL = {"DATABASE_URL": "postgresql://db.example/slotgraph"}
SCHEMA_QUERY = "{ __schema { queryType { name } } }"
TYPE_QUERY = '{ __type(name: "Appointment") { name } }'


def test_introspection_and_graphiql_follow_the_database_unless_set():
    assert load_settings({}).exposure == Exposure(introspection=True, graphiql=True)
    assert load_settings(EXTERNAL).exposure == Exposure(introspection=False, graphiql=False)
    switched = load_settings(EXTERNAL | {"SLOTGRAPH_INTROSPECTION": "1", "SLOTGRAPH_GRAPHIQL": "1"})
    assert (switched.exposure.introspection, switched.exposure.graphiql) == (True, True)
    demo_off = load_settings({"SLOTGRAPH_INTROSPECTION": "0", "SLOTGRAPH_GRAPHIQL": "0"})
    assert (demo_off.exposure.introspection, demo_off.exposure.graphiql) == (False, False)


def test_persisted_operation_settings():
    assert load_settings({}).exposure.persisted_only == frozenset()
    settings = load_settings(
        {"SLOTGRAPH_PERSISTED_ONLY": "patient, Integration", "SLOTGRAPH_GET_MAX_AGE": "30"}
    )
    assert settings.exposure.persisted_only == {Role.PATIENT, Role.INTEGRATION}
    assert settings.exposure.get_max_age == 30
    assert load_settings({"SLOTGRAPH_PERSISTED_ONLY": "patient"}).exposure.persisted_only == {
        Role.PATIENT
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLOTGRAPH_INTROSPECTION": "yes"}, "SLOTGRAPH_INTROSPECTION must be 1 or 0"),
        ({"SLOTGRAPH_GRAPHIQL": "true"}, "SLOTGRAPH_GRAPHIQL must be 1 or 0"),
        ({"SLOTGRAPH_PERSISTED_ONLY": "staff"}, "SLOTGRAPH_PERSISTED_ONLY names roles among"),
        ({"SLOTGRAPH_GET_MAX_AGE": "-1"}, "SLOTGRAPH_GET_MAX_AGE must be a whole number"),
    ],
)
def test_bad_exposure_settings_are_refused(env, message):
    with pytest.raises(ConfigurationError, match=message):
        load_settings(env)


async def test_introspection_off_refuses_schema_and_type_queries(engine, database_url, http):
    practice = await make_practice(engine)
    headers = bearer(practice.staff)
    closed = create_app(database_url, secret=TEST_SECRET, exposure=Exposure(introspection=False))
    async with client_of(closed) as client:
        for document in (SCHEMA_QUERY, TYPE_QUERY):
            response = await client.post("/graphql", json={"query": document}, headers=headers)
            assert code(response) == "INTROSPECTION_DISABLED"
            assert response.json()["data"] is None
            assert response.json()["errors"][0]["message"].startswith(
                "Introspection is disabled on this server"
            )
        # __typename is not introspection; ordinary queries run
        typename = await client.post(
            "/graphql", json={"query": "{ __typename locations { id } }"}, headers=headers
        )
        assert typename.json()["data"]["__typename"] == "Query"
    # the same documents in the same process, on an app with introspection on: answered (the
    # validation cache keeps the two apart)
    for document in (SCHEMA_QUERY, TYPE_QUERY):
        response = await http.post("/graphql", json={"query": document}, headers=headers)
        assert "errors" not in response.json()


async def test_graphiql_is_served_only_when_on(database_url, http):
    closed = create_app(database_url, secret=TEST_SECRET, exposure=Exposure(graphiql=False))
    async with client_of(closed) as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 404
        assert "graphiql" not in page.text.lower()
    page = await http.get("/graphql", headers={"Accept": "text/html"})
    assert (page.status_code, "graphiql" in page.text.lower()) == (200, True)


async def test_get_answers_carry_the_configured_max_age(engine, database_url):
    practice = await make_practice(engine)
    document = operation_document("Directory")
    params = {
        "extensions": json.dumps(
            {"persistedQuery": {"version": 1, "sha256Hash": document_hash(document)}}
        )
    }
    app = create_app(database_url, secret=TEST_SECRET, exposure=Exposure(get_max_age=30))
    async with client_of(app) as client:
        response = await client.get("/graphql", params=params, headers=bearer(practice.staff))
    assert response.json()["data"]["locations"]
    assert response.headers["cache-control"] == "private, max-age=30"


def test_export_operations_writes_the_manifest(tmp_path, capsys):
    target = tmp_path / "manifest.json"
    main(["export-operations", "--output", str(target)])
    assert capsys.readouterr().out == f"slotgraph: wrote {target}\n"
    manifest = json.loads(target.read_text())
    assert (manifest["format"], manifest["version"]) == ("apollo-persisted-query-manifest", 1)
    files = {name: operation_document(name) for name in operation_names()}
    assert {op["name"]: op["body"] for op in manifest["operations"]} == files
    assert all(op["id"] == document_hash(op["body"]) for op in manifest["operations"])
    main(["export-operations"])  # stdout by default
    assert json.loads(capsys.readouterr().out) == manifest
