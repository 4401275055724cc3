"""An HTTP request's operation run straight through its steps, without Strawberry's extension
runner.

Strawberry runs an operation through its extension runner: per request it builds the schema's
seven extensions, an ExecutionContext, and a context manager per hook and extension. For a
one-appointment `node(id)` that machinery was 1.06 of 2.62 million instructions (callgrind,
the same request through `Schema.execute` and through this function's steps). The steps here
are the extensions' own functions, called in the order the extensions' hooks run them, so a
request is parsed, refused, validated, charged, executed, reported and released exactly as on
Strawberry's path, which subscriptions and `SLOTGRAPH_COMPILED=0` still take; the differential
tests (tests/api/test_compiled_execution.py, tests/api/test_direct_execution.py) compare the
two responses byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphql import DocumentNode, GraphQLError, execute, specified_rules
from strawberry.exceptions import MissingQueryError
from strawberry.execution import optimized_is_awaitable
from strawberry.schema import Schema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.await_maybe import await_maybe
from strawberry.utils.operation import get_first_operation, get_operation_type

from schema.introspection import rules_for
from schema.limits.extension import OperationLimits
from schema.limits.parsing import parse_within_limits
from schema.operation_report import report_operation
from schema.request_lifecycle import (
    read_after_results,
    release_connection,
    route_reads,
    written_position,
)
from schema.validation_cache import DocumentValidations

STANDARD_RULES = tuple(specified_rules)


async def execute_directly(
    schema: Schema,
    validations: DocumentValidations,
    query: str | None,
    variables: dict[str, Any] | None,
    context: Any,
    operation_name: str | None,
    allowed: Iterable[OperationType],
    operation_extensions: dict[str, Any] | None = None,
) -> ExecutionResult:
    """The operation's result, as Strawberry's `Schema.execute` with the schema's extensions
    would return it; raises what it raises (a missing query, an unknown operation name, an
    operation type the transport does not allow) after releasing the request's connection."""
    # What the request's log line names, once the document has an operation of that name: a
    # name without one is only the client's text (it could be anything), so not kept.
    reported: tuple[str | None, OperationType] | None = None
    try:
        if not query:
            raise MissingQueryError
        limits = OperationLimits(context)
        try:
            document = parse_within_limits(query, limits.limits)
        except Exception as error:  # Strawberry answers any parse failure
            return _refused(error, limits)
        name = _operation_name(document, operation_name)
        try:
            operation_type = get_operation_type(document, name)
        except RuntimeError as error:
            raise CannotGetOperationTypeError(name) from error
        reported = (name, operation_type)
        if operation_type not in allowed:
            raise InvalidOperationTypeError(operation_type)
        return await _validated_and_run(
            schema, validations, document, name, operation_type, variables, context,
            limits, operation_extensions,
        )  # fmt: skip
    finally:
        await release_connection(context)
        if reported is not None:
            report_operation(context, reported[0], reported[1].value)


async def _validated_and_run(
    schema: Schema,
    validations: DocumentValidations,
    document: DocumentNode,
    name: str | None,
    operation_type: OperationType,
    variables: dict[str, Any] | None,
    context: Any,
    limits: OperationLimits,
    operation_extensions: dict[str, Any] | None,
) -> ExecutionResult:
    try:
        limits.check_shape(document)
        errors = validations.errors(schema._schema, document, rules_for(context, STANDARD_RULES))
        if errors:
            return ExecutionResult(data=None, errors=errors, extensions=limits.results())
        route_reads(context, operation_type)
        limits.admit(schema._schema, document, name, variables)
        result = await await_maybe(
            execute(
                schema._schema,
                document,
                variable_values=variables,
                operation_name=name,
                context_value=context,
                is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]  # a bool is its guard
                executor_class=schema.execution_context_class,
                operation_extensions=operation_extensions,
            )
        )
        position = await written_position(context, operation_type)
    except Exception as error:  # as Strawberry: an error result, never a crash
        return _refused(error, limits)
    # In the order of the extensions whose results these are (RouteReads, QueryLimiter).
    extensions = {**read_after_results(position), **limits.results()}
    return ExecutionResult(data=result.data, errors=result.errors, extensions=extensions)


def _operation_name(document: DocumentNode, provided: str | None) -> str | None:
    """The name Strawberry runs an operation under: the client's, else the first
    operation's own (so a document's first operation runs when no name is sent)."""
    if provided is not None:
        return provided
    first = get_first_operation(document)
    return first.name.value if first is not None and first.name is not None else None


def _refused(error: Exception, limits: OperationLimits) -> ExecutionResult:
    if not isinstance(error, GraphQLError):
        error = GraphQLError(str(error), original_error=error)
    return ExecutionResult(data=None, errors=[error], extensions=limits.results())
