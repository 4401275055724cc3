"""Requests by hash, as an APQ client sends them (POST body or GET query string)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette

from resolvers.viewer import Role, Viewer
from server.operation_manifest import OPERATIONS_DIR, document_hash, operation_document
from tests.support.factories import Practice


def shared(name: str) -> tuple[str, dict[str, Any]]:
    """A shared operation's text and example variables."""
    text = operation_document(name)
    return text, json.loads((OPERATIONS_DIR / f"{name}.json").read_text())


def by_hash(document: str) -> dict[str, Any]:
    """The `extensions` naming a document by its hash."""
    return {"persistedQuery": {"version": 1, "sha256Hash": document_hash(document)}}


async def post_hash(
    client: httpx.AsyncClient,
    document: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str],
    with_text: bool = False,
) -> httpx.Response:
    """POST the hash alone (or with the text, as an APQ client's retry does)."""
    body: dict[str, Any] = {"extensions": by_hash(document), "variables": variables or {}}
    if with_text:
        body["query"] = document
    return await client.post("/graphql", json=body, headers=headers)


async def get_hash(
    client: httpx.AsyncClient,
    document: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str],
) -> httpx.Response:
    """GET by hash: extensions and variables as JSON in the query string."""
    params = {"extensions": json.dumps(by_hash(document)), "variables": json.dumps(variables or {})}
    return await client.get("/graphql", params=params, headers=headers)


def integration_viewer(practice: Practice) -> Viewer:
    """An integration-role caller of the practice's organization."""
    return Viewer(organization_id=practice.org.id, role=Role.INTEGRATION, subject="partner")


def code(response: httpx.Response) -> str | None:
    """The code of a response's first error, or None without errors."""
    errors = response.json().get("errors")
    return errors[0]["extensions"]["code"] if errors else None


@asynccontextmanager
async def client_of(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to `app`."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as client:
        yield client
