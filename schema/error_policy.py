"""One place that decides what a client sees of an error."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.relay.types import GlobalIDValueError

from graphql import GraphQLError
from resolvers.errors import ClientError

logger = logging.getLogger("slotgraph.errors")

INTERNAL_MESSAGE = "Internal server error"


def shown_error(error: GraphQLError) -> GraphQLError:
    """The error a client may see: client errors with their code, anything else masked."""
    original = error.original_error
    if original is None:
        # Syntax, validation and variable-coercion errors: graphql-core's own, already safe.
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
    logger.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(
        INTERNAL_MESSAGE, nodes=error.nodes, path=error.path, extensions={"code": "INTERNAL"}
    )


class ErrorPolicy(SchemaExtension):
    """Shows client errors with a code and masks everything else, logging it server-side."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and getattr(result, "errors", None):
            result.errors = [shown_error(error) for error in result.errors]
