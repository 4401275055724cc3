"""The clock every rule that needs "now" reads, chosen once and carried on the request context.

Rules in scheduling/ never read a clock: they take the instant as a parameter (`now`, `today`).
The resolvers and types pass them RequestContext.now, which is this clock read once per
request, so every row and rule of one request agrees on the time and tests can pin it
(FixedClock). The application clock is the default.

Holds are the one exception, on purpose: a hold's expiry is set and checked by PostgreSQL's
clock (db/queries/booking.py), because the exclusion constraints and the statements that clear
lapsed holds run inside the database, where several application workers' clocks would disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """A source of the current instant (timezone-aware, UTC)."""

    def now(self) -> datetime: ...


class SystemClock:
    """The application's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class FixedClock:
    """A clock stopped at one instant (tests pin time with it)."""

    at: datetime

    def now(self) -> datetime:
        return self.at


SYSTEM_CLOCK: Clock = SystemClock()
