"""A fresh, migrated test database on the embedded server or at DATABASE_URL."""

from __future__ import annotations

import os
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from db.embedded import start_embedded_server
from db.engine import with_database
from tests.support.paths import REPO_ROOT

# Parallel runs (e.g. two checkouts) can pick their own database name.
TEST_DATABASE = os.environ.get("SLOTGRAPH_TEST_DATABASE", "slotgraph_test")


def server_url() -> str:
    """The server the tests use: DATABASE_URL's, or the embedded one under .pgdata/test."""
    external = os.environ.get("DATABASE_URL")
    if external:
        return external
    return start_embedded_server(REPO_ROOT / ".pgdata" / "test")


async def recreate_database(url: str, name: str) -> str:
    """Drop and create `name` on the server of `url`; return the new database's URL."""
    admin = with_database(url, "postgres").set(drivername="postgresql")
    connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return with_database(make_url(url), name).render_as_string(hide_password=False)


async def snapshot(engine: AsyncEngine) -> list[Any]:
    """Every row of every table (as text): what a refused mutation must leave as it was."""
    async with engine.connect() as connection:
        tables = (
            await connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            )
        ).scalars()
        parts = [
            f"SELECT '{table}', md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
            f'FROM "{table}" t'
            for table in tables
        ]
        # Sorted here: PostgreSQL may run the UNION ALL's parts in parallel, in any order.
        return sorted((await connection.execute(text(" UNION ALL ".join(parts)))).all())
