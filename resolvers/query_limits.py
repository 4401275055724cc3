"""The limits a request carries in its context, and their defaults (settings override them:
server/settings.py; schema/limits/ checks them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """What one request may ask for, and how much cost a caller may spend over time; every
    limit is checked before anything executes.

    Defaults leave every shared operation (graphql/operations/) far below each limit: the
    largest cost is CalendarWeek's 8,429 (GraphiQL's introspection ~17,000), the deepest
    selection 15 levels (introspection; operations at most 6), the most fields 60.
    """

    # The calculated cost of the operation (schema/limits/cost.py).
    max_cost: int = 50_000
    # Nesting of field selections, fragments expanded.
    max_depth: int = 20
    # Aliased fields, fragments expanded (each alias of a root field repeats its cost).
    max_aliases: int = 30
    # Lexical tokens: graphql-core's parser stops there, so a huge document is not parsed.
    max_tokens: int = 3_000
    # Field selections written in the document; graphql-core's validation is quadratic in
    # repeated same-named fields, so their number is bounded before validation runs.
    max_fields: int = 200
    # Fields repeating a response name already selected at their level (fragments
    # expanded): validation compares those pairwise, so they are bounded separately.
    max_repeated_fields: int = 30
    # Directives used (each @skip/@include is validated and evaluated).
    max_directives: int = 50
    # Top-level fields of the operation.
    max_root_fields: int = 20
    # Characters of the query text, checked before parsing.
    max_document_bytes: int = 64 * 1024
    # Bytes of an HTTP request body, checked while it arrives (server/body_limit.py).
    max_body_bytes: int = 256 * 1024
    # Items of any list in arguments or variables (bulk mutations keep their own cap of 100).
    max_list_items: int = 1_000
    # Ids given to `nodes(ids:)`.
    max_node_ids: int = 100
    # The rate limit (resolvers/rate_limit.py): each caller's bucket of cost points, charged
    # every request's cost and refilled at `rate_per_second`. CalendarWeek (8,429) refreshed
    # every 2 s uses 4,215 a second; a script asking for it nonstop (~28 a second) empties a
    # full bucket in about half a second and then gets one every 1.7 s. The capacity is at
    # least max_cost: a cost allowed per request must fit in a full bucket.
    rate_limited: bool = True
    rate_capacity: int = 100_000
    rate_per_second: int = 5_000

    def __post_init__(self) -> None:
        if self.rate_limited and self.rate_capacity < self.max_cost:
            raise ValueError(
                f"the rate limit's capacity ({self.rate_capacity}) must be at least the "
                f"maximum cost ({self.max_cost}), or a request allowed that cost never fits"
            )


DEFAULT_LIMITS = QueryLimits()


def limits_of(context: object) -> QueryLimits:
    """The limits a request's context carries (the server's settings), else the defaults.

    Per request rather than per schema: the schema is built once per process (Strawberry's
    relay fields cannot be built into a second schema), while tests and apps vary limits.
    """
    limits = getattr(context, "limits", None)
    return limits if isinstance(limits, QueryLimits) else DEFAULT_LIMITS
