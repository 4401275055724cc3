"""One place that decides what a client sees of an error."""

from __future__ import annotations

import logging

import asyncpg
from graphql import GraphQLError
from sqlalchemy import exc as sa_exc
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.relay.types import GlobalIDValueError
from strawberry.types import ExecutionResult

from resolvers.errors import ClientError

logger = logging.getLogger("slotgraph.errors")

INTERNAL_MESSAGE = "Internal server error"
UNAVAILABLE_MESSAGE = "The database is unavailable; retry in a few seconds"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"


def database_unavailable(error: BaseException) -> bool:
    """Whether an error means PostgreSQL cannot be reached now (down, restarting, full).

    The client can do nothing about it but retry; the server logs one line, no traceback.
    """
    if isinstance(error, ConnectionError | sa_exc.TimeoutError):
        return True  # refused, reset or aborted connections; no pooled connection in time
    if isinstance(error, sa_exc.DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig or error  # the driver's error, wrapped by SQLAlchemy's adapter
        error = getattr(error, "__cause__", None) or error
    return isinstance(error, _UNREACHABLE)


# asyncpg's errors for a server that is gone, starting, stopping or out of connections.
_UNREACHABLE = (
    ConnectionError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
)


def shown_error(error: GraphQLError) -> GraphQLError:
    """The error a client may see: client errors with their code, anything else masked."""
    original = error.original_error
    if original is None or isinstance(original, StrawberryInputCoercionError):
        # Syntax, validation and coercion errors: graphql-core's own, safe, but uncoded.
        if not (error.extensions or {}).get("code"):
            coerced = original is not None or isinstance(error, StrawberryInputCoercionError)
            code = "BAD_USER_INPUT" if coerced else "GRAPHQL_VALIDATION_FAILED"
            error.extensions = {**(error.extensions or {}), "code": code}
        return error
    if isinstance(original, ClientError):
        extensions = {"code": original.code}
        if original.field:
            extensions["field"] = original.field
        return GraphQLError(
            original.message, nodes=error.nodes, path=error.path, extensions=extensions
        )
    if isinstance(original, GlobalIDValueError):
        return GraphQLError(
            str(original), nodes=error.nodes, path=error.path, extensions={"code": "BAD_USER_INPUT"}
        )
    if isinstance(original, GraphQLError):
        return original
    if database_unavailable(original):
        logger.warning("database unavailable at %s: %s", error.path, type(original).__name__)
        return GraphQLError(
            UNAVAILABLE_MESSAGE,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": SERVICE_UNAVAILABLE},
        )
    logger.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(
        INTERNAL_MESSAGE, nodes=error.nodes, path=error.path, extensions={"code": "INTERNAL"}
    )


def apply_error_policy(result: ExecutionResult) -> ExecutionResult:
    """Replace a result's errors by what the client may see of them."""
    if result.errors:
        result.errors = [shown_error(error) for error in result.errors]
    return result
