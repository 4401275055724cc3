"""The directory's searches are served by their indexes (migration 0027): EXPLAIN the very
statements `patients(search:)` and `providers(search:)` run."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Select, text
from sqlalchemy.dialects.postgresql import asyncpg

from db.demo import REFERENCE_ANCHOR, seed_demo_data
from db.demo.ids import DEMO_ORG_ID
from db.queries.practice import patient_count, patient_search
from db.queries.provider_list import ProviderFilter, provider_search
from tests.support.factories import make_practice

# The alternatives a word can match (names, chart number, email by prefix, phone inside).
ALTERNATIVES = 5


def sql_of(statement: Select[Any]) -> str:
    """The statement as the application sends it, its values written in."""
    compiled = statement.compile(dialect=asyncpg.dialect(), compile_kwargs={"literal_binds": True})
    return str(compiled)


async def plan_of(connection, statement: Select[Any]) -> dict[str, Any]:
    explained = await connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sql_of(statement))
    document = explained.scalar()
    return (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]


def scans(plan: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(node type, index) of every scan in the plan, depth first."""
    own = [(plan["Node Type"], plan.get("Index Name"))] if "Scan" in plan["Node Type"] else []
    return own + [scan for child in plan.get("Plans", ()) for scan in scans(child)]


# 30,000 more patients in the demo's organization: at the demo's 5,000 (a few hundred pages) the
# planner rightly reads them all rather than look up a word's trigrams five times; with more
# patients per organization the lookups win, and that is what the indexes are for.
MORE_PATIENTS = """
INSERT INTO patients (organization_id, first_name, last_name, chart_number, email, phone,
                      date_of_birth)
SELECT :org, 'F' || substr(md5(i::text), 1, 6), 'L' || substr(md5((-i)::text), 1, 6),
       'G' || lpad(i::text, 6, '0'), 'p' || i || '@example.org',
       '+1 415-' || lpad((i % 1000)::text, 3, '0') || '-' || lpad((i % 9973)::text, 4, '0'),
       date '1940-01-01' + (i * 7919) % 25000
FROM generate_series(1, 30000) AS i
"""
# A demo last name, a chart number, an email, a phone's digits, two words.
WORDS = ["walker", "c00042", "pierre.walker1@example.com", "555-0149", "walker pierre"]


def search(words: str) -> Select[Any]:
    return patient_search(
        organization_id=DEMO_ORG_ID, search=words, only_patient_id=None, after=None, limit=101
    )


def count(words: str) -> Select[Any]:
    return patient_count(organization_id=DEMO_ORG_ID, search=words, only_patient_id=None)


async def test_a_patient_search_reads_its_indexes_not_the_table(engine):
    # given the demo practice's patients and 30,000 more, analyzed (as autovacuum keeps a
    # live table)
    async with engine.begin() as connection:
        await seed_demo_data(connection, REFERENCE_ANCHOR)
        await connection.execute(text(MORE_PATIENTS), {"org": DEMO_ORG_ID})
        await connection.execute(text("ANALYZE patients"))
    async with engine.connect() as connection:
        # when a page and the total of a search by a name, chart number, email or phone are
        # planned, then each is the five alternatives' bitmaps of ix_patients_search ORed
        # (for two words one word's; the other filters what they found): no scan of the
        # table or of the organization's rows
        for words in WORDS:
            for statement in (search(words), count(words)):
                assert scans(await plan_of(connection, statement)) == [
                    ("Bitmap Heap Scan", None),
                    *[("Bitmap Index Scan", "ix_patients_search")] * ALTERNATIVES,
                ], words
        # and a date word adds the date of birth's index to its alternatives
        for statement in (search("1980-04-02"), count("1980-04-02")):
            found = scans(await plan_of(connection, statement))
            assert sorted(found) == sorted(
                [
                    ("Bitmap Heap Scan", None),
                    *[("Bitmap Index Scan", "ix_patients_search")] * ALTERNATIVES,
                    ("Bitmap Index Scan", "ix_patients_date_of_birth"),
                ]
            )


MORE_PROVIDERS = """
INSERT INTO providers (organization_id, first_name, last_name, abbreviation, color, active)
SELECT :org, 'F' || substr(md5(i::text), 1, 6), 'L' || substr(md5((-i)::text), 1, 6),
       'X' || i, '#336699', true
FROM generate_series(1, 20000) AS i
"""


async def test_a_provider_search_reads_its_trigram_index(engine):
    # given a practice with far more providers than any has (so the index beats reading them)
    practice = await make_practice(engine)
    async with engine.begin() as connection:
        await connection.execute(text(MORE_PROVIDERS), {"org": practice.org.id})
        await connection.execute(text("ANALYZE providers"))
    # when a search of two words is planned
    where = ProviderFilter(search="lee pat")
    statement = provider_search(organization_id=practice.org.id, where=where, after=None, limit=51)
    async with engine.connect() as connection:
        found = scans(await plan_of(connection, statement))
    # then one word's three alternatives (last name, first name, abbreviation) are bitmaps
    # of ix_providers_search
    assert found == [
        ("Bitmap Heap Scan", None),
        *[("Bitmap Index Scan", "ix_providers_search")] * 3,
    ]
