"""Gives the request's database connection back when the operation ends."""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension


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
