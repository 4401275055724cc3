"""One request's access to PostgreSQL: a single connection, statements run one at a time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class RequestDatabase:
    """Lazily opens one autocommit connection for a request's reads and serializes them.

    DataLoaders of one request dispatch their batches in the same event-loop tick; asyncpg
    allows one statement at a time per connection, so the lock queues them instead of taking
    a pool connection per batch (which would starve the pool under concurrent requests).
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._connection: AsyncConnection | None = None
        self._lock = asyncio.Lock()

    async def fetch_all(
        self, statement: Executable, params: dict[str, Any] | None = None
    ) -> Sequence[Row[Any]]:
        """Run a read statement and return all rows."""
        async with self._lock:
            connection = await self._read_connection()
            result = await connection.execute(statement, params or {})
            return result.all()

    async def fetch_one(
        self, statement: Executable, params: dict[str, Any] | None = None
    ) -> Row[Any] | None:
        """Run a read statement and return its first row, if any."""
        rows = await self.fetch_all(statement, params)
        return rows[0] if rows else None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A connection of its own in a transaction, committed when the block succeeds."""
        async with self.engine.begin() as connection:
            yield connection

    async def close(self) -> None:
        """Return the read connection to the pool."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await connection.close()

    async def _read_connection(self) -> AsyncConnection:
        if self._connection is None:
            connection = await self.engine.connect()
            # Autocommit: reads need no BEGIN/COMMIT round trips and see committed writes.
            self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return self._connection
