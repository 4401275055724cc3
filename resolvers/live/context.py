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
    _admitted: bool = field(default=False, repr=False)

    def sign_in(self, viewer: Viewer | None, auth_error: str | None) -> None:
        """The caller the connection_init payload named, instead of the handshake's."""
        self.viewer_or_none = viewer
        self.auth_error = auth_error
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
        return context

    async def begin_event(self) -> None:
        """Before an event reads: a place in the admission, fresh loaders, a new now."""
        if self.admission is not None and not self._admitted:
            await self.admission.acquire()
            self._admitted = True
        self._loaders = None
        self._now = None
        self.built.clear()

    async def end_event(self) -> None:
        """The event is built (or skipped): give the connection and the place back."""
        try:
            await self.db.close()
        finally:
            if self._admitted:
                self._admitted = False
                assert self.admission is not None
                self.admission.release()

    def done(self) -> None:
        """The subscription ended: its log line."""
        if self.finished is not None:
            self.finished(self.report, time.perf_counter() - self.started)
