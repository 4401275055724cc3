"""Gives the request's database connection back when the operation ends."""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension


class ReleaseConnection(SchemaExtension):
    """Closes the per-request read connection after execution, success or failure."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await self.execution_context.context.db.close()
