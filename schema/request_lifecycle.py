"""Where a request's reads go, and giving its database connection back when it ends."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
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
    database access starts on the primary and is moved only here, before execution reads."""
    db = getattr(context, "db", None)
    if db is not None and operation_type is OperationType.QUERY:
        db.read_from_replica()


class ReleaseConnection(SchemaExtension):
    """release_connection after the operation, success or failure."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await release_connection(self.execution_context.context)


class RouteReads(SchemaExtension):
    """route_reads before execution."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        route_reads(context.context, context.operation_type)
        yield
