"""Runs one schedule mutation: one transaction, idempotency, duplicates (callers: the
fields' Access, staff only)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.idempotency import claim_key, request_hash, store_response
from resolvers.context import RequestContext
from resolvers.errors import ClientError, Validation

UNIQUE_VIOLATION = "23505"

Work = Callable[[AsyncConnection], Awaitable[uuid.UUID]]


class Duplicate(ClientError):
    """The row would repeat one that exists (a unique constraint says so)."""

    code = "DUPLICATE"


async def run_schedule_mutation(
    ctx: RequestContext,
    *,
    name: str,
    idempotency_key: str | None,
    request: dict[str, Any],
    work: Work,
    duplicate: Duplicate | None = None,
) -> uuid.UUID:
    """Run `work` in one transaction; return the id it changed (replayed on retry)."""
    # A unique violation, also one a concurrent writer caused, becomes `duplicate` when given.
    viewer = ctx.viewer
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 200:
        raise Validation("idempotencyKey must be 1 to 200 characters", field="idempotencyKey")
    try:
        async with ctx.db.transaction() as connection:
            if idempotency_key is not None:
                claim = await claim_key(
                    connection,
                    organization_id=viewer.organization_id,
                    actor=viewer.subject,
                    key=idempotency_key,
                    mutation=name,
                    fingerprint=request_hash(name, request),
                )
                if not claim.same_request:
                    raise Validation(
                        "This idempotencyKey was used with a different input",
                        field="idempotencyKey",
                    )
                if not claim.is_new and claim.response is not None:
                    return uuid.UUID(claim.response["id"])
            ident = await work(connection)
            if idempotency_key is not None:
                await store_response(
                    connection,
                    organization_id=viewer.organization_id,
                    actor=viewer.subject,
                    key=idempotency_key,
                    response={"id": str(ident)},
                )
            return ident
    except IntegrityError as exc:
        if duplicate is not None and getattr(exc.orig, "sqlstate", None) == UNIQUE_VIOLATION:
            raise duplicate from exc
        raise
