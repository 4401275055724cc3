"""Introspection switched off per request when the server's settings say so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ASTValidationRule, GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
Rules = tuple[type[ASTValidationRule], ...]


class CodedNoIntrospection(NoSchemaIntrospectionCustomRule):
    """graphql-core's rule refusing `__schema` and `__type` (fields of introspection types),
    its errors carrying a code so clients can tell this refusal from a mistake."""

    def report_error(self, error: GraphQLError) -> None:
        super().report_error(
            GraphQLError(
                "Introspection is disabled on this server "
                f"(the query selects {error.message.rsplit(' ', 1)[-1].rstrip('.')})",
                error.nodes,
                extensions={"code": INTROSPECTION_DISABLED},
            )
        )


def rules_for(context: Any, rules: Rules) -> Rules:
    """The validation rules for a request: `rules`, and the refusal of introspection when its
    context has `introspection` off."""
    if not getattr(context, "introspection", True):
        return (*rules, CodedNoIntrospection)
    return rules


class IntrospectionSwitch(SchemaExtension):
    """Adds the rule when the request's context has `introspection` off.

    Per request rather than per schema, as the limits are: the schema is built once per
    process. The validation cache keys on the rules too, so a document is validated once with
    and once without the rule, never answered from the other's result.
    """

    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        execution.validation_rules = rules_for(execution.context, execution.validation_rules)
        yield
