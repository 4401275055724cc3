"""Subscriptions' results on their way to the WebSocket: the error policy on each, the event's
database connection given back before it is sent, one log line when the subscription ends."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Any

from graphql import GraphQLError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from resolvers.live.context import LiveContext
from schema.error_policy import apply_error_policy


async def live_results(
    source: AsyncGenerator[Any, None], context: LiveContext
) -> AsyncIterator[Any]:
    """`source`'s results, each shown as the error policy allows, with the event's database
    connection and admission place released before it is sent."""
    try:
        async with aclosing(source):
            async for result in source:
                if isinstance(result, ExecutionResult):
                    apply_error_policy(result, context.report)
                await context.end_event()
                yield result
    finally:
        await context.end_event()
        context.done()


async def refused(message: str, code: str, context: LiveContext) -> AsyncIterator[Any]:
    """A subscription refused before it is parsed (the operation's error)."""
    context.report.error(code)
    try:
        yield PreExecutionError(
            data=None, errors=[GraphQLError(message, extensions={"code": code})]
        )
    finally:
        context.done()
