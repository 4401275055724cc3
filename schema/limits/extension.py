"""Checks every operation against the limits and its caller's rate limit before it executes;
reports its cost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, GraphQLSchema
from strawberry.extensions import SchemaExtension

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


def _cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
) -> int:
    """The operation's cost, calculated once per document and variables."""
    key = _known_costs.key(schema, document, operation_name, variables)
    cost = None if key is None else _known_costs.get(key, schema, document)
    if cost is None:
        cost = operation_cost(schema, document, operation_name, variables)
        if key is not None:
            _known_costs.put(key, schema, document, cost)
    return cost


class OperationLimits:
    """One operation's limits: the shape before validation (the expensive step for a hostile
    document), the lists and the cost after it (the cost needs a valid document), and the
    caller's rate limit, all before execution."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.limits: QueryLimits = limits_of(context)
        self.cost: int | None = None
        self.lists: ListLiterals | None = None
        self.charge: Charge | None = None

    def check_shape(self, document: DocumentNode) -> None:
        """Refuse a document over the shape limits (remembered per document and limits)."""
        self.lists = _checked_documents.get(document, self.limits)
        if self.lists is None:
            check_shape(document, self.limits)
            self.lists = list_literals(document)
            _checked_documents.put(document, self.limits, self.lists)

    def admit(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> None:
        """Refuse a valid operation over the list or cost limits, or one its caller cannot
        pay for; charge the caller otherwise. Nothing has been coerced or run yet."""
        if self.lists is None:
            return
        check_list_arguments(self.lists, variables, self.limits)
        self.cost = _cost(schema, document, operation_name, variables)
        report = report_of(self.context)
        if report is not None:
            report.cost = self.cost  # for the request's log line
        if self.cost > self.limits.max_cost:
            raise errors.LimitExceeded(
                errors.QUERY_TOO_COMPLEX,
                f"The query's cost is {self.cost}; at most {self.limits.max_cost} is "
                "allowed (see extensions.cost; ask for fewer items or split the query)",
            )
        self.charge_caller(self.cost)

    def charge_caller(self, cost: int) -> None:
        """Take the cost from the caller's bucket, or refuse the request: mutations too, and
        before anything runs, so a throttled request changes nothing."""
        context = self.context
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

    def results(self) -> dict[str, Any]:
        """The response's `extensions` entry: the cost, once calculated."""
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


class QueryLimiter(SchemaExtension):
    """OperationLimits as Strawberry's hooks (subscriptions' and the standard path's).

    Must come before the validation cache in the schema's extensions: hooks enter in that
    order, and the shape must be checked before validation starts.
    """

    def __init__(self) -> None:
        super().__init__()
        self.operation: OperationLimits | None = None

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        self.operation = OperationLimits(self.execution_context.context)
        if document is not None:
            self.operation.check_shape(document)
        yield

    def on_execute(self) -> Iterator[None]:
        # Reached only with a valid document: graphql-core has not coerced or run anything.
        context = self.execution_context
        document = context.graphql_document
        if isinstance(document, DocumentNode) and self.operation is not None:
            self.operation.admit(
                context.schema._schema, document, context.operation_name, context.variables
            )
        yield

    def get_results(self) -> dict[str, Any]:
        return {} if self.operation is None else self.operation.results()
