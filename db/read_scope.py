"""How a request's read connection enters the caller's organization: as REQUEST_ROLE with
`slotgraph.organization_id` set, so PostgreSQL's policies (migration 0012) hide and refuse
every other organization's rows.

On a server (the default) the two are set for the connection's session and left there: a
read connection kept for the next request (db/warm_connections.py) already holds them when
that request is the same organization's, and its reads start with no round trip at all.
Reads need no transaction for this: each READ COMMITTED statement takes its own snapshot,
which is what the reads saw inside one. A connection is stamped (its pool record's `info`)
with the settings it holds; any other organization's request sets its own first, and the
settings are reset before a connection goes back to the pool, whose other users (mutations,
the owner's work) must find the owner there. A connection that reaches a checkout still
stamped is discarded, never handed out (`refuse_stamped`).

Behind a pooler in transaction mode (PgBouncer) a session is no connection's own: the
settings then live in a transaction, BEGIN with SET LOCAL in one message, ended by ROLLBACK.
"""

from __future__ import annotations

import uuid
import weakref
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

REQUEST_ROLE = "slotgraph_request"
# The key of a connection's stamp in its pool record's `info`, which SQLAlchemy clears when the
# connection is closed or invalidated: a stamp never outlives the session it describes.
STAMP = "slotgraph.read_scope"
RESET = "RESET ROLE; RESET slotgraph.organization_id"

# Engines whose URL is a pooler in transaction mode (create_engine marks them).
_transaction_scoped: weakref.WeakSet[Any] = weakref.WeakSet()


def scope_reads_by_transaction(engine: AsyncEngine) -> None:
    """Mark `engine` as a pooler's in transaction mode: its reads set nothing for the session."""
    _transaction_scoped.add(engine.sync_engine)


def refuse_stamped(engine: AsyncEngine) -> None:
    """Make `engine`'s pool discard any connection checked out with a session still set."""
    event.listen(engine.sync_engine, "checkout", _refuse_stamped)


def _refuse_stamped(_: Any, record: ConnectionPoolEntry, __: Any) -> None:
    # DisconnectionError makes the pool close this connection and hand out a fresh one.
    if STAMP in record.info:
        raise DisconnectionError("a read connection came back with its organization set")


def _literal(organization_id: uuid.UUID | None) -> str:
    # Literals, not parameters (several statements in one message take none): the role is a
    # constant and a UUID's text is hex digits and dashes, so nothing here is quoted.
    return str(uuid.UUID(str(organization_id))) if organization_id else ""


class ReadScope:
    """The organization a request's reads run in, on the connections of one engine."""

    def __init__(self, engine: AsyncEngine, organization_id: uuid.UUID | None) -> None:
        self.by_transaction = engine.sync_engine in _transaction_scoped
        org = _literal(organization_id)
        if self.by_transaction:
            self.settings = (
                "BEGIN ISOLATION LEVEL READ COMMITTED; "
                f"SET LOCAL ROLE {REQUEST_ROLE}; "
                f"SET LOCAL slotgraph.organization_id = '{org}'"
            )
        else:
            # One message, so one implicit transaction: both are set, or neither is.
            self.settings = f"SET ROLE {REQUEST_ROLE}; SET slotgraph.organization_id = '{org}'"

    def needs_entering(self, pooled: PoolProxiedConnection) -> bool:
        """Whether `pooled` must be sent the settings before this request's reads."""
        return self.by_transaction or pooled.info.get(STAMP) != self.settings

    async def enter(self, pooled: PoolProxiedConnection) -> None:
        """Send the settings (when needed); on failure the caller must discard `pooled`."""
        if not self.needs_entering(pooled):
            return
        driver = pooled.driver_connection
        assert driver is not None  # checked out connected
        pooled.info.pop(STAMP, None)  # unknown until PostgreSQL has answered
        await driver.execute(self.settings)
        if not self.by_transaction:
            pooled.info[STAMP] = self.settings

    async def leave(self, pooled: PoolProxiedConnection, *, keep: bool) -> None:
        """End the reads on `pooled` before it is kept for the next request (`keep`) or goes
        back to the pool: the transaction ends, or the session's settings are reset."""
        driver = pooled.driver_connection
        assert driver is not None
        if self.by_transaction:
            await driver.execute("ROLLBACK")  # reads only: nothing to keep
        elif not keep and STAMP in pooled.info:
            await driver.execute(RESET)
            del pooled.info[STAMP]
