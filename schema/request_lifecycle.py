"""Where a request's reads go, and giving its database connection back when it ends."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType


class ReleaseConnection(SchemaExtension):
    """Closes the per-request read connection after execution, success or failure, unless
    the HTTP view does so after sending the response (RequestContext.release_after_response)."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            if not getattr(context, "release_after_response", False):
                await context.db.close()


# The header a client passes a mutation's `extensions.readAfter` back in (read your writes).
READ_AFTER_HEADER = "x-read-after"
_LSN = re.compile(r"[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")


def read_after(value: str | None) -> str | None:
    """The WAL position a request's X-Read-After header names; None when absent or not a
    position (`0/16B3748`): such a request reads as one without it."""
    return value if value is not None and _LSN.fullmatch(value) else None


class RouteReads(SchemaExtension):
    """A query's reads go to the read replica when the server has one (DATABASE_REPLICA_URL):
    they tolerate its lag. A mutation's reads (its checks, its payload) and a subscription's
    stay on the primary, as does everything before the operation type is known: the request's
    database access starts on the primary and is moved only here, before execution reads.

    Read your writes: with a replica, a mutation's response carries `extensions.readAfter`,
    the primary's WAL position after its commit; a query sent with it (X-Read-After) reads
    the replica only if the replica has replayed that far, else the primary."""

    position: str | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        db = getattr(context.context, "db", None)
        if db is not None and context.operation_type is OperationType.QUERY:
            db.read_from_replica(getattr(context.context, "read_after", None))
        yield
        mutation = context.operation_type is OperationType.MUTATION
        if mutation and db is not None and db.replica is not None:
            self.position = await db.wal_position()

    def get_results(self) -> dict[str, Any]:
        return {"readAfter": self.position} if self.position is not None else {}
