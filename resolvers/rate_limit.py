"""A leaky bucket of query cost per caller (README: Rate limit).

Every request is charged its calculated cost (schema/limits/cost.py) before it executes; a
bucket holds at most `capacity` points and gets `per_second` back, continuously. A request
whose cost does not fit is refused uncharged (nothing of it runs) and told when it would.

The buckets live in the worker process: charging is a dictionary lookup and some arithmetic
(no round trip), at the price that with N workers a caller gets up to N times the rate.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from resolvers.viewer import Viewer

# Callers remembered at most; each bucket is ~0.3 KB, so this bounds them to a few MB.
MAX_BUCKETS = 10_000


@dataclass(slots=True)  # not frozen: a frozen dataclass takes ~1 us longer to build
class Charge:
    """What charging a caller's bucket came to."""

    accepted: bool
    # Points left: after the charge when accepted, as they were when refused.
    available: float
    # Seconds until the refused cost fits (0 when accepted).
    retry_after: float
    capacity: int
    per_second: int

    @property
    def retry_after_seconds(self) -> float:
        """The wait rounded up to the millisecond, so that retrying then fits."""
        return math.ceil(self.retry_after * 1000) / 1000

    def throttle_status(self) -> dict[str, int]:
        """The bucket as GitHub's and Shopify's GraphQL APIs report theirs."""
        return {
            "maximumAvailable": self.capacity,
            "currentlyAvailable": math.floor(self.available),
            "restoreRate": self.per_second,
        }


class CostBuckets:
    """One leaky bucket per caller key, the least recently charged first.

    Idle buckets are forgotten once they have refilled (a new one starts full, so nothing is
    lost), checked from the oldest on every charge; past `max_buckets` callers the oldest is
    forgotten anyway, so memory stays bounded whatever the number of tokens or addresses.
    Not thread-safe: one event loop charges, and `charge` does not await.
    """

    def __init__(
        self,
        capacity: int,
        per_second: int,
        *,
        max_buckets: int = MAX_BUCKETS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1 or per_second < 1 or max_buckets < 1:
            raise ValueError("capacity, per_second and max_buckets must be at least 1")
        self.capacity = capacity
        self.per_second = per_second
        self.max_buckets = max_buckets
        self.clock = clock
        # key -> (points available, when they were counted)
        self.buckets: OrderedDict[Hashable, tuple[float, float]] = OrderedDict()

    def level(self, key: Hashable, now: float) -> float:
        """The points `key` has at `now`: what was left plus what leaked back since."""
        bucket = self.buckets.get(key)
        if bucket is None:
            return float(self.capacity)
        available, counted = bucket
        return min(float(self.capacity), available + max(now - counted, 0.0) * self.per_second)

    def charge(self, key: Hashable, cost: int) -> Charge:
        """Take `cost` points from `key`'s bucket if they are there; else refuse, uncharged.

        A cost above the capacity never fits: QueryLimits keeps the capacity at least the
        largest cost a request may have.
        """
        now = self.clock()
        available = self.level(key, now)
        accepted = cost <= available
        if accepted:
            available -= cost
        # Refused callers count as recent too: forgetting one would hand it a full bucket.
        self.buckets[key] = (available, now)
        self.buckets.move_to_end(key)
        self._forget_idle(now)
        retry_after = 0.0 if accepted else (cost - available) / self.per_second
        return Charge(accepted, available, retry_after, self.capacity, self.per_second)

    def _forget_idle(self, now: float) -> None:
        while self.buckets:
            oldest = next(iter(self.buckets))
            if len(self.buckets) <= self.max_buckets and self.level(oldest, now) < self.capacity:
                return
            del self.buckets[oldest]


def caller_key(viewer: Viewer | None, client: str | None) -> tuple[object, ...]:
    """Whose bucket a request is charged to: a token's organization and subject, else the
    client's address (requests without a valid token share one bucket per address)."""
    if viewer is not None:
        return ("token", viewer.organization_id, viewer.subject)
    return ("address", client)


def buckets_of(context: object) -> CostBuckets | None:
    """The app's buckets a request's context carries; None: not rate limited."""
    buckets = getattr(context, "buckets", None)
    return buckets if isinstance(buckets, CostBuckets) else None
