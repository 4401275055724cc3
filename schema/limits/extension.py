"""Checks every request against the limits and its caller's rate limit before it executes;
reports its cost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, GraphQLSchema
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from resolvers.query_limits import QueryLimits, limits_of
from resolvers.rate_limit import Charge, buckets_of, caller_key
from schema.limits import errors
from schema.limits.checked_documents import CheckedDocuments
from schema.limits.cost import operation_cost
from schema.limits.known_costs import KnownCosts
from schema.limits.list_arguments import ListLiterals, check_list_arguments, list_literals
from schema.limits.shape import check_shape
from schema.operation_report import report_of

# Per process: the parser cache gives every request with the same text the same document.
_checked_documents = CheckedDocuments(maxsize=256)
_known_costs = KnownCosts(maxsize=1024)


def _cost(schema: GraphQLSchema, document: DocumentNode, context: ExecutionContext) -> int:
    """The operation's cost, calculated once per document and variables."""
    key = _known_costs.key(schema, document, context.operation_name, context.variables)
    cost = None if key is None else _known_costs.get(key, schema, document)
    if cost is None:
        cost = operation_cost(schema, document, context.operation_name, context.variables)
        if key is not None:
            _known_costs.put(key, schema, document, cost)
    return cost


class QueryLimiter(SchemaExtension):
    """Shape limits before validation (the expensive step for a hostile document), list and
    cost limits after it (the cost needs a valid document), all before execution.

    Must come before the parser and validation caches in the schema's extensions: hooks
    enter in that order, and the shape must be checked before validation starts.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cost: int | None = None
        self.lists: ListLiterals | None = None
        self.charge: Charge | None = None

    @property
    def limits(self) -> QueryLimits:
        return limits_of(self.execution_context.context)

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        if document is not None:
            self.lists = _checked_documents.get(document, self.limits)
            if self.lists is None:
                check_shape(document, self.limits)
                self.lists = list_literals(document)
                _checked_documents.put(document, self.limits, self.lists)
        yield

    def on_execute(self) -> Iterator[None]:
        # Reached only with a valid document: graphql-core has not coerced or run anything.
        context = self.execution_context
        document = context.graphql_document
        if isinstance(document, DocumentNode) and self.lists is not None:
            check_list_arguments(self.lists, context.variables, self.limits)
            self.cost = _cost(context.schema._schema, document, context)
            report = report_of(context.context)
            if report is not None:
                report.cost = self.cost  # for the request's log line
            if self.cost > self.limits.max_cost:
                raise errors.LimitExceeded(
                    errors.QUERY_TOO_COMPLEX,
                    f"The query's cost is {self.cost}; at most {self.limits.max_cost} is "
                    "allowed (see extensions.cost; ask for fewer items or split the query)",
                )
            self.charge_caller(self.cost)
        yield

    def charge_caller(self, cost: int) -> None:
        """Take the cost from the caller's bucket, or refuse the request: mutations too, and
        before anything runs, so a throttled request changes nothing."""
        context = self.execution_context.context
        buckets = buckets_of(context)
        if buckets is None:
            return
        key = caller_key(getattr(context, "viewer_or_none", None), getattr(context, "client", None))
        self.charge = buckets.charge(key, cost)
        if not self.charge.accepted:
            wait = self.charge.retry_after_seconds
            raise errors.LimitExceeded(
                errors.THROTTLED,
                f"Rate limit: the query's cost is {cost} and {int(self.charge.available)} of "
                f"{buckets.capacity} points are available, restored at {buckets.per_second} a "
                f"second; retry in {wait:g} s (see extensions)",
                retryAfterSeconds=wait,
                throttleStatus=self.charge.throttle_status(),
            )

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        # As GitHub's and Shopify's APIs report it: what was asked, the ceiling, what is left,
        # and the caller's bucket.
        cost: dict[str, Any] = {
            "requestedQueryCost": self.cost,
            "maximumAvailable": self.limits.max_cost,
            "remaining": max(self.limits.max_cost - self.cost, 0),
        }
        if self.charge is not None:
            cost["throttleStatus"] = self.charge.throttle_status()
        return {"cost": cost}
