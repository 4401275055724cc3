"""One change's reads, shared by every subscriber of its organization in this process.

Two hundred front desks watching one week all show the booking a colleague just made: each
event reads the appointment and what its selection asks for (patient, providers...). The
rows are the organization's (row-level security) and the same for each of them, so the
events of one change read through one set of DataLoaders: the first subscriber's reads fill
them and the others find the rows there (DataLoader batches concurrent reads into one
statement). The set's connection goes back to the pool whenever no event is reading; the set
itself is forgotten a little after its last use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from db.loaders import Loaders
from db.request_database import RequestDatabase
from scheduling.live_changes import Change

# How long a change's reads are kept after their last use (a late subscriber reads again).
KEEP_SECONDS = 10.0


@dataclass(slots=True)
class _Reads:
    db: RequestDatabase
    loaders: Loaders
    active: int = 0
    used: float = 0.0


@dataclass
class SharedReads:
    """The reads of recent changes, by change."""

    engine: AsyncEngine
    clock: Callable[[], float] = time.monotonic
    _reads: dict[Change, _Reads] = field(default_factory=dict)
    _swept: float = 0.0

    def enter(self, change: Change) -> tuple[RequestDatabase, Loaders]:
        """The database access and loaders one event of `change` reads through."""
        now = self.clock()
        self._sweep(now)
        reads = self._reads.get(change)
        if reads is None:
            db = RequestDatabase(self.engine, change.organization_id)
            reads = self._reads[change] = _Reads(db, Loaders(db, change.organization_id))
        reads.active += 1
        reads.used = now
        return reads.db, reads.loaders

    async def leave(self, change: Change) -> None:
        """The event is built: the connection goes back once no event reads."""
        reads = self._reads.get(change)
        if reads is None:
            return
        reads.active -= 1
        reads.used = self.clock()
        if reads.active == 0:
            await reads.db.close()

    def __len__(self) -> int:
        return len(self._reads)

    def _sweep(self, now: float) -> None:
        if now - self._swept < 1.0:
            return
        self._swept = now
        stale = [
            change
            for change, reads in self._reads.items()
            if reads.active == 0 and now - reads.used > KEEP_SECONDS
        ]
        for change in stale:
            del self._reads[change]
