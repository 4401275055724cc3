"""Every root query field and mutation, enumerated from the schema, called over HTTP as staff
with hostile arguments generated from the argument types: no answer is a server error or
INTERNAL, and every error carries a code.

Arguments are variables of a generated document, drawn by hypothesis (derandomized, so CI
sees the same ones) from strategies that mix valid values (the practice's own rows, as in
tests/api/test_permissions.py) with hostile ones: NUL, controls and lone surrogates (sent as JSON
escapes), text beyond every documented maximum, ints at and beyond 32 bits, dates at and
beyond 0001-01-01 and 9999-12-31, times with offsets, malformed global IDs and another
organization's, empty and over-long lists, and nulls where an argument is optional. Each
field gets a fresh practice, since mutations change data.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    Undefined,
)
from hypothesis import strategies as st

from resolvers.query_limits import DEFAULT_LIMITS
from server.app import create_app
from tests.support.factories import global_id
from tests.support.fuzz_strategies import examples, hostile_text, temporal_text
from tests.support.root_fields import (
    ID_TYPES,
    MUTATION,
    QUERY,
    practice_rows,
    root_fields,
    selection,
)
from tests.support.tokens import TEST_SECRET, bearer

# Per field: requests whose every value is of its type (so they reach the resolver), and
# requests with anything (most stop at variable coercion).
TYPED_EXAMPLES = 10
ANY_EXAMPLES = 6
# Beyond max_list_items (1,000) and every bulk mutation's cap (100).
LONG_LIST = 1_001

DATES = st.sampled_from(
    ["0001-01-01", "9999-12-31", "0000-12-31", "10000-01-01", "2030-02-30", "2030-01-07"]
)
INTS = st.one_of(
    st.integers(-(2**31), 2**31 - 1),
    st.sampled_from([0, -1, 2**31 - 1, -(2**31), 2**31, -(2**31) - 1, 2**63, -(2**64)]),
)
DECIMALS = st.sampled_from(
    ["1", "-1", "0", "1e400", "-1e-400", "NaN", "Infinity", "9" * 200, "0." + "0" * 60 + "1", ""]
)
JSON_VALUES: st.SearchStrategy[Any] = st.sampled_from(
    [{}, [], "x", 1, None, {"a": {"b": ["\x00"]}}, {"": "x" * 5000}]
)
LEAVES: dict[str, st.SearchStrategy[Any]] = {
    "Int": INTS,
    "Float": st.floats(allow_nan=False, allow_infinity=False) | INTS,
    "String": hostile_text,
    "Boolean": st.booleans(),
    "Date": DATES | temporal_text,
    "DateOrDateTime": DATES | temporal_text,
    "DateTime": st.sampled_from(["0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00"])
    | temporal_text,
    "Time": temporal_text,
    "Decimal": DECIMALS | hostile_text,
    "JSON": JSON_VALUES,
}
# Values each scalar accepts (dates lie in 1900-2200), hostile in range: the extremes, an
# offset, NUL and long text.
IN_RANGE = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
EDGES = st.sampled_from(["1900-01-01", "2200-12-31", "2030-01-07"])
TYPED: dict[str, st.SearchStrategy[Any]] = {
    **LEAVES,
    "Int": st.integers(-(2**31), 2**31 - 1) | st.sampled_from([0, -1, 2**31 - 1, -(2**31)]),
    "Float": st.floats(allow_nan=False, allow_infinity=False, width=32),
    "Date": EDGES | IN_RANGE.map(date.isoformat),
    "DateOrDateTime": EDGES | st.just("2200-12-31T23:59:59Z") | IN_RANGE.map(date.isoformat),
    "DateTime": st.sampled_from(["1900-01-01T00:00:00Z", "2200-12-31T23:59:59+14:00"])
    | st.builds(datetime.combine, IN_RANGE, st.times(), st.just(UTC)).map(datetime.isoformat),
    "Time": st.sampled_from(["00:00", "23:59:59", "09:00", "10:00+05:00"])
    | st.times().map(time.isoformat),
    "Decimal": DECIMALS,
}


class Hostile:
    """Hypothesis strategies for argument values of a type, naming the practice's rows
    (valid) and another organization's (foreign)."""

    def __init__(self, rows: dict[str, str], foreign: dict[str, str], *, typed: bool) -> None:
        self.rows = rows
        self.foreign = foreign
        # Typed: only values of the argument's type, so the request reaches the resolver.
        self.typed = typed

    def arguments(self, field: GraphQLField) -> st.SearchStrategy[dict[str, Any]]:
        """Every argument: the required always, the optional sometimes (then maybe null)."""
        required = {}
        optional = {}
        for name, arg in field.args.items():
            if isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined:
                required[name] = self.value(name, arg.type)
            else:
                optional[name] = self.value(name, arg.type)
        return st.fixed_dictionaries(required, optional=optional)

    def value(self, name: str, kind: GraphQLInputType) -> st.SearchStrategy[Any]:
        if isinstance(kind, GraphQLNonNull):
            return self.present(name, kind.of_type)
        return st.none() | self.present(name, kind)

    def present(self, name: str, kind: GraphQLInputType) -> st.SearchStrategy[Any]:
        if isinstance(kind, GraphQLList):
            item = self.value(name, kind.of_type)
            lists = st.lists(item, max_size=3)
            return lists if self.typed else lists | item.map(lambda one: [one] * LONG_LIST)
        if isinstance(kind, GraphQLInputObjectType):
            return self.input_object(kind)
        if isinstance(kind, GraphQLEnumType):
            values = st.sampled_from(list(kind.values))
            return values if self.typed else values | hostile_text
        assert isinstance(kind, GraphQLScalarType), kind
        if kind.name == "ID":
            return self.ids(name)
        return (TYPED if self.typed else LEAVES)[kind.name]

    def input_object(self, kind: GraphQLInputObjectType) -> st.SearchStrategy[Any]:
        required = {}
        optional = {}
        for key, field in kind.fields.items():
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined:
                required[key] = self.value(key, field.type)
            else:
                optional[key] = self.value(key, field.type)
        return st.fixed_dictionaries(required, optional=optional)

    def ids(self, name: str) -> st.SearchStrategy[str]:
        type_name = ID_TYPES.get(name, "Location")
        own = [self.rows.get(type_name) or global_id(type_name, uuid.uuid4())]
        # Another organization's row, of this type and of another.
        foreign = [self.foreign.get(type_name) or self.foreign["Location"], self.foreign["Patient"]]
        wellformed = [
            global_id(type_name, uuid.uuid4()),
            global_id(type_name, "not-a-uuid"),
            global_id("NoSuchType", uuid.uuid4()),
        ]
        known = st.sampled_from(own + foreign + wellformed)
        if self.typed:
            return known
        malformed = [global_id(type_name, "\x00"), "bm90IGEgZ2xvYmFsIGlk", ""]
        return known | st.sampled_from(malformed) | hostile_text


def document(operation: str, name: str, given: dict[str, Any]) -> str:
    """The field with each given argument a variable (the others keep their defaults),
    selecting `__typename` (and userErrors)."""
    field = (QUERY if operation == "query" else MUTATION).fields[name]
    definitions = ", ".join(f"${arg}: {field.args[arg].type}" for arg in given)
    arguments = ", ".join(f"{arg}: ${arg}" for arg in given)
    header = f"{operation} Fuzz({definitions})" if definitions else f"{operation} Fuzz"
    call = f"{name}({arguments})" if arguments else name
    return f"{header} {{ {call}{selection(field)} }}"


@pytest.fixture
async def client(database_url: str, engine) -> AsyncIterator[httpx.AsyncClient]:
    """The real ASGI app (as the `http` fixture) without the rate limit, which would
    otherwise answer RATE_LIMITED before the fuzzed arguments are read."""
    limits = replace(DEFAULT_LIMITS, rate_limited=False)
    app = create_app(database_url, secret=TEST_SECRET, limits=limits)
    transport = httpx.ASGITransport(app=app)
    # The lifespan closes the app's pool after each case (95 of them, ~2 connections each).
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://slotgraph.test") as http,
    ):
        yield http


async def post(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], headers: dict[str, str]
) -> httpx.Response:
    # json.dumps escapes non-ASCII, so a lone surrogate travels as "\\ud800" (valid JSON
    # text; httpx's own encoder would refuse to encode it).
    body = json.dumps({"query": query, "variables": variables}).encode()
    return await client.post(
        "/graphql", content=body, headers={**headers, "Content-Type": "application/json"}
    )


def leaks(message: str) -> bool:
    """A message showing Python's internals (a class repr, a traceback) to the client."""
    return "<class '" in message or "Traceback" in message


def problems(response: httpx.Response) -> list[str]:
    """What is wrong with an answer: a server error, INTERNAL, an error without a code, or
    a message that shows Python's internals."""
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}"]
    try:
        payload = response.json()
    except ValueError:
        return [] if response.status_code >= 400 else ["a non-JSON answer"]
    found = []
    for error in payload.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        if code is None or code == "INTERNAL" or leaks(error.get("message") or ""):
            found.append(f"{code}: {error.get('message')}")
    data = payload.get("data") or {}
    for value in data.values():
        for user_error in (value or {}).get("userErrors") or () if isinstance(value, dict) else ():
            if not user_error.get("code") or user_error["code"] == "INTERNAL":
                found.append(f"userError {user_error}")
    return found


def short(variables: dict[str, Any]) -> str:
    """The variables for a failure message, long values cut."""
    return json.dumps(variables)[:300]


@pytest.mark.parametrize("call", root_fields(), ids=lambda call: f"{call[0]}-{call[1]}")
async def test_hostile_arguments_are_never_internal(engine, client, call):
    operation, name = call
    practice, rows = await practice_rows(engine)
    _, foreign = await practice_rows(engine)
    field = (QUERY if operation == "query" else MUTATION).fields[name]
    headers = bearer(practice.staff)
    found = []
    batches = [
        examples(Hostile(rows, foreign, typed=True).arguments(field), TYPED_EXAMPLES),
        examples(Hostile(rows, foreign, typed=False).arguments(field), ANY_EXAMPLES),
    ]
    for variables in batches[0] + batches[1]:
        response = await post(client, document(operation, name, variables), variables, headers)
        found += [(short(variables), problem) for problem in problems(response)]
    assert found == [], (operation, name, found)


async def test_a_text_that_is_no_decimal_is_refused_without_python_internals(engine, client):
    # Fuzzing found decimal's own message, "[<class 'decimal.ConversionSyntax'>]", in the error.
    practice, rows = await practice_rows(engine)
    goal = {
        "providerId": rows["Provider"],
        "locationId": rows["Location"],
        "goalDate": "2030-01-07",
    }
    query = document("mutation", "createProductionGoal", {"input": None})
    for amount in ["", "1,5", "one"]:
        variables = {"input": {**goal, "goalAmount": amount}}
        response = await post(client, query, variables, bearer(practice.staff))
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert error["message"].endswith("Expected a decimal number such as 120.50."), error
        assert problems(response) == []
