"""Where a request's reads go, and giving its database connection back when it ends."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

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


class RouteReads(SchemaExtension):
    """A query's reads go to the read replica when the server has one (DATABASE_REPLICA_URL):
    they tolerate its lag. A mutation's reads (its checks, its payload) and a subscription's
    stay on the primary, as does everything before the operation type is known: the request's
    database access starts on the primary and is moved only here, before execution reads."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        db = getattr(context.context, "db", None)
        if db is not None and context.operation_type is OperationType.QUERY:
            db.read_from_replica()
        yield
