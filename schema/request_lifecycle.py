"""Where a request's reads go, and giving its database connection back when it ends."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType


async def release_connection(context: Any) -> None:
    """Close the per-request read connection, unless the HTTP view does so after sending the
    response (RequestContext.release_after_response)."""
    if not getattr(context, "release_after_response", False):
        await context.db.close()


def route_reads(context: Any, operation_type: OperationType) -> None:
    """A query's reads go to the read replica when the server has one (DATABASE_REPLICA_URL):
    they tolerate its lag. A mutation's reads (its checks, its payload) and a subscription's
    stay on the primary, as does everything before the operation type is known: the request's
    database access starts on the primary and is moved only here, before execution reads.

    Read your writes: a query sent with a mutation's `readAfter` (X-Read-After) reads the
    replica only if the replica has replayed that far, else the primary."""
    db = getattr(context, "db", None)
    if db is not None and operation_type is OperationType.QUERY:
        db.read_from_replica(getattr(context, "read_after", None))


async def written_position(context: Any, operation_type: OperationType) -> str | None:
    """After a mutation, on a server with a replica: the primary's WAL position after its
    commit, which the client may send back to read its own writes."""
    db = getattr(context, "db", None)
    if operation_type is OperationType.MUTATION and db is not None and db.replica is not None:
        position: str = await db.wal_position()
        return position
    return None


def read_after_results(position: str | None) -> dict[str, Any]:
    """The response's `extensions` entry for a written position."""
    return {"readAfter": position} if position is not None else {}


class ReleaseConnection(SchemaExtension):
    """release_connection after the operation, success or failure."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await release_connection(self.execution_context.context)


# The header a client passes a mutation's `extensions.readAfter` back in (read your writes).
READ_AFTER_HEADER = "x-read-after"
_LSN = re.compile(r"[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")


def read_after(value: str | None) -> str | None:
    """The WAL position a request's X-Read-After header names; None when absent or not a
    position (`0/16B3748`): such a request reads as one without it."""
    return value if value is not None and _LSN.fullmatch(value) else None


class RouteReads(SchemaExtension):
    """route_reads before execution; after a mutation, its written_position for the
    response's `extensions.readAfter`."""

    position: str | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        route_reads(context.context, context.operation_type)
        yield
        self.position = await written_position(context.context, context.operation_type)

    def get_results(self) -> dict[str, Any]:
        return read_after_results(self.position)
