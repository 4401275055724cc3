"""Parsing, bounded before and during the parse, with the parsed documents cached."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from graphql import DocumentNode, GraphQLSyntaxError, parse
from strawberry.extensions import SchemaExtension

from resolvers.query_limits import QueryLimits, limits_of
from schema.limits import errors

PARSED_DOCUMENTS = 256
# One cache for the process: every request with the same text gets the same document object,
# which the caches keyed by a document's identity (validation, shape, cost, plans) rely on.
_parse = lru_cache(maxsize=PARSED_DOCUMENTS)(parse)


def parse_within_limits(query: str, limits: QueryLimits) -> DocumentNode:
    """The query's document, refusing an oversized text before parsing it and stopping
    graphql-core's parser at `max_tokens` (the option MaxTokensLimiter sets), so a
    100k-alias document costs a few milliseconds of lexing, not a full parse.

    The parser's own token error is uncoded, so it is re-raised with QUERY_TOO_LARGE. A
    document nested beyond Python's recursion limit fails the parser the same way:
    QUERY_TOO_DEEP.
    """
    if len(query) > limits.max_document_bytes:
        raise errors.LimitExceeded(
            errors.QUERY_TOO_LARGE,
            f"The query has {len(query)} characters; "
            f"at most {limits.max_document_bytes} are allowed",
        )
    try:
        return _parse(query, max_tokens=limits.max_tokens)
    except GraphQLSyntaxError as error:
        if "tokens. Parsing aborted" in error.message:
            raise errors.LimitExceeded(
                errors.QUERY_TOO_LARGE, f"The query has more than {limits.max_tokens} tokens"
            ) from None
        if "nested too deeply" in error.message:
            raise errors.LimitExceeded(
                errors.QUERY_TOO_DEEP, "The query is nested too deeply"
            ) from None
        raise
    except RecursionError:
        raise errors.LimitExceeded(
            errors.QUERY_TOO_DEEP, "The query is nested too deeply"
        ) from None


class BoundedParsing(SchemaExtension):
    """Strawberry's parse step (subscriptions'), through parse_within_limits."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.graphql_document = parse_within_limits(
            context.query or "", limits_of(context.context)
        )
        yield
