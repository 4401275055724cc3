"""A process's subscriptions: who receives which change, and how many there may be.

Changes come from the process's one listener (db/change_listener.py), in each organization's
order; the hub hands each to the subscribers of its organization (their views decide the
rest) and times the holds it sees (resolvers/live/holds.py). An organization is followed
only while someone here subscribes to it.
"""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy.ext.asyncio import AsyncEngine

from db.change_listener import ChangeListener
from resolvers.errors import ClientError
from resolvers.live.holds import HoldTimer
from resolvers.live.shared_reads import SharedReads
from resolvers.live.subscriber import QUEUE_LIMIT, Subscriber
from scheduling.live_changes import Change, View

# How long a subscription waits for the listener (connecting, or reading a position).
JOIN_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_SUBSCRIPTIONS = 2_000


class TooManySubscriptions(ClientError):
    """This server process has as many subscriptions as it may hold."""

    code = "TOO_MANY_SUBSCRIPTIONS"


class ListenerUnavailable(ConnectionError):
    """The change listener could not reach PostgreSQL in time (SERVICE_UNAVAILABLE)."""


class ChangeHub:
    """The subscriptions of one process, fed by its listener."""

    def __init__(
        self,
        dsn: str,
        *,
        engine: AsyncEngine | None = None,
        max_subscriptions: int = DEFAULT_MAX_SUBSCRIPTIONS,
        queue_limit: int = QUEUE_LIMIT,
    ) -> None:
        self.listener = ChangeListener(dsn, self._deliver, self._reset)
        self.holds = HoldTimer(self._lapsed)
        # An organization's subscribers read each change once (resolvers/live/shared_reads.py).
        self.shared = SharedReads(engine) if engine is not None else None
        self.max_subscriptions = max_subscriptions
        self.queue_limit = queue_limit
        self._subscribers: dict[uuid.UUID, list[Subscriber]] = {}
        self.count = 0

    async def subscribe(self, organization_id: uuid.UUID, view: View) -> Subscriber:
        """A subscriber receiving the organization's changes from now on; unsubscribe() it."""
        if self.count >= self.max_subscriptions:
            raise TooManySubscriptions(
                f"This server holds its maximum of {self.max_subscriptions} subscriptions; "
                "retry later or on another server"
            )
        self.count += 1  # held while waiting, so a burst cannot overshoot
        try:
            return await self._join(organization_id, view)
        except BaseException:
            self.count -= 1
            raise

    async def _join(self, organization_id: uuid.UUID, view: View) -> Subscriber:
        def add(position: int) -> Subscriber:
            # Runs in the listener's order: no change after `position` is delivered before.
            subscriber = Subscriber(organization_id, view, position, self.queue_limit)
            self._subscribers.setdefault(organization_id, []).append(subscriber)
            return subscriber

        joining = asyncio.ensure_future(self.listener.join(organization_id, add))
        done, _ = await asyncio.wait({joining}, timeout=JOIN_TIMEOUT_SECONDS)
        if not done:
            joining.cancel()  # the listener skips a join nobody waits for
            raise ListenerUnavailable("the change listener cannot reach the database")
        return joining.result()

    def unsubscribe(self, subscriber: Subscriber) -> None:
        """The subscription ended."""
        organization_id = subscriber.organization_id
        subscribers = self._subscribers.get(organization_id, [])
        if subscriber not in subscribers:
            return
        subscribers.remove(subscriber)
        self.count -= 1
        if not subscribers:
            del self._subscribers[organization_id]
            self.listener.leave(organization_id)
            self.holds.forget_organization(organization_id)

    def subscribers(self, organization_id: uuid.UUID) -> int:
        """How many subscriptions of an organization this process holds."""
        return len(self._subscribers.get(organization_id, ()))

    async def close(self) -> None:
        """Stop listening (the server is stopping)."""
        self.holds.close()
        await self.listener.close()

    def _deliver(self, change: Change) -> None:
        subscribers = self._subscribers.get(change.organization_id)
        if not subscribers:
            return
        self.holds.watch(change)
        for subscriber in subscribers:
            subscriber.offer(change)

    def _reset(self, organization_id: uuid.UUID) -> None:
        for subscriber in self._subscribers.get(organization_id, ()):
            subscriber.refetch()

    def _lapsed(self, lapses: list[Change]) -> None:
        for lapse in lapses:
            for subscriber in self._subscribers.get(lapse.organization_id, ()):
                subscriber.offer(lapse)
