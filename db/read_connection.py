"""A request's read connection: taken from those kept warm or from the pool, entered into the
caller's organization (db/read_scope.py), and kept for the next request or pooled again."""

from __future__ import annotations

import uuid
import warnings
import weakref
from contextlib import suppress

from asyncpg import Connection as DriverConnection
from asyncpg.exceptions import ConnectionDoesNotExistError, InterfaceError
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, MissingGreenlet
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.util.concurrency import greenlet_spawn

from db.read_scope import ReadScope
from db.warm_connections import WarmConnections, warm_connections


class ReadConnection:
    """A checked-out connection in the caller's organization, its asyncpg connection and
    (made only when a SQLAlchemy statement needs one) a SQLAlchemy connection over it."""

    def __init__(
        self,
        engine: AsyncEngine,
        pooled: PoolProxiedConnection,
        scope: ReadScope,
        warm: WarmConnections,
    ):
        self.engine = engine
        self.pooled = pooled
        self.warm = warm
        driver = pooled.driver_connection
        assert driver is not None  # checked out connected
        self.driver: DriverConnection = driver
        self.scope = scope
        self._connection: AsyncConnection | None = None
        # A statement was interrupted by anything but PostgreSQL's refusal (a cancelled
        # request, a broken connection): the connection may be mid-message, never reuse it.
        self.spoiled = False

    def sqlalchemy(self) -> AsyncConnection:
        """A SQLAlchemy connection over this one, for statements that are not ReadStatements
        (made once, in AUTOCOMMIT: SQLAlchemy sends no BEGIN of its own)."""
        if self._connection is None:
            self._connection = _over(_autocommit(self.engine), self.pooled)
        return self._connection

    def release_as_is(self) -> bool:
        """Keep the connection for the next request's reads now, if that sends nothing to the
        server; whether it was (else close() must be awaited)."""
        # Behind a pooler the transaction must still end (close()); a session keeps as it is.
        if self.scope.by_transaction or not self._keepable():
            return False
        self.warm.give(self.pooled)
        return True

    async def close(self) -> None:
        """End the reads, then keep the connection for the next request's or pool it."""
        pooled, keep = self.pooled, self._keepable()
        try:
            if self.spoiled:
                _discard(pooled)
            else:
                await self.scope.leave(pooled, keep=keep)
        except BaseException as exc:
            # Its settings or transaction may still be on it: the pool must never hand it out
            # again. Nothing of the request is lost with it, so the request's own outcome (or
            # the error that brought us here) stands; a cancellation goes on.
            _discard(pooled)
            keep = False
            if not isinstance(exc, Exception):
                raise
        finally:
            if self._connection is not None:
                await self._connection.close()  # to the pool; a discarded one is not pooled
            elif keep:
                self.warm.give(pooled)
            else:
                pooled.close()

    def _keepable(self) -> bool:
        # A SQLAlchemy connection made over it returns it to the pool when closed.
        if self.spoiled or self._connection is not None:
            return False
        # Between requests a session-scoped connection is in no transaction.
        idle = self.scope.by_transaction or not self.driver.is_in_transaction()
        return idle and _alive(self.pooled) and self.warm.has_room()


async def open_read_connection(
    engine: AsyncEngine, organization_id: uuid.UUID | None
) -> ReadConnection:
    """A read connection of `engine` in the organization.

    The pool does not ping connections before handing them out (db/engine.py): one that
    PostgreSQL closed since (a restart, a terminated backend) fails on entering the
    organization, before anything of the caller's, and that is retried once on another. A
    kept one whose end the event loop has seen is replaced at once.
    """
    warm = warm_connections(engine)
    pooled = warm.take()
    if pooled is not None and not _alive(pooled):
        warm.drop_all()  # a restarted server ended those too
        _discard(pooled)
        pooled.close()
        pooled = None
    pooled = pooled or await _checkout(engine)  # a refused connect is not retried
    scope = ReadScope(engine, organization_id)
    try:
        await _enter(engine, pooled, scope)
    except Exception as exc:
        if not disconnected(exc):
            raise
        warm.drop_all()
        pooled = await _checkout(engine)
        await _enter(engine, pooled, scope)
    return ReadConnection(engine, pooled, scope, warm)


async def _enter(engine: AsyncEngine, pooled: PoolProxiedConnection, scope: ReadScope) -> None:
    """Enter the organization on `pooled`; on failure the connection is closed and never
    pooled again. Sent by us, not SQLAlchemy (behind a pooler it would send BEGIN and the
    organization in two round trips of its own): the settings go in one message."""
    try:
        await scope.enter(pooled)
    except BaseException as exc:
        connection = _over(_autocommit(engine), pooled)
        if isinstance(exc, Exception) and disconnected(exc):
            await _report_disconnect(connection)
        if not connection.invalidated:
            await connection.invalidate()
        await connection.close()
        raise


def disconnected(error: BaseException) -> bool:
    """Whether `error` says the connection is gone (not that the statement was wrong)."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated  # SQLAlchemy's dialect checked the connection
    return isinstance(error, ConnectionDoesNotExistError | InterfaceError | OSError)


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


async def _checkout(engine: AsyncEngine) -> PoolProxiedConnection:
    """A connection from the engine's pool. An idle one is handed out without I/O, so without
    SQLAlchemy's Connection objects or a hop into its greenlet (40 of a `node(id)`'s ~1,000 us
    of CPU); opening a new one or waiting for one is I/O, done in the greenlet as always."""
    pool = engine.sync_engine.pool  # the same pool as its AUTOCOMMIT engine's
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


def _alive(pooled: PoolProxiedConnection) -> bool:
    """Whether the event loop has not yet seen the server end `pooled`'s connection."""
    driver = pooled.driver_connection
    return pooled.is_valid and driver is not None and not driver.is_closed()


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
