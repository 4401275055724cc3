"""The statement a `node(id)` runs settles on one generic plan in PostgreSQL instead of being
planned again on every execution (as pg_prepared_statements counts them, per connection), on
the demo practice's data with fresh statistics: the planner's choice depends on them."""

from __future__ import annotations

from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.demo import DEMO_ORG_ID, REFERENCE_ANCHOR, seed_demo_data
from db.queries.appointments import APPOINTMENT_WITH_PEOPLE_BY_ID, APPOINTMENTS_WITH_PEOPLE_BY_IDS
from db.read_statement import ReadStatement

PLANS = "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1"


async def _plans(driver: asyncpg.Connection, sql: str, arguments: list[Any]) -> tuple[int, int]:
    """(generic, custom) plans PostgreSQL made over ten executions of a prepared statement."""
    prepared = await driver.prepare(sql)
    for _ in range(10):
        assert len(await prepared.fetch(*arguments)) == 1
    # By name: the pooled connection may hold the same text prepared before (its cache's).
    row = await driver.fetchrow(PLANS, prepared.get_name())
    assert row is not None
    return row["generic_plans"], row["custom_plans"]


def _sql(engine: AsyncEngine, statement: ReadStatement[Any]) -> str:
    return statement.sql(engine.dialect)


async def test_one_appointment_by_id_keeps_a_generic_plan(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await seed_demo_data(connection, REFERENCE_ANCHOR)
    async with engine.connect() as connection:
        await connection.execute(text("ANALYZE"))
        visit = (await connection.execute(text("SELECT id FROM appointments LIMIT 1"))).one()
        org = DEMO_ORG_ID
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        one = await _plans(driver, _sql(engine, APPOINTMENT_WITH_PEOPLE_BY_ID), [org, visit.id])
        many = await _plans(
            driver, _sql(engine, APPOINTMENTS_WITH_PEOPLE_BY_IDS), [org, [visit.id]]
        )
    # After its five custom plans the single-id statement runs one generic plan ...
    assert one == (5, 5), one
    # ... while the array form is planned anew every time (why the single form exists).
    assert many == (0, 10), many
