"""One subscription's inbox: the changes its view concerns, bounded, waiting to be sent."""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from dataclasses import dataclass, field

from scheduling.live_changes import Change, View

# Changes one subscriber may have waiting; a client that falls this far behind is told to
# refetch instead (its inbox is emptied), so a slow reader costs bounded memory.
QUEUE_LIMIT = 1_000


@dataclass(eq=False)
class Subscriber:
    """Receives the changes numbered after `position` that its view concerns, and lapses."""

    organization_id: uuid.UUID
    view: View
    # Changes up to this id are not delivered (already known, or in the replay).
    position: int
    limit: int = QUEUE_LIMIT
    # The newest change id offered, concerned or not (a refetch resumes after it).
    latest: int = 0
    _queue: deque[Change] = field(default_factory=deque)
    _ready: asyncio.Event = field(default_factory=asyncio.Event)
    _refetch: bool = False

    def __post_init__(self) -> None:
        self.latest = self.position

    def offer(self, change: Change) -> None:
        """Take a change if the view concerns it (called for every change of the org)."""
        if change.change_id is not None:
            if change.change_id <= self.position:
                return
            self.latest = change.change_id
        if not self.view.concerns(change):
            return
        if len(self._queue) >= self.limit:
            self.refetch()
            return
        self._queue.append(change)
        self._ready.set()

    def refetch(self) -> None:
        """Drop what waits: the client must refetch (it fell behind, or changes were lost)."""
        self._queue.clear()
        self._refetch = True
        self._ready.set()

    async def changes(self) -> list[Change] | None:
        """The changes waiting, once there are any; None: refetch, then continue."""
        await self._ready.wait()
        self._ready.clear()
        if self._refetch:
            self._refetch = False
            self._queue.clear()
            return None
        batch = list(self._queue)
        self._queue.clear()
        return batch
