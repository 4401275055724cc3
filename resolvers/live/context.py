"""The context of a WebSocket connection and of each subscription on it.

Strawberry hands every operation of a connection the connection's context. A subscription
lives for hours and sends many events, so each gets a context of its own (for_operation):
its own DataLoaders, renewed before every event so no event shows another's stale rows, and
its own database connection, taken from the pool for one event and given back before the
event is sent (between events a subscription holds none). Events take a place in the
server's admission (as HTTP operations do) while they read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from db.request_database import RequestDatabase
from resolvers.context import RequestContext
from resolvers.live.hub import ChangeHub
from resolvers.request_report import RequestReport
from resolvers.viewer import Viewer
from scheduling.live_changes import Change


@dataclass
class LiveContext(RequestContext):
    """A RequestContext with the process's hub and what a WebSocket connection adds."""

    hub: ChangeHub | None = None
    # Shared with the HTTP view: at most so many operations (and events) read at once.
    admission: asyncio.Semaphore | None = None
    # The connection_init payload (Strawberry sets it before on_ws_connect).
    connection_params: dict[str, Any] | None = None
    # Refuses a subscription document before it runs (persisted-only roles): (code, message).
    admit: Callable[[Viewer | None, str | None], tuple[str, str] | None] | None = None
    # Called with the report and duration when a subscription ends (its log line).
    finished: Callable[[RequestReport, float], None] | None = None
    started: float = field(default_factory=time.perf_counter)
    # When the connection's token expires (seconds since the epoch): its subscriptions end
    # then (resolvers/live/stream.py). None: no token.
    token_expires: float | None = None
    _admitted: bool = field(default=False, repr=False)
    # The change whose shared reads this event uses, and the context's own database access.
    _sharing: Change | None = field(default=None, repr=False)
    _own_db: RequestDatabase | None = field(default=None, repr=False)

    def sign_in(
        self, viewer: Viewer | None, auth_error: str | None, expires: float | None = None
    ) -> None:
        """The caller the connection_init payload named, instead of the handshake's."""
        self.viewer_or_none = viewer
        self.auth_error = auth_error
        self.token_expires = expires
        self.db = RequestDatabase(self.db.engine, viewer.organization_id if viewer else None)
        self.report = RequestReport()
        self.report.caller(viewer)
        self._loaders = None

    def for_operation(self) -> LiveContext:
        """A fresh context for one subscription of this connection."""
        context = LiveContext.create(
            self.db.engine,
            self.viewer_or_none,
            auth_error=self.auth_error,
            hold_minutes=self.hold_minutes,
            compiled=self.compiled,
            limits=self.limits,
            buckets=self.buckets,
            client=self.client,
            introspection=self.introspection,
            clock=self.clock,
        )
        assert isinstance(context, LiveContext)
        context.hub, context.admission = self.hub, self.admission
        context.admit, context.finished = self.admit, self.finished
        context.token_expires = self.token_expires
        return context

    def token_seconds_left(self) -> float | None:
        """How long the connection's token stays valid (None: it has no expiry)."""
        return None if self.token_expires is None else self.token_expires - time.time()

    async def begin_event(self, change: Change | None = None) -> None:
        """Before an event reads: a place in the admission, a new now, and fresh loaders
        (those of `change` that its organization's subscribers here share)."""
        if self.admission is not None and not self._admitted:
            await self.admission.acquire()
            self._admitted = True
        self._loaders = None
        self._now = None
        self.built.clear()
        shared = self.hub.shared if self.hub is not None else None
        if change is not None and shared is not None and self._sharing is None:
            self._own_db = self.db
            self.db, self._loaders = shared.enter(change)
            self._sharing = change

    async def end_event(self) -> None:
        """The event is built (or skipped): give the connection and the place back."""
        try:
            if self._sharing is not None:
                await self._stop_sharing(self._sharing)
            await self.db.close()
        finally:
            if self._admitted:
                self._admitted = False
                assert self.admission is not None
                self.admission.release()

    async def _stop_sharing(self, change: Change) -> None:
        self._sharing = None
        shared = self.hub.shared if self.hub is not None else None
        if self._own_db is not None:
            self.db = self._own_db
        self._loaders = None
        if shared is not None:
            await shared.leave(change)

    def done(self) -> None:
        """The subscription ended: its log line."""
        if self.finished is not None:
            self.finished(self.report, time.perf_counter() - self.started)
