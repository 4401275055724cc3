"""The per-request context: caller, database access and DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from db.loaders import Loaders
from db.request_database import RequestDatabase
from resolvers.clock import SYSTEM_CLOCK, Clock
from resolvers.errors import Unauthenticated
from resolvers.query_limits import DEFAULT_LIMITS, QueryLimits
from resolvers.rate_limit import CostBuckets
from resolvers.request_report import RequestReport
from resolvers.viewer import Viewer


@dataclass
class RequestContext:
    """What every resolver of one request shares."""

    db: RequestDatabase
    viewer_or_none: Viewer | None
    auth_error: str | None = None
    hold_minutes: float = 5
    # Run queries as compiled plans (schema/execution); off, graphql-core executes every field.
    compiled: bool = True
    # What this request may ask for, checked before it executes (schema/limits/).
    limits: QueryLimits = DEFAULT_LIMITS
    # The app's rate limit (resolvers/rate_limit.py), charged this request's cost; None: no
    # rate limit. `client`: the caller's address, whose bucket a request without a token uses.
    buckets: CostBuckets | None = None
    client: str | None = None
    # Whether `__schema` and `__type` may be queried (a setting; schema/introspection.py).
    introspection: bool = True
    # What the request's log line will say (server/request_log.py); the schema fills it in.
    report: RequestReport = field(default_factory=RequestReport, repr=False)
    # Objects built from rows this request, one per (type, row): a week shows the same few
    # providers and types hundreds of times, and the compiled executor completes each once.
    built: dict[tuple[type, int], tuple[Any, Any]] = field(default_factory=dict, repr=False)
    # Where "now" comes from (resolvers/clock.py); read once per request through `now`.
    clock: Clock = SYSTEM_CLOCK
    # The HTTP view returns the read connection once the response is sent (server/app.py),
    # so the client does not wait for its ROLLBACK; otherwise the operation's end does.
    release_after_response: bool = False
    # A WAL position the replica must have replayed to serve this query (X-Read-After).
    read_after: str | None = None
    _loaders: Loaders | None = field(default=None, repr=False)
    _now: datetime | None = field(default=None, repr=False)

    @classmethod
    def create(
        cls,
        engine: AsyncEngine,
        viewer: Viewer | None,
        *,
        auth_error: str | None = None,
        hold_minutes: float = 5,
        compiled: bool = True,
        limits: QueryLimits = DEFAULT_LIMITS,
        buckets: CostBuckets | None = None,
        client: str | None = None,
        introspection: bool = True,
        report: RequestReport | None = None,
        clock: Clock = SYSTEM_CLOCK,
        replica: AsyncEngine | None = None,
    ) -> RequestContext:
        """A fresh context (and so fresh loaders) for one request; `replica`: where its reads
        go if it turns out to be a query (schema/request_lifecycle.py)."""
        report = report or RequestReport()
        report.caller(viewer)
        return cls(
            db=RequestDatabase(
                engine,
                viewer.organization_id if viewer is not None else None,
                replica=replica,
            ),
            viewer_or_none=viewer,
            auth_error=auth_error,
            hold_minutes=hold_minutes,
            compiled=compiled,
            limits=limits,
            buckets=buckets,
            client=client,
            introspection=introspection,
            report=report,
            clock=clock,
        )

    @property
    def viewer(self) -> Viewer:
        """The authenticated caller; raises Unauthenticated when the token was missing or bad."""
        if self.viewer_or_none is None:
            raise Unauthenticated(self.auth_error or "A bearer token is required")
        return self.viewer_or_none

    @property
    def now(self) -> datetime:
        """The request's instant: the clock read once, so every rule and row of the request
        (a week builds hundreds of appointments) sees the same time, at the cost of one read."""
        if self._now is None:
            self._now = self.clock.now()
        return self._now

    def release_loaded(self) -> None:
        """Let go of the rows and objects the request loaded (its response is built)."""
        if self._loaders is not None:
            self._loaders.release()
            self._loaders = None
        self.built.clear()

    @property
    def loaders(self) -> Loaders:
        """DataLoaders scoped to the caller's organization."""
        if self._loaders is None:
            self._loaders = Loaders(self.db, self.viewer.organization_id)
        return self._loaders
