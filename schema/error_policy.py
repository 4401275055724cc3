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
from resolvers.request_report import RequestReport, new_error_id

logger = logging.getLogger("slotgraph.errors")
# A record's structured fields go under this attribute: server/log_format.py's FIELDS (the
# schema does not import the server).
_FIELDS = "fields"

INTERNAL = "INTERNAL"
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
    if isinstance(original, GraphQLError) and (original.extensions or {}).get("code"):
        return original  # ours (a limit), already coded
    if original is None or isinstance(original, StrawberryInputCoercionError | GraphQLError):
        # Syntax, validation and coercion errors: graphql-core's own, safe, but uncoded (a
        # variable's unknown enum value comes wrapped: the wrapper names the variable).
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
    if database_unavailable(original):
        # One line, no traceback: the cause is the database's state, not this code.
        logger.warning(
            "database unavailable",
            extra={_FIELDS: {"errorType": type(original).__name__, "path": error.path}},
        )
        return GraphQLError(
            UNAVAILABLE_MESSAGE,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": SERVICE_UNAVAILABLE},
        )
    # Types and frames only (server/log_format.py): the exception's text is never logged.
    error_id = new_error_id()
    logger.error(
        "unexpected error",
        extra={_FIELDS: {"errorId": error_id, "path": error.path}},
        exc_info=original,
    )
    return GraphQLError(
        INTERNAL_MESSAGE,
        nodes=error.nodes,
        path=error.path,
        extensions={"code": INTERNAL, "errorId": error_id},
    )


def apply_error_policy(
    result: ExecutionResult, report: RequestReport | None = None
) -> ExecutionResult:
    """Replace a result's errors by what the client may see of them; note their codes (and
    error ids) in the request's report."""
    if result.errors:
        result.errors = [shown_error(error) for error in result.errors]
        if report is not None:
            for error in result.errors:
                extensions = error.extensions or {}
                report.error(str(extensions.get("code", "OTHER")), extensions.get("errorId"))
    return result
