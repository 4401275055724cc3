"""PostgreSQL keeps organizations apart even for a query that forgets to: row-level security."""

from __future__ import annotations

import uuid
from typing import Protocol

import pytest
from sqlalchemy import Integer, TextualSelect, Uuid, text
from sqlalchemy.exc import DBAPIError

from db.engine import create_engine
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from tests.support.factories import make_patient, make_practice


class IdRow(Protocol):
    id: uuid.UUID


def ids_of(sql: str) -> TextualSelect:
    """A raw SELECT of an `id` column, with the column's type for the row shape's check."""
    return text(sql).columns(id=Uuid)


async def test_a_request_reads_only_its_organizations_rows_without_any_filter(engine):
    # given two practices with patients
    ours = await make_practice(engine)
    theirs = await make_practice(engine)
    await make_patient(engine, theirs.org, first_name="Zed")
    # when a request of ours runs queries that name no organization at all
    db = RequestDatabase(engine, ours.org.id)
    try:
        patients = await db.fetch_all(ids_of("SELECT id FROM patients"), shape=IdRow)
        orgs = await db.fetch_all(ids_of("SELECT id FROM organizations"), shape=IdRow)
        types = text("SELECT count(*) AS count FROM appointment_types").columns(count=Integer)
        slots = await db.fetch_all(types, shape=CountRow)
    finally:
        await db.close()
    # then PostgreSQL returned our rows only
    assert [row.id for row in patients] == [ours.patient.id]
    assert [row.id for row in orgs] == [ours.org.id]
    assert slots[0].count == 1


async def test_without_an_organization_a_request_sees_nothing(engine):
    # given a practice
    await make_practice(engine)
    # when a request without an organization (no valid token) reads
    db = RequestDatabase(engine, None)
    try:
        rows = await db.fetch_all(ids_of("SELECT id FROM patients"), shape=IdRow)
    finally:
        await db.close()
    # then nothing is visible: the policies fail closed
    assert rows == []


async def test_a_request_cannot_change_or_create_another_organizations_rows(engine):
    # given two practices
    ours = await make_practice(engine)
    theirs = await make_practice(engine)
    db = RequestDatabase(engine, ours.org.id)
    # when our request updates their patient by id, with no organization in the statement
    async with db.transaction() as connection:
        changed = await connection.execute(
            text("UPDATE patients SET first_name = 'Hacked' WHERE id = :id"),
            {"id": theirs.patient.id},
        )
    # then no row was touched
    assert changed.rowcount == 0
    async with engine.connect() as connection:
        name = await connection.scalar(
            text("SELECT first_name FROM patients WHERE id = :id"), {"id": theirs.patient.id}
        )
    assert name == theirs.patient.first_name
    # and inserting a row into their organization is refused by the policy
    with pytest.raises(DBAPIError, match="row-level security"):
        async with db.transaction() as connection:
            await connection.execute(
                text(
                    "INSERT INTO patients (organization_id, first_name, last_name, chart_number)"
                    " VALUES (:org, 'Eve', 'Intruder', 'X1')"
                ),
                {"org": theirs.org.id},
            )


async def test_every_tenant_table_has_the_policy(engine):
    # given the migrated schema
    async with engine.connect() as connection:
        tenant_tables = set(
            (
                await connection.scalars(
                    text(
                        "SELECT table_name FROM information_schema.columns"
                        " WHERE table_schema = 'public' AND column_name = 'organization_id'"
                    )
                )
            ).all()
        )
        protected = set(
            (
                await connection.scalars(
                    text(
                        "SELECT c.relname FROM pg_class c"
                        " JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = 'tenant_isolation'"
                        " WHERE c.relrowsecurity AND c.relnamespace = 'public'::regnamespace"
                    )
                )
            ).all()
        )
    # then every table that carries organization_id, and organizations itself, is guarded
    # (a new table without a policy fails here)
    assert len(tenant_tables) >= 28
    assert protected == tenant_tables | {"organizations"}


async def test_the_pooled_connection_is_the_owner_again_after_a_request(database_url):
    # given an engine with a single pooled connection
    single = create_engine(database_url, pool_size=1)
    try:
        async with single.connect() as connection:
            owner = await connection.scalar(text("SELECT current_user"))
        # when a request reads and writes through it
        db = RequestDatabase(single, None)
        await db.fetch_all(text("SELECT 1 AS count").columns(count=Integer), shape=CountRow)
        await db.close()
        async with db.transaction() as connection:
            await connection.execute(text("SELECT 1"))
        # then the next use of that connection is the owner with no organization set
        async with single.connect() as connection:
            after = (
                await connection.execute(
                    text(
                        "SELECT current_user AS who,"
                        " current_setting('slotgraph.organization_id', true) AS org"
                    )
                )
            ).one()
    finally:
        await single.dispose()
    assert after.who == owner
    assert after.org in (None, "")


async def test_a_failed_read_does_not_spoil_the_requests_other_reads(engine):
    # given a request's read connection
    practice = await make_practice(engine)
    db = RequestDatabase(engine, practice.org.id)
    try:
        # when one read fails (it aborts its transaction)
        with pytest.raises(DBAPIError, match="division by zero"):
            await db.fetch_all(text("SELECT 1 / 0 AS count").columns(count=Integer), shape=CountRow)
        # then the next read of the same request still works, inside the organization
        rows = await db.fetch_all(ids_of("SELECT id FROM patients"), shape=IdRow)
    finally:
        await db.close()
    assert [row.id for row in rows] == [practice.patient.id]
