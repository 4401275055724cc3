"""The pending-documentation list is served by its partial index (migration 0028), also when
PostgreSQL settles on a generic plan for the prepared statement: the status is written into
the statement, not bound, so the index's predicate can be proven from it."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import asyncpg

from db.demo import REFERENCE_ANCHOR, seed_demo_data
from db.demo.ids import DEMO_ORG_ID
from db.queries.appointment_list import AppointmentListFilter, _conditions
from db.tables import appointments

INDEX = "ix_appointments_pending_documentation"


async def test_the_pending_list_reads_its_partial_index_with_a_generic_plan(engine):
    async with engine.begin() as connection:
        await seed_demo_data(connection, REFERENCE_ANCHOR)
    statement = (
        select(appointments.c.id)
        .where(*_conditions(DEMO_ORG_ID, AppointmentListFilter(pending_documentation=True)))
        .order_by(appointments.c.start_at, appointments.c.id)
        .limit(21)
    )
    # The statement as the application sends it: asyncpg's text ($1, $2, ...) and its bound
    # values, prepared once; EXPLAIN EXECUTE shows the plan the prepared statement runs.
    compiled = statement.compile(dialect=asyncpg.dialect())
    values = [compiled.params[name] for name in compiled.positiontup or ()]
    arguments = ", ".join(str(v) if isinstance(v, int) else f"'{v}'" for v in values)
    async with engine.connect() as connection:
        await connection.execute(text("ANALYZE appointments"))
        await connection.execute(text("SET plan_cache_mode = force_generic_plan"))
        await connection.exec_driver_sql(f"PREPARE pending AS {compiled}")
        rows = await connection.exec_driver_sql(f"EXPLAIN EXECUTE pending({arguments})")
        plan = "\n".join(row[0] for row in rows)
    assert INDEX in plan, plan
