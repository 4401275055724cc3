"""One request's access to PostgreSQL: a single read connection, statements run one at a time,
and every statement inside the caller's organization (row-level security, migration 0012;
how a read connection enters it: db/read_scope.py)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, overload

from asyncpg import Connection as DriverConnection
from asyncpg.exceptions import DataError, PostgresError
from sqlalchemy import Executable, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.engine import prepared_statement_name
from db.read_connection import ReadConnection, disconnected, open_read_connection
from db.read_scope import REQUEST_ROLE
from db.read_statement import CompiledRead, ReadStatement
from db.records import records
from db.shapes import R, Shape, conform_result

# Transaction-local (the `true`): when the transaction ends, however it ends, the pooled
# connection is the owner again with no organization, so nothing leaks into its next use.
ENTER_ORGANIZATION = text(
    "SELECT set_config('role', :role, true), set_config('slotgraph.organization_id', :org, true)"
)

# Read your writes (schema/request_lifecycle.py): where a mutation's commit is, and whether
# the replica has applied it.
WAL_POSITION = "SELECT pg_current_wal_insert_lsn()::text"
REPLAYED = "SELECT pg_last_wal_replay_lsn() >= $1::text::pg_lsn"

# Called with the SQL of every statement sent straight through asyncpg (ReadStatements), which
# SQLAlchemy's engine events do not see: statement counters (the tests') listen to both. The
# organization's settings (db/read_scope.py) are no statement of the request's: not reported.
direct_statement_listeners: list[Callable[[str], None]] = []


class RequestDatabase:
    """Lazily opens one connection for a request's reads and serializes them.

    DataLoaders of one request dispatch their batches in the same event-loop tick; asyncpg
    allows one statement at a time per connection, so the lock queues them instead of taking
    a pool connection per batch (which would starve the pool under concurrent requests).
    Reads and writes run as REQUEST_ROLE with the caller's organization: PostgreSQL's policies
    hide and refuse every other organization's rows. Without an organization (no valid
    token) they see nothing.

    Reads go to the primary (`engine`) unless read_from_replica() was called before the
    first one: a query's reads then go to `replica` (a streaming replica, which may lag).
    Transactions (a mutation's) always run on the primary.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        organization_id: uuid.UUID | None = None,
        *,
        replica: AsyncEngine | None = None,
    ) -> None:
        self.engine = engine
        self.organization_id = organization_id
        self.replica = replica
        self._reads_engine = engine
        # A WAL position the replica must have replayed to serve the reads (read your writes).
        self._replayed_at_least: str | None = None
        self._read: ReadConnection | None = None
        self._lock = asyncio.Lock()

    def read_from_replica(self, replayed_at_least: str | None = None) -> None:
        """Send this request's reads to the replica, if there is one (a query's: they tolerate
        the replica's lag). Ignored once a read connection is open: reads never mix servers.
        `replayed_at_least`: a WAL position (a mutation's `readAfter`); a replica that has not
        replayed it yet leaves the reads on the primary, so the caller sees its own writes."""
        if self.replica is not None and self._read is None:
            self._reads_engine = self.replica
            self._replayed_at_least = replayed_at_least

    async def wal_position(self) -> str:
        """The primary's WAL insert position, read on this request's (primary) read
        connection: past the commit of every transaction that has committed so far."""
        assert not self.reads_on_replica
        async with self._lock:
            driver = await self._read_connection()
            return str(await driver.fetchval(WAL_POSITION))

    @property
    def reads_on_replica(self) -> bool:
        """Whether this request's reads go to the replica."""
        return self._reads_engine is not self.engine

    @overload
    async def fetch_all(
        self, statement: ReadStatement[R], params: dict[str, Any] | None = None
    ) -> list[R]: ...

    @overload
    async def fetch_all(
        self, statement: Executable, params: dict[str, Any] | None = None, *, shape: Shape[R]
    ) -> list[R]: ...

    async def fetch_all(
        self,
        statement: Executable | ReadStatement[Any],
        params: dict[str, Any] | None = None,
        *,
        shape: Shape[Any] | None = None,
    ) -> list[Any]:
        """Run a read statement and return all rows, as the statement's shape (db/shapes.py):
        a ReadStatement's own, or `shape`, checked against the statement's columns."""
        return await self._rows(statement, params, shape)

    async def _rows(
        self,
        statement: Executable | ReadStatement[Any],
        params: dict[str, Any] | None,
        shape: Shape[Any] | None,
    ) -> list[Any]:
        expected = statement.shape if isinstance(statement, ReadStatement) else shape
        if expected is None:
            raise TypeError("a statement's rows need a shape (db/shapes.py)")
        async with self._lock:
            read = await self._reading()
            try:
                if isinstance(statement, ReadStatement):
                    return await self._fetch_direct(read.driver, statement, params or {})
                result = await read.sqlalchemy().execute(statement, params or {})
            except BaseException as exc:
                # The request's other reads (other fields) start afresh: behind a pooler, in a
                # new transaction instead of "current transaction is aborted".
                # PostgreSQL's refusal, or asyncpg's of an argument before sending anything,
                # leaves the connection ready for the next statement.
                read.spoiled = not isinstance(exc, PostgresError | DataError)
                await self._close()
                raise
        conform_result(expected, result, statement)
        return records(result)

    async def _fetch_direct(
        self, driver: DriverConnection, statement: ReadStatement[Any], params: dict[str, Any]
    ) -> list[Any]:
        # The asyncpg connection under the read connection, in the caller's organization.
        dialect = self.engine.dialect
        compiled = statement.compiled_if_known(dialect) or await self._compile(driver, statement)
        for listener in direct_statement_listeners:
            listener(compiled.sql)
        rows = await driver.fetch(compiled.sql, *compiled.arguments(params))
        return compiled.records(rows)

    async def _compile(
        self, driver: DriverConnection, statement: ReadStatement[Any]
    ) -> CompiledRead:
        # Result processors of numeric columns depend on the column's type oid.
        # A name of its own: behind a pooler in transaction mode, the server connection may
        # still hold a statement another client prepared under asyncpg's numbering.
        prepared = await driver.prepare(
            statement.sql(self.engine.dialect), name=prepared_statement_name()
        )
        oids = [attribute.type.oid for attribute in prepared.get_attributes()]
        return statement.compiled(self.engine.dialect, oids)

    @overload
    async def fetch_one(
        self, statement: ReadStatement[R], params: dict[str, Any] | None = None
    ) -> R | None: ...

    @overload
    async def fetch_one(
        self, statement: Executable, params: dict[str, Any] | None = None, *, shape: Shape[R]
    ) -> R | None: ...

    async def fetch_one(
        self,
        statement: Executable | ReadStatement[Any],
        params: dict[str, Any] | None = None,
        *,
        shape: Shape[Any] | None = None,
    ) -> Any:
        """Run a read statement and return its first row, if any (shaped as fetch_all's)."""
        rows = await self._rows(statement, params, shape)
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

    def release_as_is(self) -> bool:
        """Keep the read connection for the next request's reads now, if that sends nothing
        to the server (db/read_scope.py); whether nothing is left for close() to do."""
        if self._read is None:
            return True
        if self._abandoned():
            return False
        if self._read.release_as_is():
            self._read = None
            return True
        return False

    async def close(self) -> None:
        """End the reads, then keep the connection for the next request's or pool it."""
        self._abandoned()
        await self._close()

    def _abandoned(self) -> bool:
        """Whether a statement still runs while the request ends (a task its response no
        longer waits for): its connection is mid-message, so it is spoiled, never kept."""
        if self._read is not None and self._lock.locked():
            self._read.spoiled = True
            return True
        return False

    async def _close(self) -> None:
        read, self._read = self._read, None
        if read is not None:
            await read.close()

    async def _read_connection(self) -> DriverConnection:
        """The asyncpg connection of this request's reads (opened on first use)."""
        return (await self._reading()).driver

    async def _reading(self) -> ReadConnection:
        if self._read is None:
            self._read = await open_read_connection(self._reads_engine, self.organization_id)
            if self._replayed_at_least is not None and not await self._replayed(self._read.driver):
                # The replica is behind the caller's writes: the primary serves this request.
                await self._close()
                self._reads_engine, self._replayed_at_least = self.engine, None
                return await self._reading()
        return self._read

    async def _replayed(self, driver: DriverConnection) -> bool:
        # NULL (a server that is no standby now) counts as not replayed.
        return bool(await driver.fetchval(REPLAYED, self._replayed_at_least))

    async def _open(self) -> AsyncConnection:
        """A pooled connection in a SQLAlchemy transaction inside the caller's organization
        (a mutation's), retried once on another connection as the read connection is."""
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
            await self._enter_transaction(connection)
        except BaseException:
            await connection.close()  # an invalidated one is discarded, not pooled
            raise
        return connection

    async def _enter_transaction(self, connection: AsyncConnection) -> None:
        org = str(self.organization_id) if self.organization_id is not None else ""
        await connection.execute(ENTER_ORGANIZATION, {"role": REQUEST_ROLE, "org": org})
