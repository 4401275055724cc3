"""One LISTEN connection per process: every committed change of the organizations someone
here subscribed to, in each organization's order, none lost.

The connection is a direct asyncpg connection outside the pool (LISTEN is session state: it
cannot live in a pooled or PgBouncer-pooled connection). Change ids are dense and in commit
order per organization (migration 0015), so the listener knows each organization's position
and notices a gap: a notification that skips ahead, or a connection that was lost and made
again, is followed by a catch-up read of the change log before anything newer is handed on.
A catch-up longer than the log keeps (or than CATCH_UP_LIMIT) is not replayed: the
organization's subscribers are told to refetch (`reset`).

Everything runs in one task, in the order things arrived: notifications, organizations
joining, the loss of the connection. The listener reads the change log as the owner, not
under row-level security: ids, times and statuses only; subscribers load the rows
themselves, in their own organization.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import asyncpg

from db.queries.changes import change_from_payload, change_from_record
from scheduling.live_changes import Change

logger = logging.getLogger("slotgraph.live")
FIELDS = "fields"  # server/log_format.py reads a record's structured fields from here

CHANNEL = "slotgraph_changes"
APPLICATION_NAME = "slotgraph-listener"
HEAD = "SELECT last_change_id FROM change_counters WHERE organization_id = $1"
AFTER = (
    "SELECT * FROM change_log WHERE organization_id = $1 AND change_id > $2 "
    "AND change_id <= $3 ORDER BY change_id"
)
# More missed changes than this (the log keeps 10,000 per organization): refetch instead.
CATCH_UP_LIMIT = 5_000
# Waits between attempts to connect again, the last one repeated.
RETRY_SECONDS = (0.05, 0.2, 0.5, 1.0, 2.0, 5.0)
# An idle connection is checked this often (a dead peer can look idle forever).
KEEPALIVE_SECONDS = 15.0
KEEPALIVE_TIMEOUT = 10.0

T = TypeVar("T")


class ListenerLost(ConnectionError):
    """The listening connection closed."""


@dataclass(slots=True)
class _Join:
    """An organization to follow and what to do, in order, once its position is known."""

    organization_id: uuid.UUID
    then: Callable[[int], Any]
    future: asyncio.Future[Any]


@dataclass(slots=True)
class _Lost:
    connection: asyncpg.Connection


@dataclass
class ChangeListener:
    """Hands `deliver` every change of the organizations joined, in order; calls `reset`
    for an organization whose missed changes cannot be replayed."""

    dsn: str
    deliver: Callable[[Change], None]
    reset: Callable[[uuid.UUID], None]
    # Connections made after the first one: a lost listener was replaced.
    reconnects: int = 0
    # Changes read back from the log (after a gap) rather than received as notifications.
    caught_up: int = 0
    _positions: dict[uuid.UUID, int] = field(default_factory=dict)
    _inbox: asyncio.Queue[Any] = field(default_factory=asyncio.Queue)
    _retry: list[_Join] = field(default_factory=list)
    _connection: asyncpg.Connection | None = None
    _task: asyncio.Task[None] | None = None
    _connections: int = 0

    @property
    def backend_pid(self) -> int | None:
        """The listening connection's server process, while connected."""
        return self._connection.get_server_pid() if self._connection is not None else None

    def start(self) -> None:
        """Connect and listen in the background (again after every loss) until close()."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def join(self, organization_id: uuid.UUID, then: Callable[[int], T]) -> T:
        """Follow an organization; `then(position)` runs before any change after `position`
        is delivered (the organization's last change id when it was joined or since)."""
        self.start()
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._inbox.put_nowait(_Join(organization_id, then, future))
        return await future

    def leave(self, organization_id: uuid.UUID) -> None:
        """Stop following an organization (nobody here subscribes to it any more)."""
        self._positions.pop(organization_id, None)

    async def close(self) -> None:
        """Stop listening and close the connection."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._drop()

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                await self._connect()
                failures = 0
                await self._serve()
            except Exception as exc:
                # The type only: a driver's message can quote the server's.
                error = {"error": type(exc).__name__}
                logger.warning("change listener lost", extra={FIELDS: error})
            await self._drop()
            await asyncio.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
            failures += 1

    async def _connect(self) -> None:
        connection = await asyncpg.connect(
            self.dsn, server_settings={"application_name": APPLICATION_NAME, "timezone": "UTC"}
        )
        self._connection = connection
        connection.add_termination_listener(lambda closed: self._inbox.put_nowait(_Lost(closed)))
        await connection.add_listener(CHANNEL, self._notified)
        if self._connections:
            self.reconnects += 1
        self._connections += 1
        # Listening first, then reading what was missed: nothing falls between the two.
        before = self.caught_up
        for organization_id in list(self._positions):
            await self._catch_up(organization_id, None)
        retry, self._retry = self._retry, []
        for join in retry:
            await self._join(join)
        logger.info(
            "change listener connected",
            extra={FIELDS: {"reconnects": self.reconnects, "caughtUp": self.caught_up - before}},
        )

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            with contextlib.suppress(Exception):
                await connection.close(timeout=2)

    def _notified(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        self._inbox.put_nowait(payload)

    async def _serve(self) -> None:
        connection = self._connection
        assert connection is not None
        while True:
            try:
                item = await asyncio.wait_for(self._inbox.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                await connection.fetchval("SELECT 1", timeout=KEEPALIVE_TIMEOUT)
                continue
            if isinstance(item, _Lost):
                if item.connection is connection:
                    raise ListenerLost("the listening connection closed")
            elif isinstance(item, _Join):
                try:
                    await self._join(item)
                except BaseException:
                    self._retry.append(item)  # its position after the reconnect
                    raise
            else:
                await self._notification(item)

    async def _join(self, join: _Join) -> None:
        if join.future.done():
            return  # the subscriber gave up waiting
        organization_id = join.organization_id
        position = self._positions.get(organization_id)
        if position is None:
            assert self._connection is not None
            position = await self._connection.fetchval(HEAD, organization_id) or 0
            self._positions[organization_id] = position
        try:
            join.future.set_result(join.then(position))
        except Exception as exc:
            join.future.set_exception(exc)

    async def _notification(self, payload: str) -> None:
        change = change_from_payload(payload)
        position = self._positions.get(change.organization_id)
        if position is None or change.change_id is None or change.change_id <= position:
            return  # nobody here follows it, or it was read back already
        if change.change_id > position + 1:
            await self._catch_up(change.organization_id, change.change_id - 1)
        self._emit(change)

    async def _catch_up(self, organization_id: uuid.UUID, through: int | None) -> None:
        """Deliver the organization's changes after its position, up to `through` (default:
        its newest), or reset it when they are too many or no longer in the log."""
        connection = self._connection
        assert connection is not None
        position = self._positions.get(organization_id)
        if position is None:
            return
        if through is None:
            through = await connection.fetchval(HEAD, organization_id) or 0
        if through <= position:
            return
        rows = []
        if through - position <= CATCH_UP_LIMIT:
            rows = await connection.fetch(AFTER, organization_id, position, through)
        if len(rows) != through - position:
            if organization_id in self._positions:
                self._positions[organization_id] = through
                self.reset(organization_id)
            return
        for row in rows:
            self.caught_up += 1
            self._emit(change_from_record(row))

    def _emit(self, change: Change) -> None:
        if change.organization_id not in self._positions or change.change_id is None:
            return  # left meanwhile
        self._positions[change.organization_id] = change.change_id
        self.deliver(change)
