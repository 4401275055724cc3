"""Removing waitlist entries, one (removeFromWaitlist) or in bulk (bulkRemoveFromWaitlist)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from db.loaders import Loaders
from resolvers.context import RequestContext
from resolvers.errors import ClientError, Validation
from resolvers.input_limits import check_length
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.waitlist.common import change, locked, transition
from scheduling.waitlist import WaitlistStatus

MAX_BULK = 100


@dataclass(frozen=True, slots=True)
class Removal:
    """The entries removed and those skipped (not active, unknown, stale), in request order."""

    removed: tuple[uuid.UUID, ...]
    skipped: tuple[uuid.UUID, ...]

    def forget(self, loaders: Loaders) -> None:
        """Entries are read without a cache: nothing to drop."""


async def remove_entries(
    ctx: RequestContext,
    *,
    entry_ids: Sequence[uuid.UUID],
    base_version: int | None,
    reason: str | None,
    idempotency_key: str | None,
    bulk: bool,
) -> Removal:
    """Remove active entries. A single removal raises instead of skipping."""
    if bulk and not 1 <= len(entry_ids) <= MAX_BULK:
        raise Validation(f"Give 1 to {MAX_BULK} entries", field="waitlistEntryIds")
    check_length(reason, field="reason")
    unique = list(dict.fromkeys(entry_ids))

    async def work(tx: Transaction) -> Removal:
        connection = tx.connection
        removed: list[uuid.UUID] = []
        skipped: list[uuid.UUID] = []
        for ident in sorted(unique):  # a fixed lock order: no deadlocks between bulks
            try:
                row, status = await locked(connection, ctx, ident, base_version)
                transition(status, WaitlistStatus.REMOVED)
            except ClientError:
                if not bulk:
                    raise
                skipped.append(ident)
                continue
            await change(
                tx,
                row,
                "removed",
                {"status": WaitlistStatus.REMOVED.value},
                {"reason": reason},
            )
            removed.append(ident)
        order = {ident: n for n, ident in enumerate(unique)}
        removed.sort(key=order.__getitem__)
        skipped.sort(key=order.__getitem__)
        return Removal(tuple(removed), tuple(skipped))

    name = "bulkRemoveFromWaitlist" if bulk else "removeFromWaitlist"
    request = {"ids": [str(i) for i in unique], "v": base_version, "reason": reason}
    return await run_mutation(
        ctx,
        work,
        name=name,
        outcome=Removal,
        idempotency_key=idempotency_key,
        request=request,
    )
