"""One request's access to PostgreSQL: a single read connection, statements run one at a time,
and every statement inside the caller's organization (row-level security, migration 0012)."""

from __future__ import annotations

import asyncio
import uuid
import warnings
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any, overload

from asyncpg import Connection as DriverConnection
from asyncpg.exceptions import ConnectionDoesNotExistError, InterfaceError
from sqlalchemy import Executable, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, MissingGreenlet
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.util.concurrency import greenlet_spawn

from db.engine import prepared_statement_name
from db.read_statement import CompiledRead, ReadStatement
from db.records import records
from db.shapes import R, Shape, conform_result
from db.warm_connections import warm_connections

REQUEST_ROLE = "slotgraph_request"
# Transaction-local (the `true`): when the transaction ends, however it ends, the pooled
# connection is the owner again with no organization, so nothing leaks into its next use.
ENTER_ORGANIZATION = text(
    "SELECT set_config('role', :role, true), set_config('slotgraph.organization_id', :org, true)"
)

# Read your writes (schema/request_lifecycle.py): where a mutation's commit is, and whether
# the replica has applied it.
WAL_POSITION = "SELECT pg_current_wal_insert_lsn()::text"
REPLAYED = "SELECT pg_last_wal_replay_lsn() >= $1::text::pg_lsn"

# Called with the SQL of every statement sent straight through asyncpg (ReadStatement, and the
# read transaction's BEGIN with the organization), which SQLAlchemy's engine events do not see:
# statement counters (the tests') listen to both.
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
        # The read connection as the pool hands it out, its asyncpg connection, and (made only
        # when a SQLAlchemy statement needs one) a SQLAlchemy connection over it.
        self._pooled: PoolProxiedConnection | None = None
        self._driver: DriverConnection | None = None
        self._connection: AsyncConnection | None = None
        self._lock = asyncio.Lock()

    def read_from_replica(self, replayed_at_least: str | None = None) -> None:
        """Send this request's reads to the replica, if there is one (a query's: they tolerate
        the replica's lag). Ignored once a read connection is open: reads never mix servers.
        `replayed_at_least`: a WAL position (a mutation's `readAfter`); a replica that has not
        replayed it yet leaves the reads on the primary, so the caller sees its own writes."""
        if self.replica is not None and self._pooled is None:
            self._reads_engine = self.replica
            self._replayed_at_least = replayed_at_least

    async def wal_position(self) -> str:
        """The primary's WAL insert position, read on this request's (primary) read
        connection: past the commit of every transaction that has committed so far."""
        assert not self.reads_on_replica
        async with self._lock:
            await self._read_connection()
            assert self._driver is not None
            return str(await self._driver.fetchval(WAL_POSITION))

    @property
    def reads_on_replica(self) -> bool:
        """Whether this request's reads go to the replica."""
        return self._reads_engine is not self.engine

    @property
    def holds_connection(self) -> bool:
        """Whether a read connection is open (close() would return it)."""
        return self._pooled is not None

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
            await self._read_connection()
            try:
                if isinstance(statement, ReadStatement):
                    return await self._fetch_direct(statement, params or {})
                result = await self._sqlalchemy_connection().execute(statement, params or {})
            except Exception:
                # A failed statement aborts the read transaction; the request's other reads
                # (other fields) get a fresh one instead of "current transaction is aborted".
                await self.close()
                raise
        conform_result(expected, result, statement)
        return records(result)

    async def _fetch_direct(
        self, statement: ReadStatement[Any], params: dict[str, Any]
    ) -> list[Any]:
        # The asyncpg connection under the read connection, in the transaction that
        # _begin_read opened with the caller's organization.
        assert self._driver is not None
        dialect = self.engine.dialect
        compiled = statement.compiled_if_known(dialect) or await self._compile(statement)
        for listener in direct_statement_listeners:
            listener(compiled.sql)
        rows = await self._driver.fetch(compiled.sql, *compiled.arguments(params))
        return compiled.records(rows)

    async def _compile(self, statement: ReadStatement[Any]) -> CompiledRead:
        # Result processors of numeric columns depend on the column's type oid.
        assert self._driver is not None
        # A name of its own: behind a pooler in transaction mode, the server connection may
        # still hold a statement another client prepared under asyncpg's numbering.
        prepared = await self._driver.prepare(
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

    async def close(self) -> None:
        """End the read transaction and return the connection to the pool."""
        if self._pooled is not None:
            pooled, driver, connection = self._pooled, self._driver, self._connection
            self._pooled = self._driver = self._connection = None
            assert driver is not None
            try:
                await driver.execute("ROLLBACK")  # reads only: nothing to keep
            except Exception:
                # Its transaction may still be open: the pool must never hand it out again.
                # Nothing of the request is lost with it, so the request's own outcome (or
                # the error that brought us here) stands.
                _discard(pooled)
            except BaseException:
                _discard(pooled)
                raise
            finally:
                # A SQLAlchemy connection made over it returns it (resetting what it set);
                # else the next request's reads take it (one discarded above is pooled).
                if connection is not None:
                    await connection.close()
                elif pooled.is_valid:
                    warm_connections(self._reads_engine).give(pooled)
                else:
                    pooled.close()

    async def _read_connection(self) -> DriverConnection:
        if self._driver is None:
            # The pool does not ping connections before handing them out (db/engine.py): one
            # that PostgreSQL closed since (a restart, a terminated backend) fails on BEGIN,
            # before anything of the caller's, and the BEGIN is retried once on another.
            reads = _autocommit(self._reads_engine)
            warm = warm_connections(self._reads_engine)
            pooled = warm.take() or await _checkout(reads)  # a refused connect is not retried
            try:
                driver = await self._begin_read(reads, pooled)
            except Exception as exc:
                if not disconnected(exc):
                    raise
                warm.drop_all()  # a restarted server ended those too
                pooled = await _checkout(reads)
                driver = await self._begin_read(reads, pooled)
            self._pooled, self._driver = pooled, driver
            if self._replayed_at_least is not None and not await self._replayed(driver):
                # The replica is behind the caller's writes: the primary serves this request.
                await self.close()
                self._reads_engine, self._replayed_at_least = self.engine, None
                return await self._read_connection()
        return self._driver

    def _sqlalchemy_connection(self) -> AsyncConnection:
        """A SQLAlchemy connection over the read connection, for statements that are not
        ReadStatements (made once, in AUTOCOMMIT: the transaction stays ours)."""
        if self._connection is None:
            assert self._pooled is not None
            self._connection = _over(_autocommit(self._reads_engine), self._pooled)
        return self._connection

    async def _replayed(self, driver: DriverConnection) -> bool:
        # NULL (a server that is no standby now) counts as not replayed.
        return bool(await driver.fetchval(REPLAYED, self._replayed_at_least))

    async def _begin_read(
        self, reads: AsyncEngine, pooled: PoolProxiedConnection
    ) -> DriverConnection:
        """Start the read transaction on `pooled`; on failure the connection is closed and
        never pooled again.

        The transaction is ours, not SQLAlchemy's (it would send BEGIN and the organization in
        two round trips of its own): BEGIN and the organization go in one. A READ COMMITTED
        transaction: each statement sees what other transactions (this request's writes
        included) have committed, and the organization setting lives and dies with it.
        """
        try:
            # Checked out connected (the pool's checkout made the connection): reaching the
            # driver needs no round trip, nor a hop into SQLAlchemy's greenlet.
            driver = pooled.driver_connection
            assert driver is not None
            enter = self._begin_in_organization()
            for listener in direct_statement_listeners:
                listener(enter)
            await driver.execute(enter)
        except BaseException as exc:
            connection = _over(reads, pooled)
            if isinstance(exc, Exception) and disconnected(exc):
                await _report_disconnect(connection)
            if not connection.invalidated:
                await connection.invalidate()
            await connection.close()
            raise
        return driver

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
            await self._enter(connection)
        except BaseException:
            await connection.close()  # an invalidated one is discarded, not pooled
            raise
        return connection

    def _begin_in_organization(self) -> str:
        # Literals, not parameters (several statements in one message take none): the role is
        # a constant and a UUID's text is hex digits and dashes, so nothing here is quoted.
        # SET LOCAL rather than SELECT set_config(..., true), which sets the same: utility
        # statements skip planning and return no row (PostgreSQL's log: 21 against 49 us).
        org = str(uuid.UUID(str(self.organization_id))) if self.organization_id else ""
        return (
            "BEGIN ISOLATION LEVEL READ COMMITTED; "
            f"SET LOCAL ROLE {REQUEST_ROLE}; "
            f"SET LOCAL slotgraph.organization_id = '{org}'"
        )

    async def _enter(self, connection: AsyncConnection) -> None:
        org = str(self.organization_id) if self.organization_id is not None else ""
        await connection.execute(ENTER_ORGANIZATION, {"role": REQUEST_ROLE, "org": org})


# engine -> the same engine (and pool) handing out connections in AUTOCOMMIT: SQLAlchemy then
# sends no BEGIN of its own, and sets and resets the mode within checkout and checkin.
_autocommit_engines: weakref.WeakKeyDictionary[AsyncEngine, AsyncEngine] = (
    weakref.WeakKeyDictionary()
)


def _autocommit(engine: AsyncEngine) -> AsyncEngine:
    reads = _autocommit_engines.get(engine)
    if reads is None:
        reads = _autocommit_engines[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return reads


def disconnected(error: BaseException) -> bool:
    """Whether `error` says the connection is gone (not that the statement was wrong)."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated  # SQLAlchemy's dialect checked the connection
    return isinstance(error, ConnectionDoesNotExistError | InterfaceError | OSError)


async def _checkout(reads: AsyncEngine) -> PoolProxiedConnection:
    """A connection from the engine's pool. An idle one is handed out without I/O, so without
    SQLAlchemy's Connection objects or a hop into its greenlet (40 of a `node(id)`'s ~1,000 us
    of CPU); opening a new one or waiting for one is I/O, done in the greenlet as always."""
    pool = reads.sync_engine.pool
    if pool.checkedin():  # type: ignore[attr-defined]  # QueuePool's count of idle ones
        try:
            with warnings.catch_warnings():
                # An idle one that must reconnect (after the server restarted) needs I/O too:
                # SQLAlchemy then closes the coroutine it could not await, which would warn.
                warnings.simplefilter("ignore", RuntimeWarning)
                return pool.connect()
        except MissingGreenlet:
            pass  # the attempt left the pool as it was (that connection is to be reopened)
    return await greenlet_spawn(pool.connect)


def _discard(pooled: PoolProxiedConnection) -> None:
    """Never pool the connection again (one SQLAlchemy already discarded stays as it is)."""
    if pooled.is_valid:
        pooled.invalidate()


def _over(reads: AsyncEngine, pooled: PoolProxiedConnection) -> AsyncConnection:
    """A SQLAlchemy connection of `reads` over a connection already checked out (closing it
    returns that connection to the pool), with the engine's settings applied as on connect."""
    return AsyncConnection(reads, Connection(reads.sync_engine, connection=pooled))


async def _report_disconnect(connection: AsyncConnection) -> None:
    """Let SQLAlchemy see a disconnect that asyncpg raised to us directly: a statement through
    it fails the same way, and SQLAlchemy then replaces the pool's other connections at their
    next checkout (they were opened before the server went away) instead of each failing."""
    with suppress(Exception):  # best effort: the connection is discarded either way
        await connection.execute(text("SELECT 1"))
