"""The assembled schema with its extensions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from resolvers.live.context import LiveContext
from schema.error_policy import apply_error_policy
from schema.execution.direct import execute_directly
from schema.execution.executor import CompilingExecutionContext
from schema.introspection import IntrospectionSwitch
from schema.limits.extension import QueryLimiter
from schema.limits.parsing import BoundedParsing
from schema.live_results import live_results, refused
from schema.mutation import Mutation
from schema.operation_report import ReportOperation, report_of
from schema.query import Query
from schema.request_lifecycle import ReleaseConnection, RouteReads
from schema.scalars import SCALAR_MAP
from schema.subscription import Subscription
from schema.validation_cache import DocumentValidations, ValidationByDocument


class SlotgraphSchema(strawberry.Schema):
    """The schema, with the error policy applied to every result whatever failed where.

    A request whose context runs compiled plans (an HTTP request's, unless
    SLOTGRAPH_COMPILED=0) skips Strawberry's extension runner (schema/execution/direct.py);
    everything else, subscriptions included, runs through the extensions, which call the
    same steps.
    """

    def __init__(self, *args: Any, validations: DocumentValidations, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validations = validations

    async def execute(  # Strawberry's signature
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        if getattr(context_value, "compiled", False) and root_value is None:
            result = await execute_directly(
                self,
                self.validations,
                query,
                variable_values,
                context_value,
                operation_name,
                DEFAULT_ALLOWED_OPERATION_TYPES
                if allowed_operation_types is None
                else allowed_operation_types,
                operation_extensions,
            )
        else:
            result = await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed_operation_types,
                operation_extensions,
            )
        # Some pre-execution failures (e.g. syntax errors) bypass operation extensions, so
        # the policy wraps execution itself.
        return apply_error_policy(result, report_of(context_value))

    async def stream(  # the WebSocket handlers' entry point
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> Any:
        if not isinstance(context_value, LiveContext):
            return await super().stream(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                operation_extensions,
                allowed_operation_types,
            )
        # A connection's operations each get a context of their own; over WebSocket only
        # subscriptions run (queries and mutations go over HTTP, with its admission and rules).
        context = context_value.for_operation()
        refusal = context.admit(context.viewer_or_none, query) if context.admit else None
        if refusal is not None:
            return refused(refusal[1], refusal[0], context)
        source = await super().stream(
            query,
            variable_values,
            context,
            root_value,
            operation_name,
            operation_extensions,
            (OperationType.SUBSCRIPTION,),
        )
        return live_results(source, context)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Strawberry logs every error with its traceback and text at ERROR. Here a client's
        # error is a code in the request's log line (server/request_log.py) and only an
        # unexpected one gets a line of its own, with an error id (schema/error_policy.py).
        return


def build_schema() -> SlotgraphSchema:
    """The slotgraph schema (queries run as compiled plans unless the context says not).

    Every request is held to its context's limits before it executes (schema/limits/), and
    refused introspection when its context has it off.
    """
    validations = DocumentValidations(maxsize=256)
    return SlotgraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        # The steps of schema/execution/direct.py, as Strawberry's hooks.
        extensions=[
            ReportOperation,
            ReleaseConnection,
            RouteReads,
            # Adds its rule on entering the operation, before validation (cached) reads the rules.
            IntrospectionSwitch,
            # Before the caches: the shape is checked before validation starts.
            QueryLimiter,
            BoundedParsing,
            lambda: ValidationByDocument(validations),
        ],
        validations=validations,
        config=StrawberryConfig(relay_max_results=100, scalar_map=SCALAR_MAP),
        execution_context_class=CompilingExecutionContext,
    )


schema = build_schema()
