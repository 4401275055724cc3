"""Runs a mutation in one transaction with an optional idempotency key (any domain)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.idempotency import claim_key, request_hash, store_response
from resolvers.context import RequestContext
from resolvers.errors import Validation

# The work's JSON-ready result: stored under the key and returned again on a retry.
Work = Callable[[AsyncConnection], Awaitable[dict[str, Any]]]


def check_key(idempotency_key: str | None) -> None:
    """VALIDATION unless the key is absent or 1 to 200 characters."""
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 200:
        raise Validation("idempotencyKey must be 1 to 200 characters", field="idempotencyKey")


async def first_response(
    connection: AsyncConnection,
    ctx: RequestContext,
    *,
    name: str,
    idempotency_key: str,
    request: dict[str, Any],
) -> dict[str, Any] | None:
    """Claim the key in the caller's transaction: the response stored by the key's first
    request when this is its retry, None when this request is the first (the caller stores
    its response later); VALIDATION when the key came with another input."""
    claim = await claim_key(
        connection,
        organization_id=ctx.viewer.organization_id,
        actor=ctx.viewer.subject,
        key=idempotency_key,
        mutation=name,
        fingerprint=request_hash(name, request),
    )
    if not claim.same_request:
        raise Validation(
            "This idempotencyKey was used with a different input", field="idempotencyKey"
        )
    return None if claim.is_new else claim.response


async def run_idempotent(
    ctx: RequestContext,
    *,
    name: str,
    idempotency_key: str | None,
    request: dict[str, Any],
    work: Work,
) -> dict[str, Any]:
    """Run `work` in one transaction; a retry with the same key returns the first result."""
    # The key is claimed inside the transaction, so a failed attempt (an exception) leaves
    # neither its effect nor the key behind, and a concurrent retry waits for the first one.
    viewer = ctx.viewer
    check_key(idempotency_key)
    async with ctx.db.transaction() as connection:
        if idempotency_key is not None:
            first = await first_response(
                connection, ctx, name=name, idempotency_key=idempotency_key, request=request
            )
            if first is not None:
                return first
        result = await work(connection)
        if idempotency_key is not None:
            await store_response(
                connection,
                organization_id=viewer.organization_id,
                actor=viewer.subject,
                key=idempotency_key,
                response=result,
            )
        return result
