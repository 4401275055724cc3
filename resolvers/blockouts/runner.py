"""Runs one blockout mutation: one transaction, idempotency keys, fresh caches (callers: the
fields' Access, staff only)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.idempotency import store_response
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.idempotent import first_response
from scheduling.blockouts import Skipped, SkipReason

UNIQUE_VIOLATION = "23505"


@dataclass(frozen=True, slots=True)
class BlockoutOutcome:
    """What a blockout mutation changed: ids of the rows to return, and any warnings."""

    ids: tuple[uuid.UUID, ...]
    warnings: tuple[Skipped, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The stored form, for idempotent retries."""
        warnings = [[w.reason.value, w.message] for w in self.warnings]
        return {"ids": [str(ident) for ident in self.ids], "warnings": warnings}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BlockoutOutcome:
        """Back from the stored form."""
        return cls(
            tuple(uuid.UUID(ident) for ident in data["ids"]),
            tuple(Skipped(SkipReason(reason), message) for reason, message in data["warnings"]),
        )


Work = Callable[[AsyncConnection], Awaitable[BlockoutOutcome]]


async def run_blockout_mutation(
    ctx: RequestContext,
    *,
    name: str,
    idempotency_key: str | None,
    request: dict[str, Any],
    work: Work,
) -> BlockoutOutcome:
    """Run `work` in one transaction; a retried key replays the first outcome."""
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 200:
        raise Validation("idempotencyKey must be 1 to 200 characters", field="idempotencyKey")
    try:
        async with ctx.db.transaction() as connection:
            return await _attempt(ctx, connection, name, idempotency_key, request, work)
    except IntegrityError as exc:
        # Two requests creating the same name at once: the unique index refuses the second.
        if getattr(exc.orig, "sqlstate", None) == UNIQUE_VIOLATION:
            raise Validation("The name was taken by a concurrent request", field="name") from exc
        raise
    finally:
        ctx.loaders.blockouts.clear()


async def _attempt(
    ctx: RequestContext,
    connection: AsyncConnection,
    name: str,
    idempotency_key: str | None,
    request: dict[str, Any],
    work: Work,
) -> BlockoutOutcome:
    viewer = ctx.viewer
    if idempotency_key is not None:
        first = await first_response(
            connection, ctx, name=name, idempotency_key=idempotency_key, request=request
        )
        if first is not None:
            return BlockoutOutcome.from_json(first)
    outcome = await work(connection)
    if idempotency_key is not None:
        await store_response(
            connection,
            organization_id=viewer.organization_id,
            actor=viewer.subject,
            key=idempotency_key,
            response=outcome.as_json(),
        )
    return outcome
