"""Deciding a race by what PostgreSQL says, not by sleeping: wait until a statement of ours
is blocked on a lock."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# Backends of this database, connected by the application's engine, waiting for a lock.
LOCK_WAITERS = text(
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND application_name = 'slotgraph' AND wait_event_type = 'Lock'"
)
TIMEOUT_SECONDS = 10.0


async def wait_for_lock_waiter(engine: AsyncEngine, *, until: asyncio.Task[object]) -> None:
    """Return once a backend waits for a lock; fail if `until` finishes first or time runs
    out (then the statement never blocked, which is what the caller wanted to rule out)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT_SECONDS
    while loop.time() < deadline:
        async with engine.connect() as connection:
            if await connection.scalar(LOCK_WAITERS):
                return
        assert not until.done(), "the statement finished without waiting for the lock"
        await asyncio.sleep(0.01)  # polling interval only: PostgreSQL decides the outcome
    raise AssertionError(f"no statement waited for a lock within {TIMEOUT_SECONDS} s")
