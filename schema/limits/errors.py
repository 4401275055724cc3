"""The errors a rejected request gets: a GraphQL error with a documented code."""

from __future__ import annotations

from graphql import GraphQLError

# Codes (README: Limits and cost); every rejection changes nothing, nothing has run.
QUERY_TOO_LARGE = "QUERY_TOO_LARGE"  # body, query text, tokens or fields
QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
TOO_MANY_DIRECTIVES = "TOO_MANY_DIRECTIVES"
TOO_MANY_ROOT_FIELDS = "TOO_MANY_ROOT_FIELDS"
TOO_MANY_ITEMS = "TOO_MANY_ITEMS"  # a list argument or variable
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"  # calculated cost
THROTTLED = "THROTTLED"  # the caller's rate limit: its cost does not fit in its bucket now


class LimitExceeded(GraphQLError):
    """A request over one of the limits; raised before execution, shown as it is."""

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message, extensions={"code": code, **details})
        self.code = code
