"""Cost and shape limits through the schema: every probe of issue 11 is refused with its code
before anything runs, and the cost of a known query is exactly the documented formula."""

from __future__ import annotations

import uuid

import pytest
from graphql import parse
from sqlalchemy import func, select

from db.models import Location
from resolvers.context import RequestContext
from resolvers.query_limits import DEFAULT_LIMITS, QueryLimits
from resolvers.request_report import RequestReport
from schema.assembled import schema
from schema.limits.checked_documents import CheckedDocuments
from schema.limits.list_arguments import list_literals
from tests.support.factories import global_id, make_practice
from tests.support.graphql_errors import codes
from tests.support.limit_documents import (
    HEAVY_WEEK,
    HEAVY_WEEK_COST,
    KNOWN_PAGE,
    KNOWN_PAGE_COST,
    KNOWN_WEEK,
    KNOWN_WEEK_COST,
    NODES,
    aliased_typenames,
    aliased_weeks,
    operatory_location_nesting,
    repeated_field,
    root_fields,
    skipped_typename,
)

WEEK = {"l": global_id("Location", uuid.uuid4()), "w": "2026-11-16"}


def node_ids(count: int) -> list[str]:
    return [global_id("Appointment", uuid.UUID(int=n)) for n in range(count)]


PROBES = [
    # (name, document, variables, code)
    ("62 levels of operatories <-> location", operatory_location_nesting(62), None,
     "QUERY_TOO_DEEP"),
    ("21 levels", operatory_location_nesting(21), None, "QUERY_TOO_DEEP"),
    ("500 aliased calendarWeeks", aliased_weeks(500), WEEK, "QUERY_TOO_LARGE"),
    ("31 aliased calendarWeeks", aliased_weeks(31), WEEK, "TOO_MANY_ALIASES"),
    ("6 heavy weeks", aliased_weeks(6, HEAVY_WEEK), WEEK, "QUERY_TOO_COMPLEX"),
    ("nodes with 100,000 ids", NODES, {"ids": node_ids(100_000)}, "TOO_MANY_ITEMS"),
    ("nodes with 101 ids", NODES, {"ids": node_ids(101)}, "TOO_MANY_ITEMS"),
    ("100,000 aliases", aliased_typenames(100_000), None, "QUERY_TOO_LARGE"),
    ("10,000 @skip", skipped_typename(10_000), None, "QUERY_TOO_LARGE"),
    ("51 @skip", skipped_typename(51), None, "TOO_MANY_DIRECTIVES"),
    ("21 root fields", root_fields(21), None, "TOO_MANY_ROOT_FIELDS"),
    ("32 selections of one field", repeated_field(32), None, "QUERY_TOO_LARGE"),
    ("201 fields", "{" + " __typename" * 201 + " }", None, "QUERY_TOO_LARGE"),
    ("a 70,000-character query", "{ __typename }" + " " * 70_000, None, "QUERY_TOO_LARGE"),
    ("nesting past the parser", "{" + " a {" * 3000 + " b" + " }" * 3001, None,
     "QUERY_TOO_DEEP"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "document", "variables", "code"), PROBES, ids=[p[0] for p in PROBES]
)
async def test_each_probe_is_refused_with_its_code(
    engine, execute, name, document, variables, code
):
    practice = await make_practice(engine)
    result = await execute(document, variables, viewer=practice.staff)
    assert result.data is None
    assert codes(result) == [code], result.errors


async def test_token_limit_stops_a_document_the_size_limit_lets_through(engine):
    # given a server that accepts 10 MB of query text
    generous = RequestContext.create(engine, None, limits=QueryLimits(max_document_bytes=10**7))
    # then graphql-core's parser still stops at 3,000 tokens
    for document in (aliased_typenames(100_000), skipped_typename(10_000)):
        result = await schema.execute(document, context_value=generous)
        assert codes(result) == ["QUERY_TOO_LARGE"]
        assert "tokens" in str(result.errors)


async def test_the_cost_of_known_queries_is_the_documented_formula(engine, execute):
    practice = await make_practice(engine)
    week = {"l": global_id("Location", practice.location.id), "w": "2030-01-07"}
    for document, variables, cost in [
        (KNOWN_WEEK, week, KNOWN_WEEK_COST),
        (KNOWN_PAGE, None, KNOWN_PAGE_COST),
        # a list argument's items: 2 nodes x (1 + nothing below)
        (NODES, {"ids": node_ids(2)}, 2),
    ]:
        result = await execute(document, variables, viewer=practice.staff)
        assert result.errors is None
        assert result.extensions == {
            "cost": {
                "requestedQueryCost": cost,
                "maximumAvailable": DEFAULT_LIMITS.max_cost,
                "remaining": DEFAULT_LIMITS.max_cost - cost,
            }
        }
    assert (KNOWN_WEEK_COST, KNOWN_PAGE_COST) == (5278, 92)


async def test_a_remembered_cost_follows_the_variables(engine, execute):
    # given one document asked with 2 ids, then 5, then 2 again (the cost is remembered)
    practice = await make_practice(engine)
    costs = []
    for count in (2, 5, 2, 5):
        result = await execute(NODES, {"ids": node_ids(count)}, viewer=practice.staff)
        assert result.errors is None
        costs.append(result.extensions["cost"]["requestedQueryCost"])
    # then each answer reports the cost of its own variables
    assert costs == [2, 5, 2, 5]


async def test_a_refused_query_reports_its_cost_and_runs_nothing(engine, count_statements, caplog):
    practice = await make_practice(engine)
    report = RequestReport()
    context = RequestContext.create(engine, practice.staff, report=report)
    with count_statements() as counter:
        result = await schema.execute(
            aliased_weeks(6, HEAVY_WEEK), variable_values=WEEK, context_value=context
        )
    assert codes(result) == ["QUERY_TOO_COMPLEX"]
    assert result.extensions is not None
    assert result.extensions["cost"]["requestedQueryCost"] == 6 * HEAVY_WEEK_COST == 50448
    assert result.extensions["cost"]["remaining"] == 0
    assert counter.count == 0
    # A refusal is the client's doing: its code and cost go to the request's log line
    # (server/request_log.py), no line of its own and nothing from Strawberry.
    assert (report.codes, report.cost, report.operation_type) == (
        ["QUERY_TOO_COMPLEX"],
        50448,
        "query",
    )
    assert caplog.records == []


CREATE = """
mutation {{ {fields} }}
"""
CREATE_FIELD = (
    'm{n}: createLocation(input: {{name: "Annex {n}", timeZone: "America/Chicago"}}) '
    "{{ location {{ id }} }}"
)


async def test_a_refused_mutation_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    # one createLocation costs 10 (a write) + its payload 1 + the location 1
    tight = RequestContext.create(engine, practice.staff, limits=QueryLimits(max_cost=10))
    many = CREATE.format(fields=" ".join(CREATE_FIELD.format(n=n) for n in range(31)))
    one = CREATE.format(fields=CREATE_FIELD.format(n=0))
    refused = [
        await execute(many, viewer=practice.staff),
        await schema.execute(one, context_value=tight),
    ]
    assert [codes(result) for result in refused] == [["TOO_MANY_ALIASES"], ["QUERY_TOO_COMPLEX"]]
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(Location)) == 1


async def test_a_bulk_input_over_the_list_cap_is_refused_before_it_runs(engine, execute):
    practice = await make_practice(engine)
    document = """mutation ($ids: [ID!]!) {
      bulkRemoveFromWaitlist(input: {waitlistEntryIds: $ids, reason: "x"}) { skippedIds }
    }"""
    ids = [global_id("WaitlistEntry", uuid.UUID(int=n)) for n in range(1001)]
    result = await execute(document, {"ids": ids}, viewer=practice.staff)
    assert codes(result) == ["TOO_MANY_ITEMS"]


def test_a_checked_document_is_known_by_identity_and_limits():
    cache = CheckedDocuments(maxsize=1)
    first, same_text = parse("{ __typename }"), parse("{ __typename }")
    lists = list_literals(first)
    cache.put(first, DEFAULT_LIMITS, lists)
    assert cache.get(first, DEFAULT_LIMITS) is lists
    assert cache.get(same_text, DEFAULT_LIMITS) is None
    assert cache.get(first, QueryLimits(max_depth=3)) is None  # other limits: checked again
    cache.put(same_text, DEFAULT_LIMITS, lists)
    assert cache.get(first, DEFAULT_LIMITS) is None  # evicted


async def test_a_document_that_passed_is_checked_again_under_tighter_limits(engine):
    practice = await make_practice(engine)
    document = "{ locations { operatories { location { id } } } }"
    loose = RequestContext.create(engine, practice.staff)
    tight = RequestContext.create(engine, practice.staff, limits=QueryLimits(max_depth=2))
    assert (await schema.execute(document, context_value=loose)).errors is None
    assert codes(await schema.execute(document, context_value=tight)) == ["QUERY_TOO_DEEP"]
