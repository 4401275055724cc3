"""Read connections kept between requests, so a request's read connection costs no pool
checkout and checkin.

SQLAlchemy's pool checks a connection out through a connection record, a fairy, events and a
reset on return: a fifth of the database work of a `node(id)` (cProfile), for a connection
that goes straight back to the next request. A request's read connection is handed back here
once its reads have ended, still in its organization on a server (db/read_scope.py: the next
request of the same organization sends nothing before its reads; another organization's sets
its own), and the next request's read takes it as it is.

The pool counts these connections as checked out, so its limits hold, but it does not see
them idle: it may keep up to its size idle besides. So only KEPT wait here, what requests
one after another (a front desk's refreshes, a benchmark at concurrency 1) reuse; requests
side by side take the rest from the pool as before, and the server holds at most KEPT more
connections than it did. They go back to PostgreSQL when the engine is disposed (a
listener), and all of them are dropped when one turned out to be disconnected (a restarted
server ended the others too).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection, QueuePool

# Idle read connections kept per engine (see above).
KEPT = 2


class WarmConnections:
    """An engine's idle read connections, most recently used last."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: list[PoolProxiedConnection] = []

    def take(self) -> PoolProxiedConnection | None:
        """The most recently used idle connection, if any."""
        return self._idle.pop() if self._idle else None

    def has_room(self) -> bool:
        """Whether give() would keep a connection rather than pool it."""
        return len(self._idle) < self.size

    def give(self, pooled: PoolProxiedConnection) -> None:
        """Keep a connection whose reads have ended (db/read_scope.py: it may still be in the
        organization of the request that used it last); to the pool when enough wait."""
        if pooled.is_valid and len(self._idle) < self.size:
            self._idle.append(pooled)
        else:
            pooled.close()

    def drop_all(self) -> None:
        """Discard every idle connection (closed, never pooled again)."""
        idle, self._idle = self._idle, []
        for pooled in idle:
            if pooled.is_valid:
                pooled.invalidate()

    def __len__(self) -> int:
        return len(self._idle)


# Keyed by the sync engine: AsyncEngine hashes and compares in Python, a lookup each request.
_warm: weakref.WeakKeyDictionary[Engine, WarmConnections] = weakref.WeakKeyDictionary()


def warm_connections(engine: AsyncEngine) -> WarmConnections:
    """The idle read connections of `engine` (made, with its dispose listener, on first use)."""
    sync_engine = engine.sync_engine
    warm = _warm.get(sync_engine)
    if warm is None:
        pool = sync_engine.pool
        size = min(KEPT, pool.size()) if isinstance(pool, QueuePool) else 0
        warm = _warm[sync_engine] = WarmConnections(size)
        event.listen(sync_engine, "engine_disposed", _dropper(warm))
    return warm


def _dropper(warm: WarmConnections) -> Callable[[Engine], None]:
    # Dispose runs in SQLAlchemy's greenlet, where closing a connection may await.
    def drop(_: Engine) -> None:
        warm.drop_all()

    return drop
