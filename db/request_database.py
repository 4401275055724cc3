"""One request's access to PostgreSQL: a single read connection, statements run one at a time,
and every statement inside the caller's organization (row-level security, migration 0012)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from asyncpg import Connection as DriverConnection
from asyncpg.exceptions import ConnectionDoesNotExistError, InterfaceError
from sqlalchemy import Executable, Row, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.read_statement import CompiledRead, ReadStatement
from db.records import records

REQUEST_ROLE = "slotgraph_request"
# Transaction-local (the `true`): when the transaction ends, however it ends, the pooled
# connection is the owner again with no organization, so nothing leaks into its next use.
ENTER_ORGANIZATION = text(
    "SELECT set_config('role', :role, true), set_config('slotgraph.organization_id', :org, true)"
)

# Called with the SQL of every statement sent straight through asyncpg (ReadStatement), which
# SQLAlchemy's engine events do not see: statement counters (the tests') listen to both.
direct_statement_listeners: list[Callable[[str], None]] = []


class RequestDatabase:
    """Lazily opens one connection for a request's reads and serializes them.

    DataLoaders of one request dispatch their batches in the same event-loop tick; asyncpg
    allows one statement at a time per connection, so the lock queues them instead of taking
    a pool connection per batch (which would starve the pool under concurrent requests).
    Reads and writes run as REQUEST_ROLE with the caller's organization: PostgreSQL's policies
    hide and refuse every other organization's rows. Without an organization (no valid
    token) they see nothing.
    """

    def __init__(self, engine: AsyncEngine, organization_id: uuid.UUID | None = None) -> None:
        self.engine = engine
        self.organization_id = organization_id
        self._connection: AsyncConnection | None = None
        self._driver: DriverConnection | None = None
        self._lock = asyncio.Lock()

    async def fetch_all(
        self, statement: Executable | ReadStatement, params: dict[str, Any] | None = None
    ) -> Sequence[Row[Any]]:
        """Run a read statement and return all rows."""
        async with self._lock:
            connection = await self._read_connection()
            try:
                if isinstance(statement, ReadStatement):
                    return await self._fetch_direct(statement, params or {})
                result = await connection.execute(statement, params or {})
            except Exception:
                # A failed statement aborts the read transaction; the request's other reads
                # (other fields) get a fresh one instead of "current transaction is aborted".
                await self.close()
                raise
            return records(result)

    async def _fetch_direct(
        self, statement: ReadStatement, params: dict[str, Any]
    ) -> Sequence[Row[Any]]:
        # The asyncpg connection under the read connection, in its transaction (BEGIN and the
        # organization went through SQLAlchemy when it opened).
        assert self._driver is not None
        dialect = self.engine.dialect
        compiled = statement.compiled_if_known(dialect) or await self._compile(statement)
        for listener in direct_statement_listeners:
            listener(compiled.sql)
        rows = await self._driver.fetch(compiled.sql, *compiled.arguments(params))
        return compiled.records(rows)

    async def _compile(self, statement: ReadStatement) -> CompiledRead:
        # Result processors of numeric columns depend on the column's type oid.
        assert self._driver is not None
        prepared = await self._driver.prepare(statement.sql(self.engine.dialect))
        oids = [attribute.type.oid for attribute in prepared.get_attributes()]
        return statement.compiled(self.engine.dialect, oids)

    async def fetch_one(
        self, statement: Executable | ReadStatement, params: dict[str, Any] | None = None
    ) -> Row[Any] | None:
        """Run a read statement and return its first row, if any."""
        rows = await self.fetch_all(statement, params)
        return rows[0] if rows else None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A connection of its own in a transaction, committed when the block succeeds."""
        connection = await self._open()
        try:
            yield connection
            await connection.commit()
        finally:
            await connection.close()  # rolls back whatever was not committed

    async def close(self) -> None:
        """End the read transaction and return the connection to the pool."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            self._driver = None
            try:
                await connection.rollback()  # reads only: nothing to keep
            finally:
                await connection.close()

    async def _read_connection(self) -> AsyncConnection:
        if self._connection is None:
            # A READ COMMITTED transaction: each statement sees what other transactions
            # (this request's writes included) have committed, like autocommit did, and the
            # organization setting lives and dies with it.
            connection = await self._open()
            raw = await connection.get_raw_connection()
            self._driver = raw.driver_connection
            self._connection = connection
        return self._connection

    async def _open(self) -> AsyncConnection:
        """A pooled connection in a transaction inside the caller's organization.

        The pool does not ping connections before handing them out (db/engine.py), so one
        PostgreSQL closed since (a restart, a terminated backend) fails on the first
        statement sent, BEGIN with the organization, before anything of the caller's: that
        connection is dropped and the statement retried once on another. SQLAlchemy, seeing
        the disconnect, has invalidated the pool's other connections too, so the retry gets
        a new one instead of the next stale one.
        """
        connection = await self.engine.connect()  # a refused connect is not retried
        try:
            return await self._begin(connection)
        except Exception as exc:
            if not disconnected(exc):
                raise
        return await self._begin(await self.engine.connect())

    async def _begin(self, connection: AsyncConnection) -> AsyncConnection:
        try:
            await connection.begin()
            await self._enter(connection)
        except BaseException:
            await connection.close()  # an invalidated one is discarded, not pooled
            raise
        return connection

    async def _enter(self, connection: AsyncConnection) -> None:
        org = str(self.organization_id) if self.organization_id is not None else ""
        await connection.execute(ENTER_ORGANIZATION, {"role": REQUEST_ROLE, "org": org})


def disconnected(error: BaseException) -> bool:
    """Whether `error` says the connection is gone (not that the statement was wrong)."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated  # SQLAlchemy's dialect checked the connection
    return isinstance(error, ConnectionDoesNotExistError | InterfaceError | OSError)
