"""Parsing with the parser cache, bounded before and during the parse."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLSyntaxError
from strawberry.extensions import ParserCache

from resolvers.query_limits import limits_of
from schema.limits import errors


class BoundedParserCache(ParserCache):
    """ParserCache that refuses an oversized query text before parsing it and stops
    graphql-core's parser at `max_tokens` (the same option MaxTokensLimiter sets), so a
    100k-alias document costs a few milliseconds of lexing, not a full parse.

    The parser's own token error is uncoded and, raised from this hook, bypasses the
    operation's error handling, so it is re-raised here with QUERY_TOO_LARGE. A document
    nested beyond Python's recursion limit fails the parser the same way: QUERY_TOO_DEEP.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        self.limits = limits_of(context.context)
        query = context.query or ""
        if len(query) > self.limits.max_document_bytes:
            raise errors.LimitExceeded(
                errors.QUERY_TOO_LARGE,
                f"The query has {len(query)} characters; "
                f"at most {self.limits.max_document_bytes} are allowed",
            )
        context.parse_options["max_tokens"] = self.limits.max_tokens
        try:
            yield from super().on_parse()
        except GraphQLSyntaxError as error:
            if "tokens. Parsing aborted" in error.message:
                raise errors.LimitExceeded(
                    errors.QUERY_TOO_LARGE,
                    f"The query has more than {self.limits.max_tokens} tokens",
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
