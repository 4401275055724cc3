"""Validation cached by the parsed document's identity and the rules it was checked with.

Strawberry's ValidationCache keys an lru_cache on the document itself, and graphql-core
hashes a document by walking its whole syntax tree on every lookup: a tenth of a `node(id)`
request's execution. The parser cache (schema/limits/parsing.py) hands the same document
object out for the same query text, so its identity is key enough, as long as the entry
keeps the document alive (an id is unique only among living objects).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

Rules = tuple[type[ASTValidationRule], ...]


class DocumentValidations:
    """The errors of the last `maxsize` (document, rules) validated, least recent out first."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[int, Rules], tuple[DocumentNode, list[GraphQLError]]]
        self._entries = OrderedDict()

    def errors(
        self, schema: GraphQLSchema, document: DocumentNode, rules: Rules
    ) -> list[GraphQLError]:
        """The document's validation errors under `rules` (validated once, then remembered)."""
        key = (id(document), rules)
        hit = self._entries.get(key)
        if hit is not None and hit[0] is document:
            self._entries.move_to_end(key)
            return hit[1]
        errors = validate_document(schema, document, rules)
        self._entries[key] = (document, errors)
        if len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return errors


class ValidationByDocument(SchemaExtension):
    """Validates through a DocumentValidations shared by every request."""

    def __init__(self, validations: DocumentValidations) -> None:
        super().__init__()
        self.validations = validations

    def on_validate(self) -> Iterator[None]:
        context: Any = self.execution_context
        context.pre_execution_errors = self.validations.errors(
            context.schema._schema, context.graphql_document, context.validation_rules
        )
        yield
