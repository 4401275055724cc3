"""Removing waitlist entries, one (removeFromWaitlist) or in bulk (bulkRemoveFromWaitlist)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.context import RequestContext
from resolvers.errors import ClientError, Validation
from resolvers.idempotent import run_idempotent
from resolvers.waitlist.common import change, locked, transition
from scheduling.waitlist import WaitlistStatus

MAX_BULK = 100


async def remove_entries(
    ctx: RequestContext,
    *,
    entry_ids: Sequence[uuid.UUID],
    base_version: int | None,
    reason: str | None,
    idempotency_key: str | None,
    bulk: bool,
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Remove active entries; (removed, skipped). A single removal raises instead of skipping."""
    if bulk and not 1 <= len(entry_ids) <= MAX_BULK:
        raise Validation(f"Give 1 to {MAX_BULK} entries", field="waitlistEntryIds")
    if reason is not None and len(reason) > 2000:
        raise Validation("reason may be at most 2000 characters", field="reason")
    unique = list(dict.fromkeys(entry_ids))

    async def work(connection: AsyncConnection) -> dict[str, Any]:
        removed: list[str] = []
        skipped: list[str] = []
        for ident in sorted(unique):  # a fixed lock order: no deadlocks between bulks
            try:
                row, status = await locked(connection, ctx, ident, base_version)
                transition(status, WaitlistStatus.REMOVED)
            except ClientError:
                if not bulk:
                    raise
                skipped.append(str(ident))
                continue
            await change(
                connection,
                ctx,
                row,
                "removed",
                {"status": WaitlistStatus.REMOVED.value},
                {"reason": reason},
            )
            removed.append(str(ident))
        order = {str(ident): n for n, ident in enumerate(unique)}
        removed.sort(key=order.__getitem__)
        skipped.sort(key=order.__getitem__)
        return {"entry_id": removed[0] if removed else str(uuid.UUID(int=0)),
                "removed": removed, "skipped": skipped}  # fmt: skip

    name = "bulkRemoveFromWaitlist" if bulk else "removeFromWaitlist"
    request = {"ids": [str(i) for i in unique], "v": base_version, "reason": reason}
    result = await run_idempotent(
        ctx, name=name, idempotency_key=idempotency_key, request=request, work=work
    )
    return (
        [uuid.UUID(i) for i in result["removed"]],
        [uuid.UUID(i) for i in result["skipped"]],
    )
