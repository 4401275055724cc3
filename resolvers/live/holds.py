"""Lapsing holds become events without a job per hold: one timer per process.

A hold lapses by time alone (it reads EXPIRED once its expiry passes; nothing is written), so
no change announces it. The process keeps the holds it knows of (every hold a change left in
an organization someone here subscribes to, and those already in a view when it was
subscribed), earliest expiry first, with a single timer set for the earliest. When it fires,
each due hold becomes a lapse for the subscribers; each checks the row before telling its
client (a hold confirmed meanwhile is announced by its own change instead).
"""

from __future__ import annotations

import asyncio
import heapq
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from scheduling.live_changes import Change, Entity


def _utc_now() -> datetime:
    return datetime.now(UTC)


class HoldTimer:
    """The holds this process knows of and one timer for the earliest expiry."""

    def __init__(
        self, lapsed: Callable[[list[Change]], None], now: Callable[[], datetime] = _utc_now
    ) -> None:
        self._lapsed = lapsed
        self._now = now
        self._holds: dict[uuid.UUID, Change] = {}
        # (expiry, appointment): an entry whose hold changed since is skipped when due.
        self._heap: list[tuple[datetime, uuid.UUID]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at: datetime | None = None

    def __len__(self) -> int:
        return len(self._holds)

    def watch(self, change: Change) -> None:
        """Follow what a change did to an appointment: a hold to time, or no longer one."""
        if change.entity is not Entity.APPOINTMENT:
            return
        if change.live_hold:  # a deleted row has no status after
            self.add(change)
        else:
            self._holds.pop(change.entity_id, None)

    def add(self, hold: Change) -> None:
        """Time a hold (a change that left an appointment a hold)."""
        assert hold.hold_expires_at is not None
        self._holds[hold.entity_id] = hold
        heapq.heappush(self._heap, (hold.hold_expires_at, hold.entity_id))
        self._schedule()

    def forget_organization(self, organization_id: uuid.UUID) -> None:
        """Nobody here subscribes to the organization any more."""
        gone = [k for k, hold in self._holds.items() if hold.organization_id == organization_id]
        for key in gone:
            del self._holds[key]

    def close(self) -> None:
        """Stop the timer."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._timer_at = None

    def _schedule(self) -> None:
        while self._heap and not self._current(*self._heap[0]):
            heapq.heappop(self._heap)
        if not self._heap:
            self.close()
            return
        due = self._heap[0][0]
        if self._timer is not None and self._timer_at == due:
            return
        self.close()
        delay = max((due - self._now()).total_seconds(), 0.0)
        self._timer = asyncio.get_running_loop().call_later(delay, self._fire)
        self._timer_at = due

    def _current(self, expires_at: datetime, appointment_id: uuid.UUID) -> bool:
        hold = self._holds.get(appointment_id)
        return hold is not None and hold.hold_expires_at == expires_at

    def _fire(self) -> None:
        self._timer = self._timer_at = None
        now = self._now()
        lapses: list[Change] = []
        while self._heap and self._heap[0][0] <= now:
            expires_at, appointment_id = heapq.heappop(self._heap)
            if self._current(expires_at, appointment_id):
                lapses.append(self._holds.pop(appointment_id).lapse())
        if lapses:
            self._lapsed(lapses)
        self._schedule()
