"""The README's "Seed 002 coverage" table: one row per endpoint of seed 002, in the seed's order,
and every GraphQL name a covered or partly row gives exists in the exported SDL."""

from __future__ import annotations

from collections import Counter

import pytest
from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema, build_schema

from tests.support.paths import REPO_ROOT
from tests.support.seed_coverage import (
    README,
    SEED_002_ENDPOINTS,
    SEED_002_FILE,
    STATUSES,
    coverage_rows,
    seed_endpoints,
    summary_counts,
)

SDL = build_schema((REPO_ROOT / "graphql" / "schema.graphql").read_text())
ROWS = coverage_rows(README.read_text())

TWO_EXAMPLES = """/api/v1/{org_id}/a/{x}Get an a
curl -X GET "https://api.example.com/api/v1/{org_id}/a/{x}" \\
-H "Authorization: Bearer YOUR_API_TOKEN"curl -X GET "https://api.example.com/api/v1/{org_id}/a/{x}" \\
-H "Authorization: Bearer YOUR_API_TOKEN"/api/v1/{org_id}/aCreate an a
curl -X POST "https://api.example.com/api/v1/{org_id}/a" \\
-d '{}'curl -X POST "https://api.example.com/api/v1/{org_id}/a" \\
curl -X DELETE "https://api.example.com/api/v1/{org_id}/a/{x}"
"""


def schema_has(graphql_schema: GraphQLSchema, name: str) -> bool:
    """A root query field, mutation or subscription by its name, or any `Type.field`."""
    if "." in name:
        type_name, field_name = name.split(".", 1)
        named = graphql_schema.type_map.get(type_name)
        return (
            isinstance(named, (GraphQLObjectType, GraphQLInterfaceType))
            and field_name in named.fields
        )
    roots = (
        graphql_schema.query_type,
        graphql_schema.mutation_type,
        graphql_schema.subscription_type,
    )
    return any(root is not None and name in root.fields for root in roots)


def test_parser_reads_each_endpoint_once_in_order():
    assert seed_endpoints(TWO_EXAMPLES) == ["GET /a/{x}", "POST /a", "DELETE /a/{x}"]


def test_embedded_endpoints_are_the_seeds():
    if not SEED_002_FILE.is_file():
        pytest.skip(f"{SEED_002_FILE} is not here; the embedded list stands in for it")
    assert seed_endpoints(SEED_002_FILE.read_text()) == list(SEED_002_ENDPOINTS)


def test_embedded_list_has_135_distinct_endpoints():
    assert len(SEED_002_ENDPOINTS) == 135
    assert len(set(SEED_002_ENDPOINTS)) == 135


def test_table_has_one_row_per_endpoint_in_seed_order():
    assert [row.endpoint for row in ROWS] == list(SEED_002_ENDPOINTS)


def test_every_status_is_known_and_every_gap_is_explained():
    assert {row.status for row in ROWS} <= set(STATUSES)
    unexplained = [row.endpoint for row in ROWS if row.status != "covered" and not row.note]
    assert unexplained == []


def test_covered_and_partly_rows_name_graph_fields_that_exist():
    unnamed = [
        row.endpoint for row in ROWS if row.status in ("covered", "partly") and not row.covered_by
    ]
    missing = [
        (row.endpoint, name)
        for row in ROWS
        if row.status in ("covered", "partly")
        for name in row.covered_by
        if not schema_has(SDL, name)
    ]
    assert unnamed == []
    assert missing == []


def test_schema_lookup_tells_names_apart():
    assert schema_has(SDL, "calendarDay")
    assert schema_has(SDL, "bookAppointment")
    assert schema_has(SDL, "Appointment.history")
    assert not schema_has(SDL, "Appointment.noSuchField")
    assert not schema_has(SDL, "noSuchRootField")
    assert not schema_has(SDL, "NoSuchType.id")


def test_summary_line_counts_the_rows():
    counted = Counter(row.status for row in ROWS)
    assert summary_counts(README.read_text()) == {status: counted[status] for status in STATUSES}
