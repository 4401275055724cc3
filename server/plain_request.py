"""The common GraphQL request read without Strawberry's general HTTP handling: a POST of one
operation as JSON, no streamed response asked for.

Strawberry's view reads every request for every case it serves (pages, GET, batches, uploads,
streams): the content type through `email.message`, an adapter per request, a runtime
Protocol check of the result. For a `node(id)` that was a fifth of the view's work. The view
(server/graphql_view.py) takes this path when `plain_request` returns the request's data and
Strawberry's whole path otherwise, so every other request, and every malformed one, is read and
answered exactly as Strawberry answers it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from cross_web import HTTPException
from starlette.requests import Request
from strawberry.http import GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type

DecodeJson = Callable[[bytes], object]
NOT_AN_OPERATION = "The request body must be a JSON object: one GraphQL operation"


async def plain_request(request: Request, decode_json: DecodeJson) -> GraphQLRequestData | None:
    """The operation of a plain JSON POST, as Strawberry would read it; None for any other
    request (Strawberry's reading then answers it, reading the body Starlette kept)."""
    if request.method != "POST" or "application/json" not in _media_type(
        request.headers.get("content-type", "")
    ):
        return None
    try:
        data = decode_json(await request.body())
    except ValueError:
        return None  # invalid JSON: Strawberry answers it (a 400)
    if isinstance(data, list):
        return None  # a batch: Strawberry refuses it (batching is off)
    if not isinstance(data, dict):
        # Strawberry would fail on it (an internal error): it is the client's mistake.
        raise HTTPException(400, NOT_AN_OPERATION)
    query = data.get("query")
    variables = data.get("variables")
    extensions = data.get("extensions")
    if not (
        isinstance(query, str | None)
        and isinstance(variables, dict | None)
        and isinstance(extensions, dict | None)
    ):
        return None
    return GraphQLRequestData(
        query=query,
        variables=variables,
        operation_name=data.get("operationName"),
        extensions=extensions,
        protocol="http",
    )


@lru_cache(maxsize=64)
def _media_type(content_type: str) -> str:
    """A Content-Type header's media type, lowercased (RFC 9110: case-insensitive)."""
    return parse_content_type(content_type)[0].lower()
