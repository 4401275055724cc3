"""Subscriptions' results on their way to the WebSocket: the error policy on each, the event's
database connection given back before it is sent, one log line when the subscription ends.

A subscription refused before its first event (a limit, the rate limit, its resolver's
checks) is sent as the protocol's `error` message for that operation, whichever step refused
it; Strawberry's stream lets some of those escape as exceptions or send them as `next`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Any

from graphql import GraphQLError
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from resolvers.live.context import LiveContext
from schema.error_policy import apply_error_policy


async def live_results(
    source: AsyncGenerator[Any, None], context: LiveContext
) -> AsyncIterator[Any]:
    """`source`'s results, each shown as the error policy allows, with the event's database
    connection and admission place released before it is sent."""
    first = True
    try:
        async with aclosing(source):
            try:
                async for result in source:
                    shown = _shown(result, context, first=first)
                    first = False
                    await context.end_event()
                    yield shown
            except Exception as exc:  # a hook that raised instead of reporting (a limit)
                error = exc if isinstance(exc, GraphQLError) else GraphQLError(str(exc))
                if not isinstance(exc, GraphQLError):
                    error.original_error = exc
                yield _shown(PreExecutionError(data=None, errors=[error]), context, first=first)
    finally:
        await context.end_event()
        context.done()


# Over WebSocket only subscriptions run: queries and mutations have HTTP, its admission and rules.
OPERATION_NOT_ALLOWED = "OPERATION_NOT_ALLOWED"
SUBSCRIPTIONS_ONLY = "Only subscriptions run over WebSocket; send queries and mutations over HTTP"


def _shown(result: Any, context: LiveContext, *, first: bool) -> Any:
    if not isinstance(result, ExecutionResult):
        return result
    result.errors = [_subscriptions_only(error) for error in result.errors or ()] or None
    apply_error_policy(result, context.report)
    if (
        first
        and result.data is None
        and result.errors
        and not isinstance(result, PreExecutionError)
    ):
        # Refused before any event (e.g. THROTTLED in the execute hook): the operation's error.
        return PreExecutionError(data=None, errors=result.errors, extensions=result.extensions)
    return result


def _subscriptions_only(error: GraphQLError) -> GraphQLError:
    if isinstance(error.original_error, InvalidOperationTypeError):
        return GraphQLError(SUBSCRIPTIONS_ONLY, extensions={"code": OPERATION_NOT_ALLOWED})
    return error


async def refused(message: str, code: str, context: LiveContext) -> AsyncIterator[Any]:
    """A subscription refused before it is parsed (the operation's error)."""
    context.report.error(code)
    try:
        yield PreExecutionError(
            data=None, errors=[GraphQLError(message, extensions={"code": code})]
        )
    finally:
        context.done()
