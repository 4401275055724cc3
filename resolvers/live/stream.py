"""The events of one subscription: what its client missed (after its cursor), then every
change its view concerns as it is committed, each with the row as it is now.

Each event is read on its own (fresh loaders, a pooled connection given back before it is
sent), under the subscriber's organization: row-level security applies as for a query.
"""

from __future__ import annotations

import asyncio
import enum
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from db.queries import changes as queries
from resolvers.errors import BadInput, Unauthenticated
from resolvers.live.context import LiveContext
from resolvers.live.hub import ChangeHub, ListenerUnavailable
from resolvers.live.rows import Item
from resolvers.live.subscriber import Subscriber
from scheduling.live_changes import Change, ChangeKind, Entity, View, outcome

NO_ITEM = Item()
# A client further behind than this many of its organization's changes refetches instead.
MAX_REPLAY = 5_000
TOKEN_EXPIRED = (
    "The bearer token has expired: connect again with a new token and subscribe after the "
    "last cursor received"
)


class Notice(enum.StrEnum):
    """Events that are about the subscription rather than an item."""

    # Everything up to the cursor was sent (the replay after `after` included): live
    # changes follow. The first event unless a replay comes first; load the view now.
    SUBSCRIBED = "subscribed"
    # More was missed than can be replayed (a cursor too old, a client too slow): refetch
    # the view, then keep applying changes.
    REFETCH = "refetch"


@dataclass(frozen=True, slots=True)
class LiveEvent:
    """One event: a change as the subscriber's view sees it, or a notice."""

    cursor: str
    kind: ChangeKind | Notice
    removed: bool = False
    entity: Entity | None = None
    entity_id: uuid.UUID | None = None
    # The row the change is about, as it is now.
    item: Item = NO_ITEM
    now: datetime | None = None


# Loads the row of a change for its event; None: no event.
ItemLoader = Callable[[LiveContext, Change], Awaitable[Item | None]]


def parse_cursor(cursor: str | None) -> int | None:
    """A client's `after` cursor: the number of a change it saw."""
    if cursor is None:
        return None
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 18:
        raise BadInput("after must be a cursor this subscription sent", field="after")
    return int(cursor)


def hub_of(ctx: LiveContext) -> ChangeHub:
    """The process's hub; subscriptions exist only on a server's WebSocket connections."""
    hub = getattr(ctx, "hub", None)
    if not isinstance(hub, ChangeHub):
        raise ListenerUnavailable("subscriptions need the server's change listener")
    return hub


async def start(
    ctx: LiveContext, view: View, after: int | None
) -> tuple[Subscriber, list[Change | None]]:
    """Subscribe, then read what the client missed after its cursor (None: refetch)."""
    hub = hub_of(ctx)
    organization_id = ctx.viewer.organization_id
    left = ctx.token_seconds_left()
    if left is not None and left <= 0:  # the connection outlived its token
        raise Unauthenticated(TOKEN_EXPIRED)
    subscriber = await hub.subscribe(organization_id, view)
    try:
        replay = await _missed(ctx, subscriber, after) if after is not None else []
    except BaseException:
        hub.unsubscribe(subscriber)
        raise
    return subscriber, replay


async def _missed(ctx: LiveContext, subscriber: Subscriber, after: int) -> list[Change | None]:
    organization_id = ctx.viewer.organization_id
    head = await queries.change_head(ctx.db, organization_id=organization_id)
    if after > head:
        raise BadInput("after is newer than this organization's changes", field="after")
    position = subscriber.position
    if after >= position:
        # Another server was ahead of this one's listener: skip what the client has.
        subscriber.position = subscriber.latest = after
        return []
    if position - after > MAX_REPLAY:
        return [None]
    rows = await queries.changes_after(
        ctx.db, organization_id=organization_id, after=after, through=position
    )
    if len(rows) != position - after:
        return [None]  # no longer kept in the log
    return [queries.change_from_row(row) for row in rows]


async def events(
    ctx: LiveContext,
    subscriber: Subscriber,
    replay: Sequence[Change | None],
    load: ItemLoader,
    *,
    start_cursor: int,
) -> AsyncIterator[LiveEvent]:
    """The subscription's events until the client ends it (then it unsubscribes)."""
    hub = hub_of(ctx)
    cursor = start_cursor
    subscribed = True
    try:
        await ctx.end_event()  # the start's reads are done: hold nothing while waiting
        pending: list[Change | None] = list(replay)
        while True:
            for change in pending:
                if change is None:
                    cursor = max(cursor, subscriber.latest)
                    yield LiveEvent(str(cursor), Notice.REFETCH)
                    continue
                cursor = change.change_id if change.change_id is not None else cursor
                event = await _event(ctx, subscriber.view, change, load, cursor)
                if event is None:
                    await ctx.end_event()
                else:
                    yield event  # the schema gives the connection back once it is built
            if subscribed:
                subscribed = False
                cursor = max(cursor, subscriber.position)
                yield LiveEvent(str(cursor), Notice.SUBSCRIBED)
            batch = await _next_changes(ctx, subscriber)
            if batch is None:
                pending = [None]
            else:  # a cursor ahead of this listener: skip what the client already has
                known = subscriber.position
                pending = [c for c in batch if c.change_id is None or c.change_id > known]
    finally:
        hub.unsubscribe(subscriber)
        await ctx.end_event()


async def _next_changes(ctx: LiveContext, subscriber: Subscriber) -> list[Change] | None:
    """The subscriber's next changes, unless the connection's token expires first: then the
    subscription ends with UNAUTHENTICATED (the client resumes after its cursor)."""
    left = ctx.token_seconds_left()
    if left is None:
        return await subscriber.changes()
    if left <= 0:
        raise Unauthenticated(TOKEN_EXPIRED)
    deadline = asyncio.timeout(left)
    try:
        async with deadline:
            return await subscriber.changes()
    except TimeoutError:
        if deadline.expired():
            raise Unauthenticated(TOKEN_EXPIRED) from None
        raise


async def _event(
    ctx: LiveContext, view: View, change: Change, load: ItemLoader, cursor: int
) -> LiveEvent | None:
    await ctx.begin_event(change)
    now = ctx.now
    seen = outcome(view, change, now)
    if seen is None:
        return None
    item = await load(ctx, change)
    if item is None:
        return None
    return LiveEvent(
        cursor=str(cursor),
        kind=seen.kind,
        removed=seen.removed,
        entity=change.entity,
        entity_id=change.entity_id,
        item=item,
        now=now,
    )
